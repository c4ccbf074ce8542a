// Defect: Execute holds the lock while fn runs, so calls through a closed breaker are serialised (and State blocks while a call runs).
package circuitbreaker

import "time"

// Execute calls fn if the breaker lets the call through and returns fn's
// error unchanged; a nil error is a success, any other a failure. If the
// breaker is open, or half-open with its trial call already running, Execute
// returns [ErrOpen] without calling fn. fn runs without the breaker's lock
// held, so calls through a closed breaker run concurrently. A panic in fn
// counts as a failure and is passed on.
func (cb *CircuitBreaker) Execute(fn func() error) error {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	generation, trial, err := cb.admit()
	if err != nil {
		return err
	}
	success := false
	defer func() { cb.record(generation, trial, success) }()
	err = fn()
	success = err == nil
	return err
}

// admit decides whether a call may run. It returns the generation the call
// belongs to and whether it is the half-open breaker's trial call.
func (cb *CircuitBreaker) admit() (generation uint64, trial bool, err error) {
	switch cb.stateAt(time.Now()) {
	case StateClosed:
		return cb.generation, false, nil
	case StateHalfOpen:
		if cb.trial {
			return 0, false, ErrOpen
		}
		cb.trial = true
		return cb.generation, true, nil
	default:
		return 0, false, ErrOpen
	}
}

// record takes the outcome of a call admitted in the given generation.
func (cb *CircuitBreaker) record(generation uint64, trial, success bool) {
	if generation != cb.generation {
		return
	}
	switch {
	case trial && success:
		cb.setClosed()
	case trial:
		cb.setOpen(time.Now())
	case success:
		cb.failures = 0
	default:
		cb.failures++
		if cb.failures >= cb.threshold {
			cb.setOpen(time.Now())
		}
	}
}
