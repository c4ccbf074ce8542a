// Defect: Execute holds the lock while fn runs, so calls through a closed breaker are serialised (and State blocks while a call runs).
package circuitbreaker

import (
	"errors"
	"sync"
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

// ErrOpen is the error [CircuitBreaker.Execute] returns, without calling fn,
// while the breaker is open or while a half-open breaker's trial call is
// running.
var ErrOpen = errors.New("circuitbreaker: circuit breaker is open")

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
	// trial is whether a half-open breaker's trial call is running.
	trial bool
	// generation changes at every transition, so that the outcome of a
	// call admitted before it (say, a slow call that was let through while
	// the breaker was closed and returns after it opened) is ignored.
	generation uint64
}

// NewCircuitBreaker returns a closed breaker that opens after
// failureThreshold consecutive failures and stays open for resetTimeout. It
// panics if failureThreshold <= 0.
func NewCircuitBreaker(failureThreshold int, resetTimeout time.Duration) *CircuitBreaker {
	if failureThreshold <= 0 {
		panic("circuitbreaker: failureThreshold must be positive")
	}
	return &CircuitBreaker{threshold: failureThreshold, resetTimeout: resetTimeout}
}

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

// State reports the breaker's state: half-open once resetTimeout has passed
// since it opened, whether or not a call has come since.
func (cb *CircuitBreaker) State() State {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return cb.stateAt(time.Now())
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

// stateAt is the state at now. The caller holds cb.mu.
func (cb *CircuitBreaker) stateAt(now time.Time) State {
	switch {
	case !cb.open:
		return StateClosed
	case cb.trial || now.Sub(cb.openedAt) >= cb.resetTimeout:
		return StateHalfOpen
	default:
		return StateOpen
	}
}

// setOpen opens the breaker at now. The caller holds cb.mu.
func (cb *CircuitBreaker) setOpen(now time.Time) {
	cb.open, cb.openedAt = true, now
	cb.failures, cb.trial = 0, false
	cb.generation++
}

// setClosed closes the breaker. The caller holds cb.mu.
func (cb *CircuitBreaker) setClosed() {
	cb.open, cb.openedAt = false, time.Time{}
	cb.failures, cb.trial = 0, false
	cb.generation++
}
