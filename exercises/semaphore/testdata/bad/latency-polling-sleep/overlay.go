// Defect: Acquire and AcquireContext poll TryAcquire with a 1ms sleep instead of blocking until a permit is released.

package semaphore

import (
	"context"
	"time"
)

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
