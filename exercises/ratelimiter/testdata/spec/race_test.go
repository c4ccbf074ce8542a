package ratelimiter_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"ratelimiter"
)

// The race tests only ask the race detector: they check no behaviour (that
// is the correctness suite's job), and a call that does not return in time
// is left behind rather than failed on.

// raceWorkers is how many goroutines hammer a limiter at once.
const raceWorkers = 8

// finish waits for wg, or for a few seconds if a call is stuck: a stuck call
// is a correctness matter, and the races seen so far are reported anyway.
// It reports whether every call returned.
func finish(t *testing.T, wg *sync.WaitGroup) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(5 * time.Second):
		t.Log("some calls had not returned after 5s; not judged here")
		return false
	}
}

// stop is the clean-up of a test that does not test Stop: it calls l's
// Stop method when the submission has one, ignoring a panic (a Stop that
// panics when called twice is judged by the correctness suite). Through
// the interface, the test does not need Stop, so a submission without Stop
// still gets the test's points (the tests of Stop name it and are removed
// instead).
func stop(l any) {
	defer func() { _ = recover() }()
	if l, ok := l.(interface{ Stop() }); ok {
		l.Stop()
	}
}

// drain takes every token l holds, up to max.
func drain(l *ratelimiter.RateLimiter, max int) {
	for range max {
		if !l.Allow() {
			return
		}
	}
}

// TestRace_ConcurrentAllow calls Allow from many goroutines at once.
func TestRace_ConcurrentAllow(t *testing.T) {
	// More tokens than the workers take, so that no Allow has to be fast.
	l := ratelimiter.NewRateLimiter(100_000)
	var wg sync.WaitGroup
	for range raceWorkers {
		wg.Go(func() {
			for range 2000 {
				l.Allow()
			}
		})
	}
	finish(t, &wg)
	stop(l)
}

// TestRace_ConcurrentWait calls Wait from many goroutines at once.
func TestRace_ConcurrentWait(t *testing.T) {
	// An empty bucket that gains a token every 100µs.
	const rps = 10_000
	l := ratelimiter.NewRateLimiter(rps)
	drain(l, rps)
	var wg sync.WaitGroup
	for i := range raceWorkers {
		wg.Go(func() {
			for j := range 100 {
				// Some Waits get a token, some give up.
				timeout := time.Duration(1+(i+j)%4) * 100 * time.Microsecond
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				_ = l.Wait(ctx)
				cancel()
				l.Allow()
			}
		})
	}
	finish(t, &wg)
	stop(l)
}

// TestRace_StopWhileInUse calls Stop while other goroutines call Allow and
// Wait.
func TestRace_StopWhileInUse(t *testing.T) {
	// Many short rounds. In each, callers keep going while two of them
	// stop the limiter, and go on calling it after that. Nothing orders
	// the other callers' calls after Stop, so a limiter that reads its
	// state without synchronisation is caught.
	for range 50 {
		l := ratelimiter.NewRateLimiter(1000)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		var wg sync.WaitGroup
		for i := range raceWorkers {
			wg.Go(func() {
				for j := range 200 {
					switch {
					case (i == 0 || i == 1) && j == 50:
						stop(l)
					case i%4 == 3 && j%40 == 0:
						_ = l.Wait(ctx)
					default:
						l.Allow()
					}
				}
			})
		}
		ok := finish(t, &wg)
		cancel()
		if !ok {
			return
		}
	}
}
