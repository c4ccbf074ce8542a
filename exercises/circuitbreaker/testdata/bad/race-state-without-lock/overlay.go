// Defect: State reads the breaker's fields without holding the lock.
package circuitbreaker

import "time"

// State reports the breaker's state: half-open once resetTimeout has passed
// since it opened, whether or not a call has come since.
func (cb *CircuitBreaker) State() State {
	return cb.stateAt(time.Now())
}
