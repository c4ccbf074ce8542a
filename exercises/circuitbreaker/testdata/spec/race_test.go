package circuitbreaker_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"circuitbreaker"
)

// The race tests assert nothing about behaviour (that is the correctness
// suite's business): they make many goroutines call Execute and State while
// the breaker opens, half-opens and closes, on real time, so that the race
// detector sees any access to shared state that is not synchronised. They
// are bounded by call counts, not by time.

// hammer runs callers goroutines that each make calls calls through cb (fn
// fails when fails(goroutine, call) is true) and readers goroutines that
// call State until the callers are done.
func hammer(cb *circuitbreaker.CircuitBreaker, callers, calls, readers int, fails func(g, i int) bool) {
	var wg, rg sync.WaitGroup
	stop := make(chan struct{})
	for range readers {
		rg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					_ = cb.State()
				}
			}
		})
	}
	for g := range callers {
		wg.Go(func() {
			for i := range calls {
				_ = cb.Execute(func() error {
					if fails(g, i) {
						return errFailure
					}
					return nil
				})
				// Work between calls, touching nothing shared: an
				// unsynchronised access in one call stays unordered with
				// the other goroutines' accesses for longer, so the race
				// detector sees it reliably.
				spin(g + i)
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()
}

// spinSink keeps spin's result alive.
var spinSink atomic.Uint64

// spin does a few microseconds of work on local variables only.
func spin(seed int) {
	x := uint64(seed) | 1
	for range 2000 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	if x == 0 {
		spinSink.Add(1)
	}
}

// TestRace_ExecuteAndStateWhileTransitioning calls Execute and State from
// many goroutines while the breaker changes state.
func TestRace_ExecuteAndStateWhileTransitioning(t *testing.T) {
	cb := circuitbreaker.NewCircuitBreaker(2, 20*time.Microsecond)
	hammer(cb, 6, 1000, 1, func(g, i int) bool { return (g+i)%4 != 0 })
}

// TestRace_HalfOpenTrialContention has many goroutines compete for the half-
// open trial.
func TestRace_HalfOpenTrialContention(t *testing.T) {
	// Threshold 1 and a tiny resetTimeout: the breaker half-opens over and
	// over, with many callers racing for the trial call.
	cb := circuitbreaker.NewCircuitBreaker(1, 20*time.Microsecond)
	hammer(cb, 8, 250, 1, func(g, i int) bool { return i%2 == 0 })
}

// TestRace_ClosedCallsAndFailures mixes successful and failing calls from
// many goroutines on a closed breaker.
func TestRace_ClosedCallsAndFailures(t *testing.T) {
	// A high threshold keeps the breaker mostly closed: concurrent successes
	// and failures update the failure count.
	cb := circuitbreaker.NewCircuitBreaker(50, time.Millisecond)
	hammer(cb, 6, 600, 2, func(g, i int) bool { return (g*7+i)%4 != 0 })
}
