// Good: golang.org/x/sync/semaphore v0.25.0, copied unchanged into weighted.go, wrapped in the exercise's API.

// Package semaphore is golang.org/x/sync/semaphore's Weighted (weighted.go,
// copied unchanged) wrapped in the exercise's API: a submission that must
// score full marks, since a widely used semaphore meets the prompt. Weighted
// has no Wait, so the wrapper counts the permits held.
package semaphore

import (
	"context"
	"fmt"
	"sync"
)

// Semaphore limits how many goroutines hold a permit at the same time. All
// its methods are safe for concurrent use.
type Semaphore struct {
	w *Weighted

	mu   sync.Mutex
	held int        // permits whose acquire has returned and not yet released
	idle *sync.Cond // broadcast when held drops to 0
}

// NewSemaphore returns a semaphore that lets at most maxConcurrent
// goroutines hold a permit at once. It panics if maxConcurrent <= 0.
func NewSemaphore(maxConcurrent int) *Semaphore {
	if maxConcurrent <= 0 {
		panic(fmt.Sprintf("semaphore: NewSemaphore(%d): maxConcurrent must be positive", maxConcurrent))
	}
	s := &Semaphore{w: NewWeighted(int64(maxConcurrent))}
	s.idle = sync.NewCond(&s.mu)
	return s
}

// Acquire blocks until a permit is free and takes it.
func (s *Semaphore) Acquire() {
	_ = s.w.Acquire(context.Background(), 1) // never fails: the context is never done
	s.add(1)
}

// AcquireContext blocks until a permit is free and takes it, or until ctx is
// done, and then returns ctx.Err() holding no permit.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	if err := s.w.Acquire(ctx, 1); err != nil {
		return err
	}
	s.add(1)
	return nil
}

// TryAcquire takes a permit if one is free and reports whether it did.
func (s *Semaphore) TryAcquire() bool {
	if !s.w.TryAcquire(1) {
		return false
	}
	s.add(1)
	return true
}

// Release gives back a permit. It panics (in Weighted.Release) if no permit
// is held.
func (s *Semaphore) Release() {
	s.w.Release(1)
	s.add(-1)
}

// Wait blocks until no permit is held.
func (s *Semaphore) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.held > 0 {
		s.idle.Wait()
	}
}

// add changes the count of permits held by d.
func (s *Semaphore) add(d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held += d
	if s.held == 0 {
		s.idle.Broadcast()
	}
}
