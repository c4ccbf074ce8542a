// Defect: a waiting Get starts a goroutine that waits for ctx to be done; when Put or Close wakes the Get instead, and ctx is never done, that goroutine waits forever.

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

	cancelled := make(chan struct{})
	go func() {
		<-ctx.Done() // never returns for context.Background()
		close(cancelled)
	}()
	select {
	case g := <-ch:
		return p.take(ctx, g)
	case <-cancelled:
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
