package firstof_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"firstof"
)

// patience is how long (virtual time, inside a bubble) a correctness test
// waits for FirstOf to return when it should.
const patience = 10 * time.Second

type fn = func(ctx context.Context) (string, error)

// errGaveUp is what the test functions return when their context is done
// before they finish: deliberately not ctx.Err(), so that a FirstOf that
// joins their errors is told apart from one that returns ctx.Err().
var errGaveUp = errors.New("gave up: context done")

// after returns a function that, d after it is called, returns v and err,
// unless its context is done first: then it returns errGaveUp at once.
func after(d time.Duration, v string, err error) fn {
	return func(ctx context.Context) (string, error) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return v, err
		case <-ctx.Done():
			return "", errGaveUp
		}
	}
}

func succeedAfter(d time.Duration, v string) fn { return after(d, v, nil) }

func failAfter(d time.Duration, err error) fn { return after(d, "", err) }

// outcome is what FirstOf returned.
type outcome struct {
	value string
	err   error
}

// runAsync calls FirstOf in a new goroutine.
func runAsync(ctx context.Context, fns ...fn) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		v, err := firstof.FirstOf(ctx, fns...)
		ch <- outcome{v, err}
	}()
	return ch
}

// await returns what FirstOf returned, or fails the test if it has not
// returned within patience.
func await(t *testing.T, ch <-chan outcome, what string) outcome {
	t.Helper()
	select {
	case o := <-ch:
		return o
	case <-time.After(patience):
		t.Fatalf("%s: FirstOf did not return within %v", what, patience)
	}
	panic("unreachable")
}

// returned reports whether FirstOf has returned, without blocking.
func returned(ch <-chan outcome) bool { return len(ch) > 0 }

// tracked wraps f so that running counts the calls of f that have not
// returned yet.
func tracked(running *atomic.Int32, f fn) fn {
	return func(ctx context.Context) (string, error) {
		running.Add(1)
		defer running.Add(-1)
		return f(ctx)
	}
}

// joined returns the errors that err joins (as errors.Join does), or err
// alone.
func joined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
