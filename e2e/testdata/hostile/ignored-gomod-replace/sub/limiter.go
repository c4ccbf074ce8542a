// Defect: Stop does not end the goroutine that refills the bucket on every tick.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise:
// a bucket refilled by a ticker goroutine, with waiters woken by a broadcast
// channel.
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
// tokens, starts full, and gains one token every 1/requestsPerSecond.
type RateLimiter struct {
	mu       sync.Mutex
	tokens   int
	capacity int
	refilled chan struct{} // closed and replaced whenever a token is added
	stopped  bool
	done     chan struct{} // closed by Stop
}

// NewRateLimiter returns a full limiter. It panics if requestsPerSecond <= 0.
func NewRateLimiter(requestsPerSecond int) *RateLimiter {
	if requestsPerSecond <= 0 {
		panic("ratelimiter: NewRateLimiter called with requestsPerSecond <= 0")
	}
	l := &RateLimiter{
		tokens:   requestsPerSecond,
		capacity: requestsPerSecond,
		refilled: make(chan struct{}),
		done:     make(chan struct{}),
	}
	interval := max(time.Second/time.Duration(requestsPerSecond), time.Nanosecond)
	go l.refill(time.NewTicker(interval))
	return l
}

// refill adds a token on every tick.
func (l *RateLimiter) refill(ticker *time.Ticker) {
	for range ticker.C { // BUG: never returns, not even after Stop
		l.mu.Lock()
		if l.tokens < l.capacity {
			l.tokens++
			close(l.refilled)
			l.refilled = make(chan struct{})
		}
		l.mu.Unlock()
	}
}

// Allow reports whether a request may go ahead now, and if so takes a
// token.
func (l *RateLimiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped || l.tokens == 0 {
		return false
	}
	l.tokens--
	return true
}

// Wait blocks until it can take a token, until ctx is done or until the
// limiter is stopped.
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
		if l.tokens > 0 {
			l.tokens--
			l.mu.Unlock()
			return nil
		}
		refilled := l.refilled
		l.mu.Unlock()
		select {
		case <-refilled:
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return errStopped
		}
	}
}

// Stop stops the limiter.
func (l *RateLimiter) Stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.stopped = true
		close(l.done)
	}
}
