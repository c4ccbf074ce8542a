// Defect: FanIn drains its inputs one after another instead of all at once, so a value on a later input waits until every earlier input is closed.

// Package fanout spreads a stream of ints over parallel workers (FanOut)
// and merges several streams back into one (FanIn).
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
	for i := range outs {
		out := make(chan int)
		outs[i] = out
		go func() {
			defer close(out)
			for {
				select {
				case v, ok := <-in:
					if !ok {
						return
					}
					if !send(ctx, out, fn(v)) {
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	return outs
}

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

// send sends v on out unless ctx is done first, and reports whether it did.
func send(ctx context.Context, out chan<- int, v int) bool {
	select {
	case out <- v:
		return true
	case <-ctx.Done():
		return false
	}
}
