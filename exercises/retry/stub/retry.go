// Package retry calls a function until it succeeds, with exponential
// backoff and jitter between attempts.
package retry

import (
	"context"
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

// PermanentError marks an error that retrying cannot fix: [Do] returns as
// soon as fn returns an error that wraps one.
type PermanentError struct {
	Err error
}

// Error returns the message of the error it marks.
func (e *PermanentError) Error() string {
	// TODO: implement.
	return ""
}

// Unwrap returns the error it marks.
func (e *PermanentError) Unwrap() error {
	// TODO: implement.
	return nil
}

// Permanent marks err as permanent. It returns nil when err is nil.
func Permanent(err error) error {
	// TODO: implement.
	return nil
}

// Do calls fn until it returns nil, at most p.MaxAttempts times, waiting
// between attempts as p says, and returns nil as soon as fn does. It stops
// retrying when fn returns an error that wraps a [*PermanentError], when
// the attempts run out, and when ctx is done; it then returns an error
// that wraps fn's last error and, when ctx is done, ctx.Err(). When ctx is
// done before the first attempt, Do returns an error wrapping ctx.Err()
// without calling fn.
func Do(ctx context.Context, p Policy, fn func(ctx context.Context) error) error {
	// TODO: implement.
	return nil
}
