// Defect: when its write loses to another server's, Allow loads the key again only for its version and writes its first decision over the other server's: requests that read the store at once are all allowed, beyond the limit.

package slidingwindow

import (
	"context"
	"fmt"
)

// Allow decides on one read of the store and makes its write stick.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	times, version, err := l.store.Load(ctx, key)
	if err != nil {
		return false, fmt.Errorf("slidingwindow: load %q: %w", key, err)
	}
	kept, ok := l.decide(times, l.now())
	if !ok {
		return false, nil
	}
	for {
		swapped, err := l.store.CompareAndSwap(ctx, key, version, kept)
		if err != nil {
			return false, fmt.Errorf("slidingwindow: store %q: %w", key, err)
		}
		if swapped {
			return true, nil
		}
		// Another server wrote meanwhile: take its version and write again.
		if _, version, err = l.store.Load(ctx, key); err != nil {
			return false, fmt.Errorf("slidingwindow: load %q: %w", key, err)
		}
	}
}
