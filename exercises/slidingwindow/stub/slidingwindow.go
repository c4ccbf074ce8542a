// Package slidingwindow is a rate limiter for a service that runs on
// several servers: per key, at most a fixed number of requests in any
// window of time, counted across every server through a shared [Store].
package slidingwindow

import (
	"context"
	"time"
)

// Limiter allows at most limit requests per key in any window of time,
// together with every other Limiter on the same Store. It is safe for
// concurrent use.
type Limiter struct {
	// TODO: your fields here.
}

// New returns a limiter that allows at most limit requests per key in any
// window of length window, counting the requests every Limiter sharing
// store has allowed. now is its clock; nil means time.Now. It panics if
// store is nil, limit <= 0 or window <= 0.
func New(store Store, limit int, window time.Duration, now func() time.Time) *Limiter {
	// TODO
	return &Limiter{}
}

// Allow reports whether a request for key is allowed now: whether fewer
// than limit requests for key were allowed in the window ending now. If
// it is, Allow records it in the store, and trims the timestamps that
// have left the window. Errors of the store are returned, with false.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	// TODO
	return true, nil
}
