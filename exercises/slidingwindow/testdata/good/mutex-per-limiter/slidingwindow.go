// Good: each limiter serialises its calls with a mutex held across the store's round trips (slower, still correct: the store keeps the limiters in step).

// Package slidingwindow is a sliding-log rate limiter on a shared Store.
package slidingwindow

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Limiter allows at most limit requests per key in any window.
type Limiter struct {
	mu     sync.Mutex // held for a whole Allow
	store  Store
	limit  int
	window time.Duration
	now    func() time.Time
}

// New returns a limiter on store.
func New(store Store, limit int, window time.Duration, now func() time.Time) *Limiter {
	if store == nil || limit <= 0 || window <= 0 {
		panic(fmt.Sprintf("slidingwindow: New(%v, %d, %v): bad arguments", store, limit, window))
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{store: store, limit: limit, window: window, now: now}
}

// Allow reports whether a request for key is allowed now.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		times, version, err := l.store.Load(ctx, key)
		if err != nil {
			return false, err
		}
		now := l.now()
		var live []time.Time
		for _, t := range times {
			if now.Sub(t) < l.window {
				live = append(live, t)
			}
		}
		if len(live) >= l.limit {
			return false, nil
		}
		ok, err := l.store.CompareAndSwap(ctx, key, version, append(live, now))
		if err != nil {
			return false, err
		}
		if ok {
			return true, nil
		}
	}
}
