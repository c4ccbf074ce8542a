// Defect: FanOut's workers share a plain bool that the first one to see ctx done sets and all of them read, without synchronisation (a data race).

package fanout

import (
	"context"
	"fmt"
)

// FanOut starts workers goroutines that share the values received from in:
// each value is taken by exactly one worker, which sends fn(value) on its
// own output channel. It returns the workers' output channels, one per
// worker. Each output channel is closed once in is closed and drained, or
// when ctx is done. fn is called from up to workers goroutines at once.
// FanOut panics if workers <= 0.
func FanOut(ctx context.Context, in <-chan int, workers int, fn func(int) int) []<-chan int {
	if workers <= 0 {
		panic(fmt.Sprintf("fanout: FanOut with %d workers: want at least 1", workers))
	}
	outs := make([]<-chan int, workers)
	stopped := false // set by the first worker to see ctx done; read by all
	for i := range outs {
		out := make(chan int)
		outs[i] = out
		go func() {
			defer close(out)
			for !stopped {
				select {
				case v, ok := <-in:
					if !ok {
						return
					}
					if !send(ctx, out, fn(v)) {
						stopped = true
						return
					}
				case <-ctx.Done():
					stopped = true
					return
				}
			}
		}()
	}
	return outs
}
