package ratelimiter_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"ratelimiter"

	"go.uber.org/goleak"
)

// The leak tests run on real time. Each one stops its limiter before
// goleak looks for goroutines left behind (a limiter may keep a goroutine
// until Stop). The tests' own goroutines are ignored even when a Wait they
// called never returned: a stuck Wait is a correctness matter, and only
// goroutines the limiter itself started count as leaks here.

// ignoreCallers is the goleak option that ignores the tests' own goroutines.
var ignoreCallers = goleak.IgnoreAnyFunction("ratelimiter_test.waitInBackground")

// waitInBackground calls l.Wait(ctx) and sends its result on errc. Run it
// with the go statement; goleak recognises it by name.
func waitInBackground(ctx context.Context, l *ratelimiter.RateLimiter, errc chan<- error) {
	errc <- l.Wait(ctx)
}

// startWaits starts n Waits on l with ctx, and returns a function that
// waits until they have returned, or until a few seconds have passed.
func startWaits(ctx context.Context, l *ratelimiter.RateLimiter, n int) (finish func(t *testing.T)) {
	errc := make(chan error, n)
	for range n {
		go waitInBackground(ctx, l, errc)
	}
	return func(t *testing.T) {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for range n {
			select {
			case <-errc:
			case <-timeout:
				t.Log("some Waits had not returned after 5s; not judged here")
				return
			}
		}
	}
}

// emptied returns l after taking every token it holds (at most max).
func emptied(l *ratelimiter.RateLimiter, max int) *ratelimiter.RateLimiter {
	for range max {
		if !l.Allow() {
			break
		}
	}
	return l
}

// TestLeak_NewAllowStop checks that a limiter that was used with Allow and
// stopped leaves no goroutine running.
func TestLeak_NewAllowStop(t *testing.T) {
	defer goleak.VerifyNone(t, ignoreCallers)
	for _, rps := range []int{1000, 1} {
		l := ratelimiter.NewRateLimiter(rps)
		for range rps + 5 {
			l.Allow()
		}
		l.Stop()
	}
}

// TestLeak_SuccessfulWaits checks that Waits that got a token leave no
// goroutine running after Stop.
func TestLeak_SuccessfulWaits(t *testing.T) {
	defer goleak.VerifyNone(t, ignoreCallers)
	l := ratelimiter.NewRateLimiter(1000)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Waits that take a token at once, then Waits on an empty bucket, that
	// sleep for one.
	startWaits(ctx, l, 10)(t)
	emptied(l, 1000)
	for range 5 {
		startWaits(ctx, l, 1)(t)
	}
	l.Stop()
}

// TestLeak_WaitsGivingUp checks that Waits whose context ends leave no
// goroutine running.
func TestLeak_WaitsGivingUp(t *testing.T) {
	defer goleak.VerifyNone(t, ignoreCallers)
	l := emptied(ratelimiter.NewRateLimiter(1), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	finishTimeouts := startWaits(ctx, l, 5)
	ctx2, cancel2 := context.WithCancel(context.Background())
	finishCancels := startWaits(ctx2, l, 5)
	time.Sleep(10 * time.Millisecond)
	cancel2()
	finishCancels(t)
	finishTimeouts(t)
	l.Stop()
}

// TestLeak_StopReleasesWaits checks that Waits released by Stop leave no
// goroutine running.
func TestLeak_StopReleasesWaits(t *testing.T) {
	defer goleak.VerifyNone(t, ignoreCallers)
	l := emptied(ratelimiter.NewRateLimiter(1), 1)
	finish := startWaits(context.Background(), l, 10)
	time.Sleep(10 * time.Millisecond)
	l.Stop()
	finish(t)
}

// TestLeak_ManyLimiters checks that many limiters, each stopped, leave no
// goroutine running.
func TestLeak_ManyLimiters(t *testing.T) {
	defer goleak.VerifyNone(t, ignoreCallers)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			l := emptied(ratelimiter.NewRateLimiter(1000), 1000)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
			startWaits(ctx, l, 3)(t)
			cancel()
			l.Stop()
		})
	}
	wg.Wait()
}
