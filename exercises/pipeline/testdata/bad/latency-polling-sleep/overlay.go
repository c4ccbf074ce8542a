// Defect: each stage polls its input with a select default branch and a 1ms sleep instead of blocking on it.

package pipeline

import (
	"context"
	"time"
)

// stage starts a goroutine that maps every value from in with f and sends
// the results f keeps, until in is drained or ctx is done; then it closes
// the channel it returns.
func stage(ctx context.Context, in <-chan int, f func(int) (int, bool)) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				if r, keep := f(v); keep && !send(ctx, out, r) {
					return
				}
			case <-ctx.Done():
				return
			default:
				time.Sleep(time.Millisecond) // nothing to read yet: look again later
			}
		}
	}()
	return out
}
