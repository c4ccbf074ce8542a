// Defect: FanIn's forwarders poll their input with a select default branch and a 1ms sleep instead of blocking on it.

package fanout

import (
	"context"
	"sync"
	"time"
)

// FanIn returns a channel that yields every value received from chans, in
// no particular order across channels but in order within each one. It is
// closed once every channel in chans is closed and drained, or when ctx is
// done.
func FanIn(ctx context.Context, chans ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, c := range chans {
		wg.Go(func() {
			for {
				select {
				case v, ok := <-c:
					if !ok {
						return
					}
					if !send(ctx, out, v) {
						return
					}
				case <-ctx.Done():
					return
				default:
					time.Sleep(time.Millisecond) // nothing yet: look again later
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
