package retry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// attempts is a function for Do that records when it was called and
// returns the errors it was given, one per call (nil once they run out).
// It never touches a *testing.T, so that a call made after the test ended
// (by an implementation that keeps going) cannot panic.
type attempts struct {
	mu    sync.Mutex
	errs  []error
	calls []time.Time
}

func failing(errs ...error) *attempts { return &attempts{errs: errs} }

// errorsN returns n distinct errors.
func errorsN(n int) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = fmt.Errorf("failure %d", i+1)
	}
	return errs
}

func (a *attempts) fn(context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, time.Now())
	if i := len(a.calls) - 1; i < len(a.errs) {
		return a.errs[i]
	}
	return nil
}

func (a *attempts) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.calls)
}

// delays returns the time between consecutive calls.
func (a *attempts) delays() []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ds []time.Duration
	for i := 1; i < len(a.calls); i++ {
		ds = append(ds, a.calls[i].Sub(a.calls[i-1]))
	}
	return ds
}

var errBoom = errors.New("boom")

// result is what Do returned, for Do run in a goroutine.
type result struct{ err error }
