// Defect: each limiter decides on the requests it allowed itself, kept in its own memory, and only writes them through to the store: with n servers, a key gets up to n times the limit.

package slidingwindow

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Limiter allows at most limit requests per key in any window of time.
type Limiter struct {
	store  Store
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	times map[string][]time.Time // allowed requests per key, this server's only
}

// New returns a limiter.
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
	return &Limiter{store: store, limit: limit, window: window, now: now, times: make(map[string][]time.Time)}
}

// Allow decides on the requests this limiter has allowed, and writes them
// to the store.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept, ok := l.decide(l.times[key], l.now())
	if !ok {
		return false, nil
	}
	for {
		_, version, err := l.store.Load(ctx, key) // for the version only
		if err != nil {
			return false, fmt.Errorf("slidingwindow: load %q: %w", key, err)
		}
		swapped, err := l.store.CompareAndSwap(ctx, key, version, kept)
		if err != nil {
			return false, fmt.Errorf("slidingwindow: store %q: %w", key, err)
		}
		if swapped {
			l.times[key] = kept
			return true, nil
		}
	}
}
