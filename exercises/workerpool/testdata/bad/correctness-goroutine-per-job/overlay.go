// Defect: Submit starts a goroutine per job instead of queueing it for a fixed set of workers, so any number of jobs run at once and Submit never blocks.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import (
	"context"
	"sync"
)

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
		jobs:    make(chan task),
		results: make(chan Result),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
	}
	p.running.Store(1)
	go p.work()
	return p
}

func (p *Pool) work() {
	var wg sync.WaitGroup
	for t := range p.jobs {
		wg.Go(func() {
			v, err := t.job(p.ctx)
			if err != nil {
				p.mu.Lock()
				p.errs = append(p.errs, err)
				p.mu.Unlock()
			}
			p.results <- Result{ID: t.id, Value: v, Err: err}
		})
	}
	wg.Wait()
	if p.running.Add(-1) == 0 {
		close(p.results)
		p.cancel()
		close(p.done)
	}
}
