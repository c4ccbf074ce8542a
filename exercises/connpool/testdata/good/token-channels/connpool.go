// Good: a pool built on two buffered channels, one of slot tokens and one of idle resources, waited on in one select, with no waiter list.

// Package connpool is a generic pool of reusable resources, built on
// channels: a token in slots for every resource open or being opened, and
// the idle resources in a channel of their own.
package connpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned by Get once the pool is closed.
var ErrClosed = errors.New("connpool: pool closed")

// Pool hands out resources of type T, opening at most max of them at once.
type Pool[T any] struct {
	open  func(ctx context.Context) (T, error)
	close func(T)

	slots chan struct{} // one token per resource open or being opened
	idle  chan T        // never full: it holds open resources only
	done  chan struct{} // closed by Close

	mu     sync.Mutex // orders Put's sends to idle with Close's drain
	closed bool
}

// New returns a pool that opens resources with open and closes them with
// close, at most max open at once.
func New[T any](max int, open func(ctx context.Context) (T, error), close func(T)) *Pool[T] {
	if max <= 0 {
		panic(fmt.Sprintf("connpool: max %d must be positive", max))
	}
	if open == nil {
		panic("connpool: nil open")
	}
	if close == nil {
		close = func(T) {}
	}
	return &Pool[T]{
		open:  open,
		close: close,
		slots: make(chan struct{}, max),
		idle:  make(chan T, max),
		done:  make(chan struct{}),
	}
}

// Get returns an idle resource, or opens one, or waits.
func (p *Pool[T]) Get(ctx context.Context) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	select {
	case <-p.done:
		return zero, ErrClosed
	default:
	}
	select { // an idle resource first, if there is one
	case r := <-p.idle:
		return r, nil
	default:
	}
	select {
	case r := <-p.idle:
		return r, nil
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-p.done:
		return zero, ErrClosed
	}
	select {
	case <-p.done: // the select may pick a free slot over a closed pool
		<-p.slots
		return zero, ErrClosed
	default:
	}
	r, err := p.open(ctx)
	if err != nil {
		<-p.slots
		return zero, err
	}
	return r, nil
}

// Put gives back a resource for reuse, or closes it once the pool is
// closed.
func (p *Pool[T]) Put(r T) {
	p.mu.Lock()
	if !p.closed {
		p.idle <- r // never blocks: at most cap(idle) resources are open
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	p.Discard(r)
}

// Discard closes a resource and frees its slot.
func (p *Pool[T]) Discard(r T) {
	p.close(r)
	<-p.slots
}

// Close closes the idle resources and makes every Get return ErrClosed.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	close(p.done)
	var idle []T
	for drained := false; !drained; {
		select {
		case r := <-p.idle: // a Get that passed the done check may take one first
			idle = append(idle, r)
		default:
			drained = true
		}
	}
	p.mu.Unlock()
	for _, r := range idle {
		p.Discard(r)
	}
}
