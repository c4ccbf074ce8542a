// Defect: The breaker keeps every outcome since it last closed and rescans them all on each call to count the trailing failures.
package circuitbreaker

import (
	"sync"
	"time"
)

// CircuitBreaker guards calls to a dependency. It is safe for concurrent use
// and starts no goroutines.
type CircuitBreaker struct {
	threshold    int
	resetTimeout time.Duration

	mu sync.Mutex
	// open is whether the breaker has opened and not closed since. An open
	// breaker is half-open once resetTimeout has passed since openedAt.
	open     bool
	openedAt time.Time
	// failures counts consecutive failures while closed.
	failures int
	// history holds the outcome of every call since the breaker last
	// changed state, oldest first.
	history []bool
	// trial is whether a half-open breaker's trial call is running.
	trial bool
	// generation changes at every transition, so that the outcome of a
	// call admitted before it (say, a slow call that was let through while
	// the breaker was closed and returns after it opened) is ignored.
	generation uint64
}

// record takes the outcome of a call admitted in the given generation.
func (cb *CircuitBreaker) record(generation uint64, trial, success bool) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if generation != cb.generation {
		return
	}
	switch {
	case trial && success:
		cb.setClosed()
	case trial:
		cb.setOpen(time.Now())
	default:
		cb.history = append(cb.history, success)
		cb.failures = 0
		for _, ok := range cb.history {
			if ok {
				cb.failures = 0
			} else {
				cb.failures++
			}
		}
		if cb.failures >= cb.threshold {
			cb.setOpen(time.Now())
		}
	}
}

// setOpen opens the breaker at now. The caller holds cb.mu.
func (cb *CircuitBreaker) setOpen(now time.Time) {
	cb.open, cb.openedAt = true, now
	cb.failures, cb.trial = 0, false
	cb.history = nil
	cb.generation++
}

// setClosed closes the breaker. The caller holds cb.mu.
func (cb *CircuitBreaker) setClosed() {
	cb.open, cb.openedAt = false, time.Time{}
	cb.failures, cb.trial = 0, false
	cb.history = nil
	cb.generation++
}
