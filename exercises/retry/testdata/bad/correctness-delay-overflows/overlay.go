// Defect: The nominal delay is computed in time.Duration integer arithmetic before it is capped, so after many attempts it overflows to a negative delay and Do stops waiting.

package retry

import (
	"math"
	"math/rand/v2"
	"time"
)

// delay returns the delay to wait after the (k+1)th failed attempt: the
// nominal delay BaseDelay × Multiplier^k, jittered, then capped.
func (p Policy) delay(k int) time.Duration {
	mult := max(p.Multiplier, 1)
	jitter := min(max(p.Jitter, 0), 1)
	// The factor in thousandths, then integer arithmetic on time.Duration:
	// BaseDelay × factor overflows once the nominal delay passes about 106 days.
	factor := time.Duration(math.Round(math.Pow(mult, float64(k)) * 1000))
	d := p.BaseDelay * factor / 1000
	if jitter > 0 {
		d = time.Duration(float64(d) * (1 + jitter*(2*rand.Float64()-1)))
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		return p.MaxDelay
	}
	return d
}
