// Defect: Wait checks back every 1ms in a loop instead of sleeping until its token is due, so it wakes up to 1ms late.

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
	for {
		l.mu.Lock()
		if l.stopped {
			l.mu.Unlock()
			return errStopped
		}
		ok, _ := l.take(time.Now())
		l.mu.Unlock()
		if ok {
			return nil
		}

		// BUG: polls. Look again in 1ms, unless ctx is done or the
		// limiter stops meanwhile.
		select {
		case <-time.After(time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return errStopped
		}
	}
}
