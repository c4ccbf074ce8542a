// Defect: Get checks that fewer than max resources are open, then opens one without taking its slot first, so goroutines that check at once all open one: more than max are open under contention.

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
		p.mu.Unlock()
		r, err := p.open(ctx) // another Get may pass the check meanwhile
		if err != nil {
			return zero, err
		}
		p.mu.Lock()
		p.numOpen++
		p.mu.Unlock()
		return r, nil
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
