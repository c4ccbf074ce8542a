// Good: a log kept sorted and cut with a binary search, trimmed on denied requests too.

// Package slidingwindow is a sliding-log rate limiter on a shared Store.
package slidingwindow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Limiter allows at most limit requests per key in any window.
type Limiter struct {
	store  Store
	limit  int
	window time.Duration
	clock  func() time.Time
}

// New returns a limiter on store.
func New(store Store, limit int, window time.Duration, now func() time.Time) *Limiter {
	switch {
	case store == nil:
		panic(errors.New("slidingwindow: store is nil"))
	case limit < 1:
		panic(fmt.Errorf("slidingwindow: limit %d < 1", limit))
	case window <= 0:
		panic(fmt.Errorf("slidingwindow: window %v <= 0", window))
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{store: store, limit: limit, window: window, clock: now}
}

// Allow reports whether a request for key is allowed now.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	for attempt := 1; ; attempt++ {
		log, version, err := l.store.Load(ctx, key)
		if err != nil {
			return false, fmt.Errorf("rate limit %s (attempt %d): %w", key, attempt, err)
		}
		now := l.clock()
		slices.SortFunc(log, time.Time.Compare)
		// The first timestamp after now-window: everything from there on counts.
		i, _ := slices.BinarySearchFunc(log, now.Add(-l.window), func(t, cutoff time.Time) int {
			if t.After(cutoff) {
				return 1
			}
			return -1
		})
		live := log[i:]
		allowed := len(live) < l.limit
		if allowed {
			live = append(live, now)
		} else if i == 0 {
			return false, nil // nothing to trim, nothing to write
		}
		// Write the trimmed log, with the new request if it is allowed.
		ok, err := l.store.CompareAndSwap(ctx, key, version, live)
		if err != nil {
			return false, fmt.Errorf("rate limit %s (attempt %d): %w", key, attempt, err)
		}
		if ok {
			return allowed, nil
		}
	}
}
