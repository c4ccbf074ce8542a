// Defect: a waiting Get whose ctx is done leaves the waiter list without checking whether Put or Discard has just handed it a resource or a slot, which is then lost for good.

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
		p.mu.Lock()
		p.waiters.Remove(e) // a no-op if a grant was sent meanwhile: it stays in ch
		p.mu.Unlock()
		return zero, ctx.Err()
	}
}
