// Defect: Allow runs its store calls in a goroutine so that it can return as soon as ctx is done; that goroutine then blocks forever sending its result on an unbuffered channel nobody reads.

package slidingwindow

import (
	"context"
	"fmt"
)

// Allow reports whether a request for key is allowed now, and returns as
// soon as ctx is done.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	type result struct {
		ok  bool
		err error
	}
	res := make(chan result) // unbuffered: the goroutine blocks if nobody receives
	go func() {
		ok, err := l.allow(ctx, key)
		res <- result{ok, err}
	}()
	select {
	case r := <-res:
		return r.ok, r.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// allow is the limiter's decision, on the store.
//
//grader:new
func (l *Limiter) allow(ctx context.Context, key string) (bool, error) {
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
	}
}
