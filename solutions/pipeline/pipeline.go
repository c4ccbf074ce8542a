// Package pipeline builds streams of ints from stages connected by
// channels: a generator, a squaring stage and a filtering stage, each
// running in its own goroutine and stopping when its context is done.
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
			if !send(ctx, out, n) {
				return
			}
		}
	}()
	return out
}

// Square returns a channel that yields the square of each value received
// from in, in order. It is closed once in is closed and drained, or when ctx
// is done.
func Square(ctx context.Context, in <-chan int) <-chan int {
	return stage(ctx, in, func(v int) (int, bool) { return v * v, true })
}

// Filter returns a channel that yields, in order, the values received from
// in for which pred returns true. pred is called once per value, from one
// goroutine. The channel is closed once in is closed and drained, or when
// ctx is done.
func Filter(ctx context.Context, in <-chan int, pred func(int) bool) <-chan int {
	return stage(ctx, in, func(v int) (int, bool) { return v, pred(v) })
}

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
