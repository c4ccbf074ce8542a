// Defect: Execute wraps fn's error instead of returning it unchanged.
package circuitbreaker

import "fmt"

// Execute calls fn if the breaker lets the call through and returns fn's
// error unchanged; a nil error is a success, any other a failure. If the
// breaker is open, or half-open with its trial call already running, Execute
// returns [ErrOpen] without calling fn. fn runs without the breaker's lock
// held, so calls through a closed breaker run concurrently. A panic in fn
// counts as a failure and is passed on.
func (cb *CircuitBreaker) Execute(fn func() error) error {
	generation, trial, err := cb.admit()
	if err != nil {
		return err
	}
	success := false
	defer func() { cb.record(generation, trial, success) }()
	err = fn()
	success = err == nil
	if err != nil {
		return fmt.Errorf("circuitbreaker: call failed: %w", err)
	}
	return nil
}
