// Defect: Square and Filter read their whole input before sending anything, so they do not stream: nothing comes out until the input is closed.

package pipeline

import "context"

// stage starts a goroutine that maps every value from in with f and sends
// the results f keeps, until in is drained or ctx is done; then it closes
// the channel it returns.
func stage(ctx context.Context, in <-chan int, f func(int) (int, bool)) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		// Read the whole input first, then send the results.
		var results []int
		for collecting := true; collecting; {
			select {
			case v, ok := <-in:
				if !ok {
					collecting = false
					break
				}
				if r, keep := f(v); keep {
					results = append(results, r)
				}
			case <-ctx.Done():
				return
			}
		}
		for _, r := range results {
			if !send(ctx, out, r) {
				return
			}
		}
	}()
	return out
}
