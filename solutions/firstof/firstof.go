// Package firstof is the reference solution of the firstof exercise: run
// functions concurrently and keep the first success.
//
// Every function runs in its own goroutine with a context derived from the
// caller's, and reports on a channel buffered for all of them, so no
// goroutine ever blocks on its send. FirstOf receives one report per
// function: it cancels the shared context at the first success, and returns
// only once every function has reported, so nothing it started is left
// running.
package firstof

import (
	"context"
	"errors"
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
	reports := make(chan report, len(fns))
	for i, fn := range fns {
		go func() {
			v, err := fn(runCtx)
			reports <- report{i: i, value: v, err: err}
		}()
	}

	var (
		won   bool
		value T
		errs  = make([]error, len(fns))
	)
	for range fns {
		r := <-reports
		switch {
		case r.err != nil:
			errs[r.i] = r.err
		case !won && ctx.Err() == nil:
			won, value = true, r.value
			cancel() // the others lost
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
