// Defect: Stop closes the done channel unconditionally, so a second Stop panics.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

// Stop stops the limiter: pending and future calls to Wait return an
// error, and Allow returns false. Stop may be called any number of times,
// from any goroutine.
func (l *RateLimiter) Stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	close(l.done) // BUG: panics when l.done is already closed
}
