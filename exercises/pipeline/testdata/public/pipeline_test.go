package pipeline_test

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"time"

	"pipeline"
)

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

func TestSquareOfGenerator(t *testing.T) {
	ctx := context.Background()
	got := drain(t, pipeline.Square(ctx, pipeline.Generator(ctx, 1, 2, 3)))
	if want := []int{1, 4, 9}; !slices.Equal(got, want) {
		t.Errorf("Square(Generator(1, 2, 3)) = %v; want %v", got, want)
	}
}

func TestFilterKeepsOrder(t *testing.T) {
	ctx := context.Background()
	isEven := func(v int) bool { return v%2 == 0 }
	got := drain(t, pipeline.Filter(ctx, pipeline.Generator(ctx, 6, 1, 4, 3, 2), isEven))
	if want := []int{6, 4, 2}; !slices.Equal(got, want) {
		t.Errorf("Filter(Generator(6, 1, 4, 3, 2), even) = %v; want %v", got, want)
	}
}

func TestCancelStopsStages(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	nums := make([]int, 1000)
	out := pipeline.Square(ctx, pipeline.Generator(ctx, nums...))
	<-out
	cancel() // stop reading: the stages must end on their own
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still running 5s after cancel; want %d", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
