// Defect: Allow is a Wait with a 1ms timeout, so an Allow that finds no token blocks for 1ms.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import (
	"context"
	"time"
)

// Allow reports whether a request may go ahead now, and if so takes a
// token. It never blocks. It returns false once the limiter is stopped.
func (l *RateLimiter) Allow() bool {
	// BUG: blocks for up to 1ms instead of returning at once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	return l.Wait(ctx) == nil
}
