// Defect: when its write loses to another server's, Allow sleeps a millisecond before it tries again ("back off"), so every conflict costs a millisecond.

package slidingwindow

import (
	"context"
	"fmt"
	"time"
)

// Allow reports whether a request for key is allowed now.
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
		time.Sleep(time.Millisecond) // back off before trying again
	}
}
