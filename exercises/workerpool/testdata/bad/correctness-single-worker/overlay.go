// Defect: New starts a single worker whatever the number of workers asked for, so jobs never run in parallel.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import "context"

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
	p.running.Store(1)
	go p.work()
	return p
}
