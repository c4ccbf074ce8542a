// Package ratelimiter is a token-bucket rate limiter that is safe for
// concurrent use.
package ratelimiter

import "context"

// A RateLimiter is a token bucket. It holds at most requestsPerSecond
// tokens, starts full, and gains requestsPerSecond tokens per second.
// Allow and Wait take one token per request. A RateLimiter is safe for
// concurrent use.
type RateLimiter struct {
	// TODO
}

// NewRateLimiter returns a full limiter that holds at most
// requestsPerSecond tokens and gains requestsPerSecond tokens per second.
// It panics if requestsPerSecond <= 0.
func NewRateLimiter(requestsPerSecond int) *RateLimiter {
	// TODO
	return &RateLimiter{}
}

// Allow reports whether a request may go ahead now, and if so takes a
// token. It never blocks. It returns false once the limiter is stopped.
func (l *RateLimiter) Allow() bool {
	// TODO
	return false
}

// Wait blocks until it can take a token, and returns nil, or until ctx is
// done, and returns ctx.Err() (at once if ctx is already done), or until
// the limiter is stopped, and returns a non-nil error. A Wait that returns
// an error takes no token.
func (l *RateLimiter) Wait(ctx context.Context) error {
	// TODO
	return nil
}

// Stop stops the limiter: pending and future calls to Wait return an
// error, and Allow returns false. Stop may be called any number of times,
// from any goroutine. Once Stop has returned, every goroutine the limiter
// started has ended.
func (l *RateLimiter) Stop() {
	// TODO
}
