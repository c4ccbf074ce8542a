package pipeline_test

import (
	"context"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"pipeline"
	"pipeline/internal/gradertest"
)

// patience is how long (virtual time, inside a bubble) a test waits for
// something that should happen promptly. Any sane implementation needs far
// less; a slow one still passes here and is judged by the latency suite.
const patience = 10 * time.Second

// collect receives from out until it is closed, within patience, and
// returns the values received. It fails the test if out stays open.
func collect(t *testing.T, out <-chan int, what string) []int {
	t.Helper()
	got := []int{}
	timeout := time.After(patience)
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-timeout:
			t.Fatalf("%s: output not closed within %v; received so far: %v", what, patience, got)
		}
	}
}

// receive returns the next value from out, failing the test if out is
// closed or yields nothing within patience.
func receive(t *testing.T, out <-chan int, what string) int {
	t.Helper()
	select {
	case v, ok := <-out:
		if !ok {
			t.Fatalf("%s: output closed; want a value", what)
		}
		return v
	case <-time.After(patience):
		t.Fatalf("%s: no value within %v", what, patience)
	}
	return 0
}

// feed returns a channel that yields vals and is then closed, built by the
// test so that a stage can be checked on its own.
func feed(vals ...int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range vals {
			ch <- v
		}
	}()
	return ch
}

func seq(lo, hi int) []int {
	var s []int
	for i := lo; i <= hi; i++ {
		s = append(s, i)
	}
	return s
}

func isEven(v int) bool { return v%2 == 0 }

// TestCorrectness_GeneratorYieldsInOrder checks that Generator sends its
// values in order and then closes its channel.
func TestCorrectness_GeneratorYieldsInOrder(t *testing.T) {
	tests := []struct {
		name string
		nums []int
	}{
		{"none", nil},
		{"one", []int{7}},
		{"several", []int{3, -1, 4, 1, -5, 9, 2, 6}},
		{"duplicates", []int{2, 2, 0, 0, 2}},
		{"many", seq(1, 500)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				got := collect(t, pipeline.Generator(context.Background(), tc.nums...), "Generator")
				if diff := cmp.Diff(append([]int{}, tc.nums...), got); diff != "" {
					t.Errorf("Generator(ctx, %v) yielded (-want +got):\n%s", tc.nums, diff)
				}
			})
		})
	}
}

// TestCorrectness_SquareInOrder checks that Square sends the square of each
// input value, in input order.
func TestCorrectness_SquareInOrder(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		want []int
	}{
		{"empty", nil, []int{}},
		{"one", []int{3}, []int{9}},
		{"signs and zero", []int{-3, 0, 2, -1, 5}, []int{9, 0, 4, 1, 25}},
		{"many", seq(-100, 100), func() []int {
			var w []int
			for _, v := range seq(-100, 100) {
				w = append(w, v*v)
			}
			return w
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				got := collect(t, pipeline.Square(context.Background(), feed(tc.in...)), "Square")
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Square of %v yielded (-want +got):\n%s", tc.in, diff)
				}
			})
		})
	}
}

// TestCorrectness_FilterInOrder checks that Filter passes on exactly the
// values its predicate keeps, in input order.
func TestCorrectness_FilterInOrder(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		pred func(int) bool
		want []int
	}{
		{"even", []int{1, 2, 3, 4, 5, 6, -2, -3}, isEven, []int{2, 4, 6, -2}},
		{"none pass", []int{1, 3, 5}, isEven, []int{}},
		{"all pass", []int{5, 1, 4}, func(int) bool { return true }, []int{5, 1, 4}},
		{"empty input", nil, func(int) bool { return true }, []int{}},
		{"greater than 10", []int{11, 3, 20, 10, 15}, func(v int) bool { return v > 10 }, []int{11, 20, 15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				got := collect(t, pipeline.Filter(context.Background(), feed(tc.in...), tc.pred), "Filter")
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Filter of %v yielded (-want +got):\n%s", tc.in, diff)
				}
			})
		})
	}
}

// TestCorrectness_FilterCallsPredOncePerValueInOrder checks that Filter
// calls its predicate once per input value, in input order.
func TestCorrectness_FilterCallsPredOncePerValueInOrder(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		in := []int{4, 8, 15, 16, 23, 42, 15}
		var mu sync.Mutex
		var calls []int
		pred := func(v int) bool {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, v)
			return v > 10
		}
		got := collect(t, pipeline.Filter(context.Background(), feed(in...), pred), "Filter")
		if diff := cmp.Diff([]int{15, 16, 23, 42, 15}, got); diff != "" {
			t.Errorf("Filter yielded (-want +got):\n%s", diff)
		}
		mu.Lock()
		defer mu.Unlock()
		if diff := cmp.Diff(in, calls); diff != "" {
			t.Errorf("values pred was called with (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_ComposedPipeline checks that stages chained together give
// the composed result.
func TestCorrectness_ComposedPipeline(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx := context.Background()
		nums := seq(-10, 30)
		got := collect(t, pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, nums...)), isEven), "Filter(Square(Generator))")
		var want []int
		for _, v := range nums {
			if v*v%2 == 0 {
				want = append(want, v*v)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Filter(Square(Generator(%d..%d)), even) yielded (-want +got):\n%s", nums[0], nums[len(nums)-1], diff)
		}
		got = collect(t, pipeline.Square(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, 1, 2, 3))), "Square(Square(Generator))")
		if diff := cmp.Diff([]int{1, 16, 81}, got); diff != "" {
			t.Errorf("Square(Square(Generator(1, 2, 3))) yielded (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_StagesStream checks that a stage passes each value on as
// soon as it gets it, without waiting for its input to be closed.
func TestCorrectness_StagesStream(t *testing.T) {
	stages := []struct {
		name  string
		stage func(ctx context.Context, in <-chan int) <-chan int
		want  func(int) int
	}{
		{"Square", pipeline.Square, func(v int) int { return v * v }},
		{"Filter", func(ctx context.Context, in <-chan int) <-chan int {
			return pipeline.Filter(ctx, in, func(int) bool { return true })
		}, func(v int) int { return v }},
	}
	for _, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				in := make(chan int)
				out := st.stage(context.Background(), in)
				for _, v := range []int{3, -4, 5} {
					select {
					case in <- v:
					case <-time.After(patience):
						t.Fatalf("%s did not receive %d from its input within %v", st.name, v, patience)
					}
					got := receive(t, out, fmt.Sprintf("%s, after %d was sent and its input left open", st.name, v))
					if diff := cmp.Diff(st.want(v), got); diff != "" {
						t.Fatalf("%s yielded for %d (-want +got):\n%s", st.name, v, diff)
					}
				}
				close(in)
				if got := collect(t, out, st.name+", after its input was closed"); len(got) != 0 {
					t.Errorf("%s yielded %v after its input was drained; want nothing more", st.name, got)
				}
			})
		})
	}
}

