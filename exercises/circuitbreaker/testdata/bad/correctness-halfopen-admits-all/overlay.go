// Defect: A half-open breaker lets every caller through instead of a single trial call.
package circuitbreaker

import "time"

// admit decides whether a call may run. It returns the generation the call
// belongs to and whether it is the half-open breaker's trial call.
func (cb *CircuitBreaker) admit() (generation uint64, trial bool, err error) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	switch cb.stateAt(time.Now()) {
	case StateClosed:
		return cb.generation, false, nil
	case StateHalfOpen:
		cb.trial = true
		return cb.generation, true, nil
	default:
		return 0, false, ErrOpen
	}
}
