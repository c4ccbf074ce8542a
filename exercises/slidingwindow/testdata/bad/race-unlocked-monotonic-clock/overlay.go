// Defect: Allow keeps the clock monotonic through a field every call reads and writes without a lock (a data race).

package slidingwindow

import (
	"context"
	"fmt"
	"time"
)

// Limiter allows at most limit requests per key in any window of time.
type Limiter struct {
	store  Store
	limit  int
	window time.Duration
	now    func() time.Time
	last   time.Time // the latest time read, shared by every call
}

// Allow reports whether a request for key is allowed now.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	for {
		times, version, err := l.store.Load(ctx, key)
		if err != nil {
			return false, fmt.Errorf("slidingwindow: load %q: %w", key, err)
		}
		now := l.now()
		if now.Before(l.last) { // never let time go back
			now = l.last
		}
		l.last = now
		kept, ok := l.decide(times, now)
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
	}
}
