// Defect: Submit takes the next job ID from a counter it reads and increments without holding the lock.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import "context"

// Submit queues job and returns its ID. It blocks while the queue is full,
// returns ctx.Err() if ctx is done first (at once if it is already done),
// and returns ErrClosed once Shutdown has been called.
func (p *Pool) Submit(ctx context.Context, job Job) (int, error) {
	if err := ctx.Err(); err != nil {
		return -1, err
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return -1, ErrClosed
	}
	p.senders.Add(1)
	p.mu.Unlock()
	id := p.nextID
	p.nextID++
	defer p.senders.Done()

	select {
	case p.jobs <- task{id: id, job: job}:
		return id, nil
	case <-p.quit:
		return -1, ErrClosed
	case <-ctx.Done():
		return -1, ctx.Err()
	}
}
