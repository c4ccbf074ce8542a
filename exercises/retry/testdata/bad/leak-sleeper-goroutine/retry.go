// Defect: Do waits by sleeping in a helper goroutine; when ctx is done during a wait, Do returns and leaves the helper sleeping.

// Package retry calls a function until it succeeds, with exponential
// backoff and jitter between attempts.
package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Policy says how often and how patiently [Do] retries.
type Policy struct {
	// MaxAttempts is the largest number of calls to fn, the first
	// included. Values below 1 mean 1.
	MaxAttempts int
	// BaseDelay is the nominal delay before the second attempt.
	BaseDelay time.Duration
	// MaxDelay caps every delay; 0 means no cap.
	MaxDelay time.Duration
	// Multiplier is the factor by which the nominal delay grows after each
	// retry. Values below 1 mean 1.
	Multiplier float64
	// Jitter spreads each delay at random over nominal × [1-Jitter,
	// 1+Jitter]. It is clamped to [0, 1].
	Jitter float64
}

// delay returns the delay to wait after the (k+1)th failed attempt: the
// nominal delay BaseDelay × Multiplier^k, jittered, then capped.
func (p Policy) delay(k int) time.Duration {
	mult := max(p.Multiplier, 1)
	jitter := min(max(p.Jitter, 0), 1)
	d := float64(p.BaseDelay) * math.Pow(mult, float64(k))
	if jitter > 0 {
		d *= 1 + jitter*(2*rand.Float64()-1)
	}
	// Cap in floating point: converting a float64 beyond the range of
	// time.Duration is undefined.
	limit := float64(math.MaxInt64)
	if p.MaxDelay > 0 {
		limit = float64(p.MaxDelay)
	}
	if d >= limit {
		if p.MaxDelay > 0 {
			return p.MaxDelay
		}
		return math.MaxInt64
	}
	return time.Duration(d)
}

// PermanentError marks an error that retrying cannot fix: [Do] returns as
// soon as fn returns an error that wraps one.
type PermanentError struct {
	Err error
}

// Error returns the message of the error it marks.
func (e *PermanentError) Error() string {
	if e.Err == nil {
		return "permanent error"
	}
	return e.Err.Error()
}

// Unwrap returns the error it marks.
func (e *PermanentError) Unwrap() error {
	return e.Err
}

// Permanent marks err as permanent. It returns nil when err is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// Do calls fn until it returns nil, at most p.MaxAttempts times, waiting
// between attempts as p says, and returns nil as soon as fn does. It stops
// retrying when fn returns an error that wraps a [*PermanentError], when
// the attempts run out, and when ctx is done; it then returns an error
// that wraps fn's last error and, when ctx is done, ctx.Err(). When ctx is
// done before the first attempt, Do returns an error wrapping ctx.Err()
// without calling fn.
func Do(ctx context.Context, p Policy, fn func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retry: not attempted: %w", err)
	}
	attempts := max(p.MaxAttempts, 1)
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if perm := (*PermanentError)(nil); errors.As(err, &perm) {
			return fmt.Errorf("retry: permanent error on attempt %d: %w", attempt, err)
		}
		if attempt >= attempts {
			return fmt.Errorf("retry: giving up after %d attempts: %w", attempt, err)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("retry: %w after %d attempts: %w", ctxErr, attempt, err)
		}
		d := p.delay(attempt - 1)
		if d <= 0 {
			continue
		}
		// Sleep in a helper goroutine; if ctx is done first, the helper is
		// left sleeping for the rest of the delay.
		slept := make(chan struct{})
		go func() {
			time.Sleep(d)
			close(slept)
		}()
		select {
		case <-slept:
		case <-ctx.Done():
			return fmt.Errorf("retry: %w after %d attempts: %w", ctx.Err(), attempt, err)
		}
	}
}
