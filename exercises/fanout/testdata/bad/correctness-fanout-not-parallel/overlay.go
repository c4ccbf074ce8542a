// Defect: FanOut calls fn from a single goroutine and only deals the results out round-robin, so the workers never run in parallel.

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
	chans := make([]chan int, workers)
	for i := range outs {
		chans[i] = make(chan int)
		outs[i] = chans[i]
	}
	// One goroutine computes every result and deals them out in turn.
	go func() {
		defer func() {
			for _, c := range chans {
				close(c)
			}
		}()
		for i := 0; ; i = (i + 1) % workers {
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				if !send(ctx, chans[i], fn(v)) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return outs
}
