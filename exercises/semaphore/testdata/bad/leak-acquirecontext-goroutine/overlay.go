// Defect: AcquireContext waits in a helper goroutine that calls Acquire; after a cancellation the helper stays blocked for as long as the semaphore is full.

package semaphore

import "context"

// AcquireContext blocks until a permit is free and takes it, or until ctx is
// done. It returns nil when it took a permit, and ctx.Err() when it did not:
// a call that returns an error holds no permit. If ctx is already done it
// returns ctx.Err() at once, even if a permit is free.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	got := make(chan struct{})
	go func() {
		s.Acquire() // blocks for as long as the semaphore stays full
		select {
		case got <- struct{}{}:
		case <-ctx.Done():
			s.Release() // the caller gave up: give the permit back
		}
	}()
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
