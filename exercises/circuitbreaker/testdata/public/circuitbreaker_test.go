package circuitbreaker_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"circuitbreaker"
)

var errDown = errors.New("dependency down")

func fail() error    { return errDown }
func succeed() error { return nil }

func TestExecuteReturnsFnError(t *testing.T) {
	cb := circuitbreaker.NewCircuitBreaker(3, time.Minute)
	if err := cb.Execute(succeed); err != nil {
		t.Errorf("Execute(succeed) = %v, want nil", err)
	}
	if err := cb.Execute(fail); err != errDown {
		t.Errorf("Execute(fail) = %v, want fn's error %v unchanged", err, errDown)
	}
}

func TestOpensAfterThresholdAndRejects(t *testing.T) {
	cb := circuitbreaker.NewCircuitBreaker(2, time.Minute)
	cb.Execute(fail)
	if got := cb.State(); got != circuitbreaker.StateClosed {
		t.Fatalf("State() after 1 failure (threshold 2) = %d, want StateClosed", got)
	}
	cb.Execute(fail)
	if got := cb.State(); got != circuitbreaker.StateOpen {
		t.Fatalf("State() after 2 failures (threshold 2) = %d, want StateOpen", got)
	}
	called := false
	err := cb.Execute(func() error { called = true; return nil })
	if !errors.Is(err, circuitbreaker.ErrOpen) {
		t.Errorf("Execute on an open breaker = %v, want ErrOpen", err)
	}
	if called {
		t.Errorf("Execute on an open breaker called fn")
	}
}

func TestNewPanicsOnZeroThreshold(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("NewCircuitBreaker(0, time.Minute) did not panic")
		}
	}()
	circuitbreaker.NewCircuitBreaker(0, time.Minute)
}

// TestHalfOpenThenClosed runs on a virtual clock: time.Sleep inside
// synctest.Test returns at once, with the clock moved on.
func TestHalfOpenThenClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cb := circuitbreaker.NewCircuitBreaker(1, 10*time.Second)
		cb.Execute(fail)
		time.Sleep(5 * time.Second)
		if got := cb.State(); got != circuitbreaker.StateOpen {
			t.Fatalf("State() 5s after opening (resetTimeout 10s) = %d, want StateOpen", got)
		}
		time.Sleep(6 * time.Second)
		if got := cb.State(); got != circuitbreaker.StateHalfOpen {
			t.Fatalf("State() 11s after opening (resetTimeout 10s) = %d, want StateHalfOpen", got)
		}
		if err := cb.Execute(succeed); err != nil {
			t.Fatalf("trial call = %v, want nil", err)
		}
		if got := cb.State(); got != circuitbreaker.StateClosed {
			t.Errorf("State() after a successful trial = %d, want StateClosed", got)
		}
	})
}
