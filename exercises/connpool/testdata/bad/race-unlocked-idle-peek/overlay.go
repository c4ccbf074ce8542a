// Defect: Get peeks at the idle list's length without holding the lock, as a fast path (a data race with Put's append).

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
	if len(p.idle) > 0 { // fast path, read without the lock
		p.mu.Lock()
		if n := len(p.idle); n > 0 && !p.closed {
			r := p.idle[n-1]
			p.idle[n-1] = zero
			p.idle = p.idle[:n-1]
			p.mu.Unlock()
			return r, nil
		}
		p.mu.Unlock()
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
