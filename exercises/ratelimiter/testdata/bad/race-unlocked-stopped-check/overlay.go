// Defect: Allow and Wait read the stopped flag before taking the lock.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import (
	"context"
	"time"
)

// Allow reports whether a request may go ahead now, and if so takes a
// token. It never blocks. It returns false once the limiter is stopped.
func (l *RateLimiter) Allow() bool {
	if l.stopped { // BUG: read without l.mu
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ok, _ := l.take(time.Now())
	return ok
}

// Wait blocks until it can take a token, and returns nil, or until ctx is
// done, and returns ctx.Err(), or until the limiter is stopped, and returns
// a non-nil error. A Wait that returns an error takes no token.
func (l *RateLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for {
		if l.stopped { // BUG: read without l.mu
			return errStopped
		}
		l.mu.Lock()
		ok, delay := l.take(time.Now())
		l.mu.Unlock()
		if ok {
			return nil
		}

		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
			// A token is due: try again. Another caller may take it
			// first, in which case this one waits for the next.
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-l.done:
			timer.Stop()
			return errStopped
		}
	}
}
