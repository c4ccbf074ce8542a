// Defect: The goroutines store their results in a slice under a mutex, and FirstOf polls it every millisecond instead of blocking on a channel.

// Package firstof is a known-bad submission for the firstof exercise: the
// reference solution with the defect above.
package firstof

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNoFuncs is returned by [FirstOf] when it is given no functions.
var ErrNoFuncs = errors.New("firstof: no functions to run")

// FirstOf calls every fn concurrently, with a context derived from ctx, and
// returns the value of the first to return a nil error, cancelling the
// others. If every fn fails, it returns errors.Join of their errors in the
// order of fns; if ctx is done before any fn succeeded, ctx.Err(); with no
// fns, ErrNoFuncs. It returns only once every fn has returned.
func FirstOf[T any](ctx context.Context, fns ...func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	if len(fns) == 0 {
		return zero, ErrNoFuncs
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()

	type report struct {
		i     int
		value T
		err   error
	}
	var (
		mu      sync.Mutex
		reports []report
	)
	for i, fn := range fns {
		go func() {
			v, err := fn(runCtx)
			mu.Lock()
			reports = append(reports, report{i: i, value: v, err: err})
			mu.Unlock()
		}()
	}

	var (
		won   bool
		value T
		errs  = make([]error, len(fns))
	)
	for seen := 0; seen < len(fns); {
		mu.Lock()
		fresh := reports[seen:]
		mu.Unlock()
		if len(fresh) == 0 {
			time.Sleep(time.Millisecond)
			continue
		}
		for _, r := range fresh {
			seen++
			switch {
			case r.err != nil:
				errs[r.i] = r.err
			case !won && ctx.Err() == nil:
				won, value = true, r.value
				cancel() // the others lost
			}
		}
	}
	if won {
		return value, nil
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return zero, errors.Join(errs...)
}
