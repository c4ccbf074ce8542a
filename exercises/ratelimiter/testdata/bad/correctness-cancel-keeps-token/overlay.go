// Defect: a Wait that gives up keeps the token it reserved, so the token is lost.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import (
	"context"
	"time"
)

// Wait blocks until it can take a token, and returns nil, or until ctx is
// done, and returns ctx.Err(), or until the limiter is stopped, and returns
// a non-nil error. A Wait that returns an error takes no token.
func (l *RateLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return errStopped
	}
	ok, _ := l.take(time.Now())
	if ok {
		l.mu.Unlock()
		return nil
	}
	// Reserve the next token that is not yet spoken for: the count goes
	// below zero, one per pending Wait, and this Wait sleeps until the
	// count is back to zero.
	l.tokens--
	delay := time.Duration(-l.tokens/l.rate*float64(time.Second)) + 1
	l.mu.Unlock()

	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil // the reserved token is ours
	case <-ctx.Done():
		return ctx.Err() // BUG: the reserved token is not given back
	case <-l.done:
		return errStopped
	}
}
