// Defect: Shutdown closes the queue and returns at once, without waiting for the accepted jobs to run.

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
	return nil
}
