package circuitbreaker_test

import (
	"sync"
	"testing"
	"time"

	"circuitbreaker"

	"go.uber.org/goleak"
)

// The leak tests run on real time. A breaker has no Close method, so once
// resetTimeout has passed since it last opened and no call is running, no
// goroutine it started may remain. Each test waits several resetTimeouts
// before goleak looks (and goleak retries for about half a second more), so
// a goroutine that ends on its own when resetTimeout expires is not a leak.
// Results are ignored: behaviour is the correctness suite's business.

const leakResetTimeout = 5 * time.Millisecond

// settle waits long enough for every timer a correct breaker may have set to
// have fired.
func settle() { time.Sleep(4 * leakResetTimeout) }

// TestLeak_OpenBreakerLeftAlone checks that an open breaker nobody calls
// leaves no goroutine running.
func TestLeak_OpenBreakerLeftAlone(t *testing.T) {
	defer goleak.VerifyNone(t)
	cb := circuitbreaker.NewCircuitBreaker(1, leakResetTimeout)
	_ = cb.Execute(func() error { return errFailure })
	_ = cb.Execute(func() error { return nil })
	_ = cb.State()
	settle()
	_ = cb.State()
}

// TestLeak_OpenHalfOpenCloseCycles checks that cycling through the states
// leaves no goroutine running.
func TestLeak_OpenHalfOpenCloseCycles(t *testing.T) {
	defer goleak.VerifyNone(t)
	cb := circuitbreaker.NewCircuitBreaker(2, leakResetTimeout)
	fail := func() error { return errFailure }
	succeed := func() error { return nil }
	for cycle := range 10 {
		_ = cb.Execute(fail)
		_ = cb.Execute(fail) // opens
		_ = cb.Execute(succeed)
		settle()
		if cycle%2 == 1 {
			_ = cb.Execute(fail) // the trial fails: open again
			settle()
		}
		_ = cb.Execute(succeed) // the trial succeeds: closed
	}
	settle()
}

// TestLeak_ConcurrentCallers checks that many concurrent callers leave no
// goroutine running.
func TestLeak_ConcurrentCallers(t *testing.T) {
	defer goleak.VerifyNone(t)
	cb := circuitbreaker.NewCircuitBreaker(2, leakResetTimeout)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 100 {
				_ = cb.Execute(func() error {
					if (g+i)%3 != 0 {
						return errFailure
					}
					return nil
				})
				if i%20 == 0 {
					time.Sleep(leakResetTimeout)
				}
			}
		})
	}
	wg.Wait()
	settle()
}
