// Defect: Map hands large inputs to a package-level worker goroutine that is started on first use and never stopped.

package generics

import "sync"

// Map returns a new slice holding f(v) for each element v of s, in order.
// It calls f once per element, in order. It does not modify s.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	work := func() {
		for i, v := range s {
			out[i] = f(v)
		}
	}
	if len(s) < offloadMin {
		work()
		return out
	}
	// Large inputs go to the background worker, started on first use.
	startWorker.Do(func() {
		jobs = make(chan func())
		go func() {
			for job := range jobs {
				job()
			}
		}()
	})
	done := make(chan struct{})
	jobs <- func() {
		work()
		close(done)
	}
	<-done
	return out
}

// offloadMin is the input size from which Map hands its work to the
// background worker.
//
//grader:new
const offloadMin = 1 << 14

//grader:new
var (
	startWorker sync.Once
	jobs        chan func() // never closed: the worker never ends
)
