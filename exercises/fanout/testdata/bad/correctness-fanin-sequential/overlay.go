// Defect: FanIn drains its inputs one after another instead of all at once, so a value on a later input waits until every earlier input is closed.

package fanout

import "context"

// FanIn returns a channel that yields every value received from chans, in
// no particular order across channels but in order within each one. It is
// closed once every channel in chans is closed and drained, or when ctx is
// done.
func FanIn(ctx context.Context, chans ...<-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		// One input after another: a value on a later input waits until
		// every earlier input is closed.
		for _, c := range chans {
		drain:
			for {
				select {
				case v, ok := <-c:
					if !ok {
						break drain
					}
					if !send(ctx, out, v) {
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}
