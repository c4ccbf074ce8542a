// Defect: AcquireContext checks ctx.Err() after a select that may already have taken a permit, so a call that returns an error can keep a permit forever.

package semaphore

import "context"

// AcquireContext blocks until a permit is free and takes it, or until ctx is
// done. It returns nil when it took a permit, and ctx.Err() when it did not:
// a call that returns an error holds no permit. If ctx is already done it
// returns ctx.Err() at once, even if a permit is free.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		s.acquired()
	case <-ctx.Done():
	}
	// The select may have taken a permit even though ctx is done: it is
	// never given back.
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}
