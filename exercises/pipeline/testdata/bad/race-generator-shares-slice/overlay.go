// Defect: Generator reads the caller's nums slice from its goroutine instead of copying it, racing with a caller that reuses the slice.

package pipeline

import "context"

// Generator returns a channel that yields nums in order and is then closed.
// It copies nums, so the caller may reuse the slice at once. When ctx is
// done it stops early and closes the channel.
func Generator(ctx context.Context, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			if !send(ctx, out, n) {
				return
			}
		}
	}()
	return out
}
