// Package connpool is a generic pool of reusable resources (connections,
// clients, sessions): at most a fixed number are open at once, idle ones
// are reused, and a caller that finds the pool exhausted waits its turn.
package connpool

import (
	"context"
	"errors"
)

// ErrClosed is returned by Get once the pool is closed.
var ErrClosed = errors.New("connpool: pool closed")

// Pool hands out resources of type T, opening at most max of them at once.
// All its methods are safe for concurrent use.
type Pool[T any] struct {
	// TODO: your fields here.
}

// New returns a pool that opens resources with open and closes them with
// close (which may be nil), at most max open at once. It panics if max <= 0
// or open is nil.
func New[T any](max int, open func(ctx context.Context) (T, error), close func(T)) *Pool[T] {
	// TODO
	return &Pool[T]{}
}

// Get returns an idle resource if there is one, or opens a new one if
// fewer than max are open, or else waits until a resource is put back or
// discarded. It returns ctx.Err() if ctx is done first (at once if it is
// already done), holding nothing, and ErrClosed once the pool is closed.
// An error of open is returned as it is.
func (p *Pool[T]) Get(ctx context.Context) (T, error) {
	// TODO
	var zero T
	return zero, nil
}

// Put gives back a resource that Get returned, for reuse. Once the pool is
// closed, Put closes it instead.
func (p *Pool[T]) Put(r T) {
	// TODO
}

// Discard closes a resource that Get returned and that must not be reused
// (a broken connection), freeing its slot: a waiting Get may then open a
// new one.
func (p *Pool[T]) Discard(r T) {
	// TODO
}

// Close closes the pool: it closes every idle resource, and every Get
// waiting or yet to come returns ErrClosed. Resources held when Close is
// called are closed when they are put back or discarded. Close may be
// called more than once.
func (p *Pool[T]) Close() {
	// TODO
}
