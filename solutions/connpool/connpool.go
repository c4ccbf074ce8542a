// Package connpool is a generic pool of reusable resources (connections,
// clients, sessions): at most a fixed number are open at once, idle ones
// are reused, and a caller that finds the pool exhausted waits its turn.
package connpool

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned by Get once the pool is closed.
var ErrClosed = errors.New("connpool: pool closed")

// Pool hands out resources of type T, opening at most max of them at once.
// All its methods are safe for concurrent use.
type Pool[T any] struct {
	open  func(ctx context.Context) (T, error)
	close func(T)
	max   int

	mu      sync.Mutex
	numOpen int        // resources open or being opened: each holds a slot
	idle    []T        // open resources nobody holds, most recently put last
	waiters *list.List // of chan grant[T], oldest first: blocked Gets
	closed  bool
}

// grant is what a blocked Get is handed, through its buffered channel,
// together with a slot: an idle resource, or leave to open one, or the
// news that the pool closed (then with no slot).
type grant[T any] struct {
	r      T
	reuse  bool // r is an open resource
	closed bool
}

// New returns a pool that opens resources with open and closes them with
// close (which may be nil), at most max open at once. It panics if max <= 0
// or open is nil.
func New[T any](max int, open func(ctx context.Context) (T, error), close func(T)) *Pool[T] {
	if max <= 0 {
		panic(fmt.Sprintf("connpool: New(%d, ...): max must be positive", max))
	}
	if open == nil {
		panic("connpool: New: open must not be nil")
	}
	if close == nil {
		close = func(T) {}
	}
	return &Pool[T]{open: open, close: close, max: max, waiters: list.New()}
}

// Get returns an idle resource if there is one, or opens a new one if
// fewer than max are open, or else waits until a resource is put back or
// discarded. It returns ctx.Err() if ctx is done first (at once if it is
// already done), holding nothing, and ErrClosed once the pool is closed.
// An error of open is returned as it is.
func (p *Pool[T]) Get(ctx context.Context) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return zero, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		r := p.idle[n-1]
		p.idle[n-1] = zero
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return r, nil
	}
	if p.numOpen < p.max {
		p.numOpen++
		p.mu.Unlock()
		return p.openOne(ctx)
	}
	ch := make(chan grant[T], 1)
	e := p.waiters.PushBack(ch)
	p.mu.Unlock()

	select {
	case g := <-ch:
		return p.take(ctx, g)
	case <-ctx.Done():
	}
	p.mu.Lock()
	select {
	case g := <-ch:
		// Handed a grant just as ctx was done: whatever it holds goes
		// back, since a call that returns an error holds nothing.
		p.mu.Unlock()
		if !g.closed {
			if g.reuse {
				p.Put(g.r)
			} else {
				p.freeSlot()
			}
		}
	default:
		p.waiters.Remove(e)
		p.mu.Unlock()
	}
	return zero, ctx.Err()
}

// take turns a grant into Get's result.
func (p *Pool[T]) take(ctx context.Context, g grant[T]) (T, error) {
	switch {
	case g.closed:
		var zero T
		return zero, ErrClosed
	case g.reuse:
		return g.r, nil
	default:
		return p.openOne(ctx)
	}
}

// openOne opens a resource in a slot already taken, and frees the slot if
// it cannot.
func (p *Pool[T]) openOne(ctx context.Context) (T, error) {
	r, err := p.open(ctx)
	if err != nil {
		p.freeSlot()
		var zero T
		return zero, err
	}
	return r, nil
}

// freeSlot gives up a slot whose resource is closed (or was never
// opened): the oldest waiter, if any, takes it to open one of its own.
func (p *Pool[T]) freeSlot() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.waiters.Len() == 0 {
		p.numOpen--
		return
	}
	ch := p.waiters.Remove(p.waiters.Front()).(chan grant[T])
	ch <- grant[T]{}
}

// Put gives back a resource that Get returned, for reuse: the oldest
// waiting Get, if any, receives it. Once the pool is closed, Put closes it
// instead.
func (p *Pool[T]) Put(r T) {
	p.mu.Lock()
	if p.closed {
		p.numOpen--
		p.mu.Unlock()
		p.close(r)
		return
	}
	if p.waiters.Len() > 0 {
		ch := p.waiters.Remove(p.waiters.Front()).(chan grant[T])
		ch <- grant[T]{r: r, reuse: true}
		p.mu.Unlock()
		return
	}
	p.idle = append(p.idle, r)
	p.mu.Unlock()
}

// Discard closes a resource that Get returned and that must not be reused
// (a broken connection), freeing its slot: a waiting Get may then open a
// new one.
func (p *Pool[T]) Discard(r T) {
	p.close(r) // before the slot is freed: never more than max open
	p.freeSlot()
}

// Close closes the pool: it closes every idle resource, and every Get
// waiting or yet to come returns ErrClosed. Resources held when Close is
// called are closed when they are put back or discarded. Close may be
// called more than once.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.numOpen -= len(idle)
	for e := p.waiters.Front(); e != nil; e = e.Next() {
		e.Value.(chan grant[T]) <- grant[T]{closed: true}
	}
	p.waiters.Init()
	p.mu.Unlock()
	for _, r := range idle {
		p.close(r)
	}
}
