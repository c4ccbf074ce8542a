// Defect: Close closes the idle resources but leaves them in the idle list, and Get takes an idle resource before it checks for Close: a Get after Close hands out a closed resource.

package connpool

import "context"

// Get returns an idle resource if there is one, or opens a new one if
// fewer than max are open, or else waits until a resource is put back or
// discarded.
func (p *Pool[T]) Get(ctx context.Context) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		r := p.idle[n-1]
		p.idle[n-1] = zero
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return r, nil
	}
	if p.closed {
		p.mu.Unlock()
		return zero, ErrClosed
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

// Close closes the pool.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	idle := p.idle // closed below, but left in the list
	for e := p.waiters.Front(); e != nil; e = e.Next() {
		e.Value.(chan grant[T]) <- grant[T]{closed: true}
	}
	p.waiters.Init()
	p.mu.Unlock()
	for _, r := range idle {
		p.close(r)
	}
}
