// Defect: Acquire and AcquireContext poll TryAcquire with a 1ms sleep instead of blocking until a permit is released.

// Package semaphore is a counting semaphore: at most a fixed number of
// goroutines hold a permit at once.
package semaphore

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Semaphore limits how many goroutines hold a permit at the same time. All
// its methods are safe for concurrent use.
type Semaphore struct {
	// slots has one element for every permit taken: sending takes a
	// permit, receiving gives one back.
	slots chan struct{}

	mu   sync.Mutex
	held int           // permits acquired and not yet released
	idle chan struct{} // made by a Wait while held > 0; closed when held drops to 0
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
	for !s.TryAcquire() {
		time.Sleep(time.Millisecond)
	}
}

// AcquireContext blocks until a permit is free and takes it, or until ctx is
// done. It returns nil when it took a permit, and ctx.Err() when it did not:
// a call that returns an error holds no permit. If ctx is already done it
// returns ctx.Err() at once, even if a permit is free.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(time.Millisecond)
	defer t.Stop()
	for !s.TryAcquire() {
		t.Reset(time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// TryAcquire takes a permit if one is free and reports whether it did. It
// never blocks.
func (s *Semaphore) TryAcquire() bool {
	select {
	case s.slots <- struct{}{}:
		s.acquired()
		return true
	default:
		return false
	}
}

// acquired records a permit taken from s.slots.
func (s *Semaphore) acquired() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held++
}

// Release gives back a permit. It panics if no permit is held.
func (s *Semaphore) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == 0 {
		panic("semaphore: Release without a held permit")
	}
	<-s.slots // never blocks: every held permit fills a slot
	s.held--
	if s.held == 0 && s.idle != nil {
		close(s.idle) // wake every Wait
		s.idle = nil
	}
}

// Wait blocks until no permit is held, and returns at once if none is. It
// may be called at any time, by several goroutines, while others acquire and
// release; the semaphore stays usable afterwards.
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
