// Defect: FirstOf calls the functions one after another instead of concurrently.

// Package firstof is a known-bad submission for the firstof exercise: the
// reference solution with the defect above.
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
	var errs []error
	for _, fn := range fns {
		v, err := fn(ctx)
		if err == nil && ctx.Err() == nil {
			return v, nil
		}
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		errs = append(errs, err)
	}
	won, value := false, zero
	if won {
		return value, nil
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return value, errors.Join(errs...)
}
