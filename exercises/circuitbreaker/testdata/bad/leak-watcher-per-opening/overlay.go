// Defect: Every opening starts a watcher goroutine that half-opens the breaker when resetTimeout has passed, then waits forever for a stop signal that never comes.
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
	// trial is whether a half-open breaker's trial call is running.
	trial bool
	// halfOpen is whether the watcher has seen resetTimeout pass.
	halfOpen bool
	// done would stop the watchers; nothing closes it.
	done chan struct{}
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
	return &CircuitBreaker{threshold: failureThreshold, resetTimeout: resetTimeout, done: make(chan struct{})}
}

// stateAt is the state at now. The caller holds cb.mu.
func (cb *CircuitBreaker) stateAt(now time.Time) State {
	switch {
	case !cb.open:
		return StateClosed
	case cb.trial || cb.halfOpen:
		return StateHalfOpen
	default:
		return StateOpen
	}
}

// setOpen opens the breaker at now. The caller holds cb.mu.
func (cb *CircuitBreaker) setOpen(now time.Time) {
	cb.open, cb.openedAt, cb.halfOpen = true, now, false
	cb.failures, cb.trial = 0, false
	cb.generation++
	go cb.watch(cb.generation)
}

// watch half-opens the breaker when resetTimeout has passed since it opened
// in the given generation.
//
//grader:new
func (cb *CircuitBreaker) watch(generation uint64) {
	timer := time.NewTimer(cb.resetTimeout)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			cb.mu.Lock()
			if cb.generation == generation {
				cb.halfOpen = true
			}
			cb.mu.Unlock()
		case <-cb.done:
			return
		}
	}
}

// setClosed closes the breaker. The caller holds cb.mu.
func (cb *CircuitBreaker) setClosed() {
	cb.open, cb.openedAt, cb.halfOpen = false, time.Time{}, false
	cb.failures, cb.trial = 0, false
	cb.generation++
}
