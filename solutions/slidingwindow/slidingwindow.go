// Package slidingwindow is a rate limiter for a service that runs on
// several servers: per key, at most a fixed number of requests in any
// window of time, counted across every server through a shared [Store].
package slidingwindow

import (
	"context"
	"fmt"
	"time"
)

// Limiter allows at most limit requests per key in any window of time,
// together with every other Limiter on the same Store. It is safe for
// concurrent use.
type Limiter struct {
	store  Store
	limit  int
	window time.Duration
	now    func() time.Time
}

// New returns a limiter that allows at most limit requests per key in any
// window of length window, counting the requests every Limiter sharing
// store has allowed. now is its clock; nil means time.Now. It panics if
// store is nil, limit <= 0 or window <= 0.
func New(store Store, limit int, window time.Duration, now func() time.Time) *Limiter {
	if store == nil {
		panic("slidingwindow: New: nil store")
	}
	if limit <= 0 || window <= 0 {
		panic(fmt.Sprintf("slidingwindow: New(store, %d, %v, now): limit and window must be positive", limit, window))
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{store: store, limit: limit, window: window, now: now}
}

// Allow reports whether a request for key is allowed now: whether fewer
// than limit requests for key were allowed in the window ending now. If
// it is, Allow records it in the store, and trims the timestamps that
// have left the window. A write that another limiter's write beat is
// tried again on what the store then holds. Errors of the store are
// returned, with false.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	for {
		times, version, err := l.store.Load(ctx, key)
		if err != nil {
			return false, fmt.Errorf("slidingwindow: load %q: %w", key, err)
		}
		kept, ok := l.decide(times, l.now())
		if !ok {
			return false, nil
		}
		swapped, err := l.store.CompareAndSwap(ctx, key, version, kept)
		if err != nil {
			return false, fmt.Errorf("slidingwindow: store %q: %w", key, err)
		}
		if swapped {
			return true, nil
		}
		// Another limiter wrote first: decide again on what it wrote.
	}
}

// decide returns whether a request at now is allowed given the stored
// times and, if it is, the times to store: those still in the window
// (after now-window, later ones included, which a limiter whose clock is
// ahead wrote) and now.
func (l *Limiter) decide(times []time.Time, now time.Time) (kept []time.Time, ok bool) {
	cutoff := now.Add(-l.window)
	kept = make([]time.Time, 0, len(times)+1)
	for _, t := range times {
		if t.After(cutoff) {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.limit {
		return nil, false
	}
	return append(kept, now), true
}
