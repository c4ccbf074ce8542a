// Defect: Map splits large inputs between two goroutines, so it calls f concurrently, and f need not be safe for that.

package generics

import "sync"

// Map returns a new slice holding f(v) for each element v of s, in order.
// It calls f once per element, in order. It does not modify s.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	if len(s) < parallelMin {
		for i, v := range s {
			out[i] = f(v)
		}
		return out
	}
	// Large inputs: map two halves in parallel, calling f concurrently.
	var wg sync.WaitGroup
	half := len(s) / 2
	for _, part := range [][2]int{{0, half}, {half, len(s)}} {
		wg.Go(func() {
			for i := part[0]; i < part[1]; i++ {
				out[i] = f(s[i])
			}
		})
	}
	wg.Wait()
	return out
}

// parallelMin is the input size from which Map works in parallel.
//
//grader:new
const parallelMin = 1024
