// Defect: no stage looks at ctx: after a consumer stops early and cancels, every stage stays blocked forever on its send (or its receive).
//grader:delete send

package pipeline

import (
	"context"
	"slices"
)

// Generator returns a channel that yields nums in order and is then closed.
// It copies nums, so the caller may reuse the slice at once. When ctx is
// done it stops early and closes the channel.
func Generator(ctx context.Context, nums ...int) <-chan int {
	nums = slices.Clone(nums)
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

// stage starts a goroutine that maps every value from in with f and sends
// the results f keeps, until in is drained or ctx is done; then it closes
// the channel it returns.
func stage(ctx context.Context, in <-chan int, f func(int) (int, bool)) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			if r, keep := f(v); keep {
				out <- r
			}
		}
	}()
	return out
}
