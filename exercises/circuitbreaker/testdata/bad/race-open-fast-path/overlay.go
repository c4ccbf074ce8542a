// Defect: Execute rejects calls on an open breaker in a fast path that reads the breaker's fields before taking the lock.
package circuitbreaker

import "time"

// Execute calls fn if the breaker lets the call through and returns fn's
// error unchanged; a nil error is a success, any other a failure. If the
// breaker is open, or half-open with its trial call already running, Execute
// returns [ErrOpen] without calling fn. fn runs without the breaker's lock
// held, so calls through a closed breaker run concurrently. A panic in fn
// counts as a failure and is passed on.
func (cb *CircuitBreaker) Execute(fn func() error) error {
	// Fast path: reject without the lock while clearly open.
	if cb.open && !cb.trial && time.Since(cb.openedAt) < cb.resetTimeout {
		return ErrOpen
	}
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
