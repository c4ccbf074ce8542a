// Defect: Shutdown waits for the accepted jobs to finish and closes Results, but never closes the queue, so the idle workers wait on it forever.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by [Pool.Submit] once [Pool.Shutdown] has been
// called.
var ErrClosed = errors.New("workerpool: pool is shut down")

// Job is a unit of work. ctx is the pool's context for its jobs: it is
// cancelled only when a Shutdown gives up waiting.
type Job func(ctx context.Context) (any, error)

// Result is what a job returned, with the ID that Submit gave the job.
type Result struct {
	ID    int
	Value any
	Err   error
}

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

type task struct {
	id  int
	job Job
}

// New starts a pool of workers goroutines with room for queueSize jobs
// waiting to start. It panics if workers < 1 or queueSize < 0.
func New(workers, queueSize int) *Pool {
	if workers < 1 {
		panic("workerpool: New needs at least one worker")
	}
	if queueSize < 0 {
		panic("workerpool: New needs a queue size of zero or more")
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{
		jobs:    make(chan task, queueSize),
		results: make(chan Result),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
	}
	p.running.Store(int32(workers))
	for range workers {
		go p.work()
	}
	return p
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

// Results returns the channel on which every accepted job's Result is sent.
// It is closed once the pool has shut down and the last Result was sent.
func (p *Pool) Results() <-chan Result {
	return p.results
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

// Err returns the errors of the jobs that failed so far, joined with
// errors.Join, or nil if none did.
func (p *Pool) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return errors.Join(p.errs...)
}
