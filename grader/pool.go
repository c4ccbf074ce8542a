package grader

import (
	"context"
	"slices"
	"sync"
)

// pool bounds the programs an [Engine] runs at once, whatever number of
// gradings share it: candidate builds, test and benchmark processes, and
// the trusted reference builds each hold one slot while they run
// (Options.Parallel slots in all). Each grading waits in a [queue] of its
// own. Free slots go round-robin to the gradings that are waiting, and in
// the order they asked within one grading, so a grading that queued later
// is served next, not after every test a busier grading has queued.
type pool struct {
	mu      sync.Mutex
	size    int
	free    int      // slots not held
	waiting []*queue // queues with waiters, served from the front; a served queue goes to the back
}

// queue is one grading's line for the slots of a [pool].
type queue struct {
	p       *pool
	waiters []*waiter // guarded by p.mu, oldest first
}

// waiter is one acquire waiting for a slot; ready is closed when it has
// one.
type waiter struct{ ready chan struct{} }

func newPool(size int) *pool {
	if size < 1 {
		size = 1
	}
	return &pool{size: size, free: size}
}

// queue returns a new grading's queue.
func (p *pool) queue() *queue { return &queue{p: p} }

// acquire waits for a slot, which the caller gives back with release. It
// returns ctx's error, holding no slot, when ctx is done first.
func (q *queue) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := q.enqueue()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		if !q.cancel(w) {
			q.release() // granted as ctx was done: pass the slot on
		}
		return ctx.Err()
	}
}

// enqueue asks for a slot: the waiter's ready is closed at once when a
// slot is free and nobody is waiting, otherwise when a release reaches it.
func (q *queue) enqueue() *waiter {
	p := q.p
	w := &waiter{ready: make(chan struct{})}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.free > 0 && len(p.waiting) == 0 {
		p.free--
		close(w.ready)
		return w
	}
	q.waiters = append(q.waiters, w)
	if len(q.waiters) == 1 {
		p.waiting = append(p.waiting, q)
	}
	return w
}

// cancel takes w out of its queue, and reports whether it was still
// waiting (false: it was granted a slot, which its caller now holds).
func (q *queue) cancel(w *waiter) bool {
	p := q.p
	p.mu.Lock()
	defer p.mu.Unlock()
	i := slices.Index(q.waiters, w)
	if i < 0 {
		return false
	}
	q.waiters = slices.Delete(q.waiters, i, i+1)
	if len(q.waiters) == 0 {
		p.waiting = slices.DeleteFunc(p.waiting, func(o *queue) bool { return o == q })
	}
	return true
}

// release gives back a slot taken by acquire: to the oldest waiter of the
// queue at the front of the round, if any.
func (q *queue) release() {
	p := q.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiting) == 0 {
		if p.free++; p.free > p.size {
			panic("grader: pool slot released without being acquired")
		}
		return
	}
	next := p.waiting[0]
	w := next.waiters[0]
	next.waiters = next.waiters[1:]
	p.waiting = p.waiting[1:]
	if len(next.waiters) > 0 {
		p.waiting = append(p.waiting, next)
	}
	close(w.ready)
}
