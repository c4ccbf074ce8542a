// Defect: Wait checks back every 10ms in a loop instead of sleeping until its token is due, so it wakes up to 10ms late.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errStopped is returned by [RateLimiter.Wait] once the limiter is stopped.
var errStopped = errors.New("ratelimiter: limiter stopped")

// A RateLimiter is a token bucket. It holds at most requestsPerSecond
// tokens, starts full, and gains requestsPerSecond tokens per second.
// Allow and Wait take one token per request. A RateLimiter is safe for
// concurrent use.
type RateLimiter struct {
	rate float64       // tokens gained per second, and the bucket's capacity
	done chan struct{} // closed by Stop

	mu      sync.Mutex
	tokens  float64   // may hold a fraction of a token
	last    time.Time // when the tokens were last credited
	stopped bool
}

// NewRateLimiter returns a full limiter that holds at most
// requestsPerSecond tokens and gains requestsPerSecond tokens per second.
// It panics if requestsPerSecond <= 0.
func NewRateLimiter(requestsPerSecond int) *RateLimiter {
	if requestsPerSecond <= 0 {
		panic("ratelimiter: NewRateLimiter called with requestsPerSecond <= 0")
	}
	rate := float64(requestsPerSecond)
	return &RateLimiter{
		rate:   rate,
		done:   make(chan struct{}),
		tokens: rate,
		last:   time.Now(),
	}
}

// Allow reports whether a request may go ahead now, and if so takes a
// token. It never blocks. It returns false once the limiter is stopped.
func (l *RateLimiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return false
	}
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

		_ = delay
		// BUG: polls. Look again in 10ms, unless ctx is done or the
		// limiter stops meanwhile. (A 1ms poll fails the same correctness
		// test, but 1000 Waits polling every 1ms, in
		// BenchmarkLatency_AllowWithPendingWaits, slow Allow down with
		// lock contention now and then, so it would not target one suite.)
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return errStopped
		}
	}
}

// Stop stops the limiter: pending and future calls to Wait return an
// error, and Allow returns false. Stop may be called any number of times,
// from any goroutine.
func (l *RateLimiter) Stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.stopped = true
		close(l.done)
	}
}

// take credits the tokens earned up to now and takes one if there is one.
// If there is none, it reports how long until the next one is due. l.mu
// must be held.
func (l *RateLimiter) take(now time.Time) (ok bool, delay time.Duration) {
	earned := now.Sub(l.last).Seconds() * l.rate
	l.tokens = min(l.rate, l.tokens+earned)
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true, 0
	}
	// Round up, so that the token is there when the timer fires.
	return false, time.Duration((1-l.tokens)/l.rate*float64(time.Second)) + 1
}
