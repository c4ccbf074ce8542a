// Defect: Wait is a sync.WaitGroup whose Add runs after the permit is taken, concurrently with Wait (WaitGroup misuse: a data race on the WaitGroup, and a possible "WaitGroup is reused" panic).

// Package semaphore is a counting semaphore: at most a fixed number of
// goroutines hold a permit at once.
package semaphore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// Semaphore limits how many goroutines hold a permit at the same time.
type Semaphore struct {
	slots chan struct{}
	held  atomic.Int64
	wg    sync.WaitGroup
}

// NewSemaphore returns a semaphore that lets at most maxConcurrent
// goroutines hold a permit at once. It panics if maxConcurrent <= 0.
func NewSemaphore(maxConcurrent int) *Semaphore {
	if maxConcurrent <= 0 {
		panic(fmt.Sprintf("semaphore: NewSemaphore(%d): maxConcurrent must be positive", maxConcurrent))
	}
	return &Semaphore{slots: make(chan struct{}, maxConcurrent)}
}

// Acquire blocks until a permit is free and takes it.
func (s *Semaphore) Acquire() {
	s.slots <- struct{}{}
	s.acquired()
}

// AcquireContext takes a permit, or returns ctx.Err() once ctx is done.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case s.slots <- struct{}{}:
		s.acquired()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TryAcquire takes a permit if one is free and reports whether it did.
func (s *Semaphore) TryAcquire() bool {
	select {
	case s.slots <- struct{}{}:
		s.acquired()
		return true
	default:
		return false
	}
}

func (s *Semaphore) acquired() {
	s.held.Add(1)
	s.wg.Add(1) // after the permit is taken, and concurrently with Wait
}

// Release gives back a permit. It panics if no permit is held.
func (s *Semaphore) Release() {
	for {
		n := s.held.Load()
		if n == 0 {
			panic("semaphore: Release without a held permit")
		}
		if s.held.CompareAndSwap(n, n-1) {
			break
		}
	}
	<-s.slots
	s.wg.Done()
}

// Wait blocks until no permit is held.
func (s *Semaphore) Wait() {
	s.wg.Wait()
}
