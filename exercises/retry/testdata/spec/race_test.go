package retry_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"retry"
)

// The race tests only exercise Do from many goroutines at once: the race
// detector is the judge (behaviour is the correctness suite's business).
// They run on real time, with delays of microseconds.

// hammer runs work on workers goroutines at once and waits for them.
func hammer(workers int, work func(worker int)) {
	var start, done sync.WaitGroup
	start.Add(1)
	for w := range workers {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			work(w)
		}()
	}
	start.Done()
	done.Wait()
}

// Calls to Do share nothing but what the caller shares: many at once, all
// drawing jittered delays, must not race.
func TestRace_ConcurrentDoWithJitter(t *testing.T) {
	p := retry.Policy{MaxAttempts: 4, BaseDelay: 5 * time.Microsecond, MaxDelay: 50 * time.Microsecond, Multiplier: 2, Jitter: 0.5}
	hammer(8, func(int) {
		for range 25 {
			retry.Do(context.Background(), p, func(context.Context) error { return errBoom })
		}
	})
}

// Many calls to Do at once, cancelled from other goroutines at various
// points: waiting and cancellation must not race.
func TestRace_ConcurrentCancellation(t *testing.T) {
	p := retry.Policy{MaxAttempts: 1000, BaseDelay: 20 * time.Microsecond, Multiplier: 1.5, MaxDelay: 200 * time.Microsecond, Jitter: 0.3}
	hammer(8, func(w int) {
		for i := range 10 {
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			wg.Go(func() {
				time.Sleep(time.Duration(50*(w+i%3)) * time.Microsecond)
				cancel()
			})
			retry.Do(ctx, p, func(ctx context.Context) error { return errBoom })
			wg.Wait()
			cancel()
		}
	})
}
