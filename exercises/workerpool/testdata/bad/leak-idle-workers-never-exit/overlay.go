// Defect: Shutdown waits for the accepted jobs to finish and closes Results, but never closes the queue, so the idle workers wait on it forever.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import (
	"context"
	"sync"
	"sync/atomic"
)

// Pool runs jobs on a fixed number of worker goroutines. Create one with
// [New]; stop it with [Pool.Shutdown].
type Pool struct {
	jobs     chan task
	results  chan Result
	quit     chan struct{} // closed when Shutdown is first called
	done     chan struct{} // closed once every worker has exited
	ctx      context.Context
	cancel   context.CancelFunc
	running  atomic.Int32   // workers that have not exited yet
	jobsDone sync.WaitGroup // accepted jobs whose Result was not sent yet

	mu      sync.Mutex
	closed  bool
	nextID  int
	errs    []error
	senders sync.WaitGroup // Submits that may still send on jobs

	stop sync.Once
}

func (p *Pool) work() {
	for t := range p.jobs {
		v, err := t.job(p.ctx)
		if err != nil {
			p.mu.Lock()
			p.errs = append(p.errs, err)
			p.mu.Unlock()
		}
		p.results <- Result{ID: t.id, Value: v, Err: err}
		p.jobsDone.Done()
	}
}

// finishJobs closes Results and done once every accepted job has run.
//
//grader:new
func (p *Pool) finishJobs() {
	p.jobsDone.Wait()
	close(p.results)
	p.cancel()
	close(p.done)
}

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
	p.senders.Add(1)
	p.jobsDone.Add(1)
	p.mu.Unlock()
	defer p.senders.Done()

	select {
	case p.jobs <- task{id: id, job: job}:
		return id, nil
	case <-p.quit:
		p.jobsDone.Done()
		return -1, ErrClosed
	case <-ctx.Done():
		p.jobsDone.Done()
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
		p.senders.Wait() // blocked senders return at once: quit is closed
		go p.finishJobs()
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
