package fanout_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"fanout"
)

// source returns a closed, buffered channel holding vals.
func source(vals ...int) <-chan int {
	ch := make(chan int, len(vals))
	for _, v := range vals {
		ch <- v
	}
	close(ch)
	return ch
}

// drain receives from out until it is closed, failing after 5s.
func drain(t *testing.T, out <-chan int) []int {
	t.Helper()
	var got []int
	timeout := time.After(5 * time.Second)
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-timeout:
			t.Fatalf("output not closed within 5s; received %v", got)
		}
	}
}

func TestFanOutFanIn(t *testing.T) {
	ctx := context.Background()
	outs := fanout.FanOut(ctx, source(1, 2, 3, 4, 5, 6), 3, func(v int) int { return v * v })
	if len(outs) != 3 {
		t.Fatalf("FanOut with 3 workers returned %d channels; want 3", len(outs))
	}
	got := drain(t, fanout.FanIn(ctx, outs...))
	slices.Sort(got)
	if want := []int{1, 4, 9, 16, 25, 36}; !slices.Equal(got, want) {
		t.Errorf("FanIn(FanOut(1..6, square)), sorted = %v; want %v", got, want)
	}
}

func TestFanInMerges(t *testing.T) {
	got := drain(t, fanout.FanIn(context.Background(), source(1, 2), source(), source(3)))
	slices.Sort(got)
	if want := []int{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("FanIn of {1, 2}, {}, {3}, sorted = %v; want %v", got, want)
	}
}

func TestFanOutPanicsOnZeroWorkers(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("FanOut with 0 workers did not panic; want a panic")
		}
	}()
	fanout.FanOut(context.Background(), source(), 0, func(v int) int { return v })
}
