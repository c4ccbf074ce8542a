// Package firstof runs functions concurrently and keeps the first success.
package firstof

import (
	"context"
	"errors"
)

// ErrNoFuncs is returned by [FirstOf] when it is given no functions.
var ErrNoFuncs = errors.New("firstof: no functions to run")

// FirstOf calls every fn concurrently, each in its own goroutine, with a
// context derived from ctx, and returns the value of the first fn to succeed
// (return a nil error).
//
//   - As soon as one fn succeeds, FirstOf cancels the context of the others.
//   - If every fn fails, FirstOf returns the zero value and errors.Join of
//     all their errors, in the order of fns.
//   - If ctx is done before any fn has succeeded, FirstOf cancels the fns and
//     returns the zero value and ctx.Err() (or an error wrapping it).
//   - With no fns, it returns the zero value and ErrNoFuncs.
//
// In every case FirstOf returns only once every fn it called has returned:
// nothing it started is left running. The fns must return promptly once
// their context is done.
func FirstOf[T any](ctx context.Context, fns ...func(ctx context.Context) (T, error)) (T, error) {
	// TODO
	var zero T
	return zero, nil
}
