// Defect: Allow checks for an empty bucket before taking the lock.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import "time"

// Allow reports whether a request may go ahead now, and if so takes a
// token. It never blocks. It returns false once the limiter is stopped.
func (l *RateLimiter) Allow() bool {
	// BUG: reads l.tokens and l.last without l.mu, to skip the lock
	// when the bucket is empty.
	if l.tokens+time.Since(l.last).Seconds()*l.rate < 1 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return false
	}
	ok, _ := l.take(time.Now())
	return ok
}