// TestCorrectness_CancelledMidway checks that what a consumer receives
// after cancelling is still an in-order prefix of the full result: a stage
// may stop at once or deliver a few more values, but never others.
func TestCorrectness_CancelledMidway(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		nums := seq(1, 200)
		out := pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, nums...)), isEven)
		var got []int
		for range 3 {
			got = append(got, receive(t, out, "the pipeline, before cancel"))
		}
		cancel()
		got = append(got, collect(t, out, "the pipeline, after cancel")...)
		var want []int
		for _, v := range nums {
			if v%2 == 0 {
				want = append(want, v*v)
			}
		}
		if len(got) > len(want) {
			t.Fatalf("received %d values; want at most %d", len(got), len(want))
		}
		if diff := cmp.Diff(want[:len(got)], got); diff != "" {
			t.Errorf("values received, 3 before cancel and the rest after (-want +got):\n%s", diff)
		}
	})
}

// ---- race ----

// TestRace_CallerReusesSlice checks that Generator does not race with a
// caller who reuses the slice it passed in.
func TestRace_CallerReusesSlice(t *testing.T) {
	nums := seq(1, 200)
	out := pipeline.Generator(context.Background(), nums...)
	for i := range nums {
		nums[i] = -1 // Generator copied nums: this must not touch what it yields
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range out {
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Generator's output not closed within 5s")
	}
}

// TestRace_ManyPipelines runs many pipelines at once and cancels some of
// them midway.
func TestRace_ManyPipelines(t *testing.T) {
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	var wg sync.WaitGroup
	for p := range 16 {
		stopAfter := rng.Intn(300)
		wg.Go(func() {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seen := map[int]int{} // pred is never called concurrently
			pred := func(v int) bool {
				seen[v]++
				return v%3 != 0
			}
			out := pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, seq(p, p+200)...)), pred)
			n := 0
			for range out {
				n++
				if n == stopAfter {
					cancel()
				}
			}
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Log("pipelines did not finish within 10s; the correctness and leak suites judge that")
	}
}

// ---- leak ----

// waitFor fails the test if done is not closed within 5s.
func waitFor(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s within 5s", what)
	}
}

// TestLeak_ConsumerStopsEarly checks that no stage keeps running after the
// consumer stops reading and cancels.
func TestLeak_ConsumerStopsEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := goleak.IgnoreCurrent() // the test's own goroutines
		ctx, cancel := context.WithCancel(context.Background())
		out := pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, seq(1, 1000)...)), isEven)
		for range 3 {
			<-out
		}
		synctest.Wait() // every stage runs until it blocks, values in flight
		cancel()        // and never read out again
		synctest.Wait()
		goleak.VerifyNone(t, before)
	})
}

// TestLeak_CancelWhileWaitingForInput checks that stages blocked waiting for
// input stop when the context is cancelled.
func TestLeak_CancelWhileWaitingForInput(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan int) // never sent on, never closed
	pipeline.Square(ctx, in)
	pipeline.Filter(ctx, in, isEven)
	cancel()
}

// TestLeak_OutputClosesOnCancel checks that every stage closes its output
// and stops after a cancel.
func TestLeak_OutputClosesOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan int) // never closed: only ctx can end the stages
	outs := []<-chan int{pipeline.Square(ctx, in), pipeline.Filter(ctx, in, isEven)}
	select {
	case in <- 1: // one stage now holds a value it may be unable to send
	case <-time.After(5 * time.Second):
	}
	cancel()
	for _, out := range outs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range out {
			}
		}()
		waitFor(t, done, "a consumer draining a stage's output after cancel did not see it closed")
	}
}

// TestLeak_RunToCompletion checks that no goroutine is left once a pipeline
// has been drained to the end.
func TestLeak_RunToCompletion(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	out := pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, seq(1, 100)...)), isEven)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range out {
		}
	}()
	waitFor(t, done, "the pipeline's output was not closed")
}

// ---- latency ----

// BenchmarkLatency_Pipeline measures building a pipeline and draining values
// through it.
//
// BenchmarkLatency_Pipeline measures building a three-stage pipeline and
// draining 100 values through it.
func BenchmarkLatency_Pipeline(b *testing.B) {
	nums := seq(1, 100)
	ctx := context.Background()
	for b.Loop() {
		for range pipeline.Filter(ctx, pipeline.Square(ctx, pipeline.Generator(ctx, nums...)), isEven) {
		}
	}
}
