// Defect: AcquireContext gives up when ctx is done without checking whether Release has just handed it the permit, so that permit is lost.

// Package semaphore is a known-bad submission for the semaphore exercise: a
// semaphore with a queue of waiters, to whom Release hands its permit
// directly.
package semaphore

import (
	"context"
	"fmt"
	"sync"
)

// Semaphore limits how many goroutines hold a permit at the same time. All
// its methods are safe for concurrent use.
type Semaphore struct {
	mu      sync.Mutex
	max     int
	held    int             // permits taken, including those handed to a waiter
	waiters []chan struct{} // blocked acquirers, oldest first; closed when handed a permit
	idle    chan struct{}   // made by a Wait while held > 0; closed when held drops to 0
}

// NewSemaphore returns a semaphore that lets at most maxConcurrent
// goroutines hold a permit at once. It panics if maxConcurrent <= 0.
func NewSemaphore(maxConcurrent int) *Semaphore {
	if maxConcurrent <= 0 {
		panic(fmt.Sprintf("semaphore: NewSemaphore(%d): maxConcurrent must be positive", maxConcurrent))
	}
	return &Semaphore{max: maxConcurrent}
}

// Acquire blocks until a permit is free and takes it.
func (s *Semaphore) Acquire() {
	_ = s.acquire(nil)
}

// AcquireContext blocks until a permit is free and takes it, or until ctx is
// done.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.acquire(ctx)
}

// acquire takes a permit, waiting in the queue if none is free, until ctx
// (if not nil) is done.
func (s *Semaphore) acquire(ctx context.Context) error {
	s.mu.Lock()
	if s.held < s.max && len(s.waiters) == 0 {
		s.held++
		s.mu.Unlock()
		return nil
	}
	ready := make(chan struct{})
	s.waiters = append(s.waiters, ready)
	s.mu.Unlock()

	var done <-chan struct{} // nil: never done
	if ctx != nil {
		done = ctx.Done()
	}
	select {
	case <-ready:
		return nil
	case <-done:
		s.mu.Lock()
		for i, w := range s.waiters {
			if w == ready {
				s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
				break
			}
		}
		// BUG: if Release closed ready meanwhile, this call was handed a
		// permit that nobody will ever release.
		s.mu.Unlock()
		return ctx.Err()
	}
}

// TryAcquire takes a permit if one is free and reports whether it did. It
// never blocks.
func (s *Semaphore) TryAcquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held < s.max && len(s.waiters) == 0 {
		s.held++
		return true
	}
	return false
}

// Release gives back a permit, handing it to the oldest blocked acquirer if
// there is one. It panics if no permit is held.
func (s *Semaphore) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == 0 {
		panic("semaphore: Release without a held permit")
	}
	if len(s.waiters) > 0 {
		close(s.waiters[0]) // the permit passes on: held is unchanged
		s.waiters = s.waiters[1:]
		return
	}
	s.held--
	if s.held == 0 && s.idle != nil {
		close(s.idle) // wake every Wait
		s.idle = nil
	}
}

// Wait blocks until no permit is held, and returns at once if none is.
func (s *Semaphore) Wait() {
	s.mu.Lock()
	if s.held == 0 {
		s.mu.Unlock()
		return
	}
	if s.idle == nil {
		s.idle = make(chan struct{})
	}
	idle := s.idle
	s.mu.Unlock()
	<-idle
}
