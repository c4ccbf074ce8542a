// Defect: Shutdown closes the job queue while Submits may still be blocked sending on it, so they panic (send on closed channel).

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
	id := p.nextID
	p.nextID++
	p.mu.Unlock()

	select {
	case p.jobs <- task{id: id, job: job}:
		return id, nil
	case <-ctx.Done():
		return -1, ctx.Err()
	}
}

// Shutdown stops the pool from accepting jobs and waits until every
// accepted job has run and every worker has exited. If ctx is done first, it
// cancels the jobs' context and returns ctx.Err(); the pool still finishes
// stopping in the background.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.stop.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		close(p.quit)
		close(p.jobs)
	})
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
		select {
		case <-p.done:
			return nil
		default:
		}
		p.cancel()
		return ctx.Err()
	}
}
