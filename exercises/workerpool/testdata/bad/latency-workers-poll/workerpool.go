// Defect: The queue is a slice under a mutex, and idle workers (and Submits waiting for room) poll it every millisecond instead of blocking until there is something to do.

// Package workerpool is a known-bad submission for the workerpool exercise:
// a correct pool whose waits are polling loops with sleeps.
package workerpool

import (
	"context"
	"errors"
	"sync"
	"time"
)

const pollInterval = time.Millisecond

// ErrClosed is returned by [Pool.Submit] once [Pool.Shutdown] has been
// called.
var ErrClosed = errors.New("workerpool: pool is shut down")

// Job is a unit of work.
type Job func(ctx context.Context) (any, error)

// Result is what a job returned, with the ID that Submit gave the job.
type Result struct {
	ID    int
	Value any
	Err   error
}

// Pool runs jobs on a fixed number of worker goroutines.
type Pool struct {
	results   chan Result
	done      chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
	workers   int
	queueSize int

	mu      sync.Mutex
	queue   []task
	busy    int // workers running a job
	running int // workers that have not exited
	closed  bool
	nextID  int
	errs    []error
}

type task struct {
	id  int
	job Job
}

// New starts a pool of workers goroutines with room for queueSize jobs
// waiting to start.
func New(workers, queueSize int) *Pool {
	if workers < 1 {
		panic("workerpool: New needs at least one worker")
	}
	if queueSize < 0 {
		panic("workerpool: New needs a queue size of zero or more")
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{
		results:   make(chan Result),
		done:      make(chan struct{}),
		ctx:       ctx,
		cancel:    cancel,
		workers:   workers,
		queueSize: queueSize,
		running:   workers,
	}
	for range workers {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	for {
		p.mu.Lock()
		if len(p.queue) == 0 {
			if p.closed {
				p.running--
				last := p.running == 0
				p.mu.Unlock()
				if last {
					close(p.results)
					p.cancel()
					close(p.done)
				}
				return
			}
			p.mu.Unlock()
			time.Sleep(pollInterval)
			continue
		}
		t := p.queue[0]
		p.queue = p.queue[1:]
		p.busy++
		p.mu.Unlock()

		v, err := t.job(p.ctx)
		p.mu.Lock()
		if err != nil {
			p.errs = append(p.errs, err)
		}
		p.mu.Unlock()
		p.results <- Result{ID: t.id, Value: v, Err: err}
		p.mu.Lock()
		p.busy--
		p.mu.Unlock()
	}
}

// Submit queues job and returns its ID.
func (p *Pool) Submit(ctx context.Context, job Job) (int, error) {
	for {
		if err := ctx.Err(); err != nil {
			return -1, err
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return -1, ErrClosed
		}
		// A job handed to an idle worker does not wait in the queue.
		if len(p.queue) < p.queueSize+p.workers-p.busy {
			id := p.nextID
			p.nextID++
			p.queue = append(p.queue, task{id: id, job: job})
			p.mu.Unlock()
			return id, nil
		}
		p.mu.Unlock()
		time.Sleep(pollInterval)
	}
}

// Results returns the channel on which every accepted job's Result is sent.
func (p *Pool) Results() <-chan Result {
	return p.results
}

// Shutdown stops the pool from accepting jobs and waits until every
// accepted job has run and every worker has exited.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
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

// Err returns the errors of the jobs that failed so far, joined.
func (p *Pool) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return errors.Join(p.errs...)
}
