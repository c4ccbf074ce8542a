// Package circuitbreaker guards calls to a dependency that may fail: after
// too many consecutive failures it stops calling it for a while, then lets a
// single trial call through to see whether it has recovered.
package circuitbreaker

import (
	"errors"
	"time"
)

// State is the state of a [CircuitBreaker].
type State int

// The states of a [CircuitBreaker].
const (
	// StateClosed lets every call through and counts consecutive failures.
	StateClosed State = iota
	// StateHalfOpen lets a single trial call through; its outcome decides
	// whether the breaker closes or opens again.
	StateHalfOpen
	// StateOpen rejects every call with [ErrOpen] without running it.
	StateOpen
)

// ErrOpen is returned (or wrapped) by [CircuitBreaker.Execute] when it
// rejects a call without running it.
var ErrOpen = errors.New("circuitbreaker: circuit breaker is open")

// CircuitBreaker guards calls to a dependency. It must be safe for
// concurrent use.
type CircuitBreaker struct {
	// TODO
}

// NewCircuitBreaker returns a closed breaker that opens after
// failureThreshold consecutive failures and stays open for resetTimeout. It
// panics if failureThreshold <= 0.
func NewCircuitBreaker(failureThreshold int, resetTimeout time.Duration) *CircuitBreaker {
	// TODO
	return &CircuitBreaker{}
}

// Execute runs fn if the breaker lets the call through, and returns fn's
// error unchanged (nil is a success, anything else a failure).
//
//   - Closed: fn runs; calls run concurrently. failureThreshold consecutive
//     failures open the breaker; a success resets the count.
//   - Open: Execute returns an error e with errors.Is(e, ErrOpen) without
//     calling fn.
//   - Half-open (resetTimeout has passed since the breaker opened): exactly
//     one trial call runs fn; other calls get ErrOpen while it runs. If the
//     trial succeeds the breaker closes; if it fails the breaker opens again
//     for another resetTimeout.
func (cb *CircuitBreaker) Execute(fn func() error) error {
	// TODO
	return nil
}

// State reports the breaker's state. An open breaker reports
// [StateHalfOpen] once resetTimeout has passed since it opened, even if no
// call has come since.
func (cb *CircuitBreaker) State() State {
	// TODO
	return StateClosed
}
