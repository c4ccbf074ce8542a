// Defect: an exhausted Get polls, sleeping 1ms between looks, instead of waiting to be handed a resource or a slot.

package connpool

import (
	"context"
	"time"
)

// Get returns an idle resource if there is one, or opens a new one if
// fewer than max are open, or else waits until a resource is put back or
// discarded.
func (p *Pool[T]) Get(ctx context.Context) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	for {
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
		p.mu.Unlock()
		select {
		case <-time.After(time.Millisecond):
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
}
