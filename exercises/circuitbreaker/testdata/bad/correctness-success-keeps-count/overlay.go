// Defect: A success through a closed breaker does not reset the count of consecutive failures.
package circuitbreaker

import "time"

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
	case success:
		// Nothing to do.
	default:
		cb.failures++
		if cb.failures >= cb.threshold {
			cb.setOpen(time.Now())
		}
	}
}
