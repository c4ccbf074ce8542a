// Defect: Each goroutine records its own success in shared variables without any synchronisation (check-then-set on a plain bool).

// Package firstof is a known-bad submission for the firstof exercise: the
// reference solution with the defect above.
package firstof

import (
	"context"
	"errors"
	"sync"
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

	var (
		won   bool
		value T
		errs  = make([]error, len(fns))
		wg    sync.WaitGroup
	)
	for i, fn := range fns {
		wg.Go(func() {
			v, err := fn(runCtx)
			if err != nil {
				errs[i] = err
				return
			}
			if !won && ctx.Err() == nil {
				won, value = true, v
				cancel()
			}
		})
	}
	wg.Wait()
	if won {
		return value, nil
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return zero, errors.Join(errs...)
}
