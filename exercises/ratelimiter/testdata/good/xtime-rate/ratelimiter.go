// Good: golang.org/x/time/rate (v0.16.0) copied into the package by hand, behind the exercise's API.

package ratelimiter

import (
	"context"
	"errors"
)

// errStopped is returned by Wait once the limiter is stopped.
var errStopped = errors.New("ratelimiter: limiter stopped")

// RateLimiter is a token bucket: golang.org/x/time/rate's Limiter, with
// a burst of one second's worth of requests, and a Stop.
type RateLimiter struct {
	lim    *Limiter
	ctx    context.Context // done once Stop is called
	cancel context.CancelFunc
}

// NewRateLimiter returns a full limiter of requestsPerSecond tokens that
// gains requestsPerSecond tokens per second. It panics if
// requestsPerSecond <= 0.
func NewRateLimiter(requestsPerSecond int) *RateLimiter {
	if requestsPerSecond <= 0 {
		panic("ratelimiter: NewRateLimiter called with requestsPerSecond <= 0")
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &RateLimiter{lim: NewLimiter(Limit(requestsPerSecond), requestsPerSecond), ctx: ctx, cancel: cancel}
}

// Allow reports whether a request may go ahead now, taking a token if so.
func (l *RateLimiter) Allow() bool {
	return l.ctx.Err() == nil && l.lim.Allow()
}

// Wait blocks until it can take a token, ctx is done or the limiter is
// stopped.
func (l *RateLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.ctx.Err() != nil {
		return errStopped
	}
	if l.lim.Allow() {
		return nil // a token now: what rate's Wait does without a timer
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(l.ctx, cancel)
	defer stop()
	err := l.lim.Wait(wctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case l.ctx.Err() != nil:
		return errStopped
	}
	// rate refuses at once a wait that would outlast ctx's deadline; this
	// API returns ctx.Err() once ctx is done, so wait for that.
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.ctx.Done():
		return errStopped
	}
}

// Stop stops the limiter: pending and later Waits return an error, and
// Allow returns false.
func (l *RateLimiter) Stop() { l.cancel() }
