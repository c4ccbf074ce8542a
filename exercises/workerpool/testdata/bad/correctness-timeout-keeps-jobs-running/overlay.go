// Defect: Shutdown returns ctx.Err() when its context is done but does not cancel the jobs' context, so running jobs are never told to stop.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import "context"

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
		p.senders.Wait() // blocked senders return at once: quit is closed
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
		return ctx.Err()
	}
}
