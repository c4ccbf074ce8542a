package circuitbreaker_test

import (
	"errors"
	"fmt"
	"testing"

	"circuitbreaker"

	"github.com/google/go-cmp/cmp"
)

// errFailure is what a failing fn returns, unless a test needs its own.
var errFailure = errors.New("dependency failed")

// result is what one call to Execute did, in a form cmp can compare and a
// reader can follow.
type result struct {
	Called bool   // fn ran
	Err    string // what Execute returned; see describe
}

// The results a correct breaker produces.
var (
	succeeded = result{Called: true, Err: "nil"}
	failed    = result{Called: true, Err: "fn's error"}
	rejected  = result{Called: false, Err: "ErrOpen"}
)

// call runs cb.Execute with an fn that returns fnErr and reports what
// happened. It takes a wrapped fn error for fn's error: only the tests named
// ...ReturnsFnErrorUnchanged (which use callExact) take points for wrapping.
func call(cb *circuitbreaker.CircuitBreaker, fnErr error) result {
	return callWith(cb, fnErr, describe)
}

// callExact is call, but fn's error counts only if Execute returned it
// unchanged.
func callExact(cb *circuitbreaker.CircuitBreaker, fnErr error) result {
	return callWith(cb, fnErr, describeExact)
}

func callWith(cb *circuitbreaker.CircuitBreaker, fnErr error, describe func(err, fnErr error) string) result {
	called := false
	err := cb.Execute(func() error {
		called = true
		return fnErr
	})
	return result{Called: called, Err: describe(err, fnErr)}
}

// describe names the error err that Execute returned when fn returned fnErr
// (or would have, had it run). fn's error wrapped counts as fn's error.
func describe(err, fnErr error) string {
	if fnErr != nil && err != fnErr && errors.Is(err, fnErr) && !errors.Is(err, circuitbreaker.ErrOpen) {
		return "fn's error"
	}
	return describeExact(err, fnErr)
}

// describeExact is describe, but fn's error counts only unchanged.
func describeExact(err, fnErr error) string {
	switch {
	case err == nil:
		return "nil"
	case fnErr != nil && err == fnErr:
		return "fn's error"
	case errors.Is(err, circuitbreaker.ErrOpen):
		return "ErrOpen"
	case fnErr != nil && errors.Is(err, fnErr):
		return fmt.Sprintf("fn's error wrapped as %q (Execute must return it unchanged)", err)
	default:
		return fmt.Sprintf("unexpected error %q", err)
	}
}

// stateName names a State for failure messages.
func stateName(s circuitbreaker.State) string {
	switch s {
	case circuitbreaker.StateClosed:
		return "closed"
	case circuitbreaker.StateHalfOpen:
		return "half-open"
	case circuitbreaker.StateOpen:
		return "open"
	default:
		return fmt.Sprintf("State(%d)", int(s))
	}
}

// wantState fails the test unless cb reports the state want.
func wantState(t *testing.T, cb *circuitbreaker.CircuitBreaker, want circuitbreaker.State, when string) {
	t.Helper()
	if diff := cmp.Diff(stateName(want), stateName(cb.State())); diff != "" {
		t.Fatalf("State() %s (-want +got):\n%s", when, diff)
	}
}

// wantCall runs call(cb, fnErr) and fails the test unless it did want.
func wantCall(t *testing.T, cb *circuitbreaker.CircuitBreaker, fnErr error, want result, when string) {
	t.Helper()
	if diff := cmp.Diff(want, call(cb, fnErr)); diff != "" {
		t.Fatalf("Execute %s (-want +got):\n%s", when, diff)
	}
}

// wantCallExact is wantCall with callExact.
func wantCallExact(t *testing.T, cb *circuitbreaker.CircuitBreaker, fnErr error, want result, when string) {
	t.Helper()
	if diff := cmp.Diff(want, callExact(cb, fnErr)); diff != "" {
		t.Fatalf("Execute %s (-want +got):\n%s", when, diff)
	}
}

// trip opens a closed breaker with threshold failing calls.
func trip(t *testing.T, cb *circuitbreaker.CircuitBreaker, threshold int) {
	t.Helper()
	for i := range threshold {
		wantCall(t, cb, errFailure, failed, fmt.Sprintf("failing call %d of %d through a closed breaker", i+1, threshold))
	}
	wantState(t, cb, circuitbreaker.StateOpen, fmt.Sprintf("after %d consecutive failures (the threshold)", threshold))
}

// panics reports whether f panics.
func panics(f func()) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	f()
	return false
}
