// Defect: The jitter comes from one package-level *rand.Rand that concurrent calls to Do share without a lock.

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
	d := float64(p.BaseDelay) * math.Pow(mult, float64(k))
	if jitter > 0 {
		d *= 1 + jitter*(2*rng.Float64()-1)
	}
	// Cap in floating point: converting a float64 beyond the range of
	// time.Duration is undefined.
	limit := float64(math.MaxInt64)
	if p.MaxDelay > 0 {
		limit = float64(p.MaxDelay)
	}
	if d >= limit {
		if p.MaxDelay > 0 {
			return p.MaxDelay
		}
		return math.MaxInt64
	}
	return time.Duration(d)
}

// rng draws the jitter; seeded once, so that runs are reproducible. It is
// not safe for concurrent use, and nothing guards it.
//
//grader:new
var rng = rand.New(rand.NewPCG(1, 2))
