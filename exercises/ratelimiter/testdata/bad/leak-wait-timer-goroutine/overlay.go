// Defect: Wait sleeps in a goroutine that sends on an unbuffered channel, so a Wait that gives up leaves it blocked forever.

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
		ok, delay := l.take(time.Now())
		l.mu.Unlock()
		if ok {
			return nil
		}

		due := make(chan struct{}) // BUG: unbuffered, and nobody receives once Wait gives up
		go func() {
			time.Sleep(delay)
			due <- struct{}{}
		}()
		select {
		case <-due:
			// A token is due: try again. Another caller may take it
			// first, in which case this one waits for the next.
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return errStopped
		}
	}
}
