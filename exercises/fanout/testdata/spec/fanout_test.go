package fanout_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"fanout"
	"fanout/internal/gradertest"
)

// patience is how long (virtual time, inside a bubble) a test waits for
// something that should happen promptly. Any sane implementation needs far
// less; a slow one still passes here and is judged by the latency suite.
const patience = 10 * time.Second

// feed returns a channel that yields vals and is then closed. It stops
// early (and closes) when ctx is done.
func feed(ctx context.Context, vals ...int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range vals {
			select {
			case ch <- v:
			case <-ctx.Done():
				return
			}
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

// drain receives from every channel in chans at once, without using FanIn,
// until all are closed, and returns what each one yielded. It fails the
// test if they are not all closed within patience.
func drain(t *testing.T, chans []<-chan int, what string) [][]int {
	t.Helper()
	got := make([][]int, len(chans))
	var wg sync.WaitGroup
	for i, c := range chans {
		wg.Go(func() {
			for v := range c {
				got[i] = append(got[i], v)
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
	case <-time.After(patience):
		t.Fatalf("%s: not every output channel closed within %v", what, patience)
	}
	return got
}

// collect receives from out until it is closed, within patience.
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

// sorted returns a sorted copy of s, never nil.
func sorted(s []int) []int {
	s = append([]int{}, s...)
	slices.Sort(s)
	return s
}

func flatten(ss [][]int) []int {
	var all []int
	for _, s := range ss {
		all = append(all, s...)
	}
	return all
}

func panics(f func()) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	f()
	return false
}

// TestCorrectness_FanOutPanicsOnNonPositiveWorkers checks that FanOut panics
// when asked for no workers or fewer.
func TestCorrectness_FanOutPanicsOnNonPositiveWorkers(t *testing.T) {
	for _, n := range []int{0, -1} {
		in := make(chan int)
		close(in)
		if !panics(func() { fanout.FanOut(context.Background(), in, n, func(v int) int { return v }) }) {
			t.Errorf("FanOut with workers=%d did not panic; want a panic", n)
		}
	}
}

// TestCorrectness_FanOutReturnsOneChannelPerWorker checks that FanOut
// returns one output channel per worker.
func TestCorrectness_FanOutReturnsOneChannelPerWorker(t *testing.T) {
	for _, workers := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				in := make(chan int)
				close(in)
				outs := fanout.FanOut(context.Background(), in, workers, func(v int) int { return v })
				if diff := cmp.Diff(workers, len(outs)); diff != "" {
					t.Fatalf("number of channels FanOut returned (-want +got):\n%s", diff)
				}
				for i, c := range outs {
					if c == nil {
						t.Fatalf("channel %d FanOut returned is nil", i)
					}
				}
				if got := flatten(drain(t, outs, "FanOut of an empty, closed input")); len(got) != 0 {
					t.Errorf("FanOut of an empty input yielded %v; want nothing", got)
				}
			})
		})
	}
}

// TestCorrectness_FanOutProcessesEachInputOnce checks that every input value
// is processed by exactly one worker, exactly once.
func TestCorrectness_FanOutProcessesEachInputOnce(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				nums := append(seq(1, 200), 7, 7, 7) // duplicates are separate inputs
				var mu sync.Mutex
				var calls []int
				fn := func(v int) int {
					mu.Lock()
					calls = append(calls, v)
					mu.Unlock()
					return v * 10
				}
				got := flatten(drain(t, fanout.FanOut(context.Background(), feed(context.Background(), nums...), workers, fn), "FanOut"))
				var want []int
				for _, v := range nums {
					want = append(want, v*10)
				}
				if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
					t.Errorf("results from all channels, sorted (-want +got):\n%s", diff)
				}
				mu.Lock()
				defer mu.Unlock()
				if diff := cmp.Diff(sorted(nums), sorted(calls)); diff != "" {
					t.Errorf("values fn was called with, sorted (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestCorrectness_FanOutWorkersRunInParallel gives FanOut exactly workers
// values and an fn that waits until workers calls are in flight at once.
func TestCorrectness_FanOutWorkersRunInParallel(t *testing.T) {
	for _, workers := range []int{2, 4, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				var inFlight, peak atomic.Int64
				all := make(chan struct{})
				fn := func(v int) int {
					n := inFlight.Add(1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					if n == int64(workers) {
						close(all)
					}
					select {
					case <-all:
					case <-time.After(patience): // give up; the peak tells
					}
					inFlight.Add(-1)
					return v
				}
				nums := seq(1, workers)
				got := flatten(drain(t, fanout.FanOut(context.Background(), feed(context.Background(), nums...), workers, fn), "FanOut"))
				if diff := cmp.Diff(int64(workers), peak.Load()); diff != "" {
					t.Errorf("most fn calls in flight at once, FanOut with %d workers and %d values (-want +got):\n%s", workers, workers, diff)
				}
				if diff := cmp.Diff(nums, sorted(got)); diff != "" {
					t.Errorf("results, sorted (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestCorrectness_FanInMergesEverything checks that FanIn delivers every
// value of every input.
func TestCorrectness_FanInMergesEverything(t *testing.T) {
	tests := []struct {
		name   string
		inputs [][]int
	}{
		{"no channels", nil},
		{"one", [][]int{{1, 2, 3}}},
		{"three", [][]int{{1, 2, 3}, {10, 20}, {100, 200, 300, 400}}},
		{"some empty", [][]int{{}, {5}, {}, {6, 7}}},
		{"many", [][]int{seq(0, 99), seq(100, 199), seq(200, 299), seq(300, 399), seq(400, 499)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				var chans []<-chan int
				for _, vals := range tc.inputs {
					chans = append(chans, feed(context.Background(), vals...))
				}
				got := collect(t, fanout.FanIn(context.Background(), chans...), "FanIn")
				if diff := cmp.Diff(sorted(flatten(tc.inputs)), sorted(got)); diff != "" {
					t.Errorf("values FanIn yielded, sorted (-want +got):\n%s", diff)
				}
				// Within one input, order is kept.
				for i, vals := range tc.inputs {
					var sub []int
					for _, v := range got {
						if slices.Contains(vals, v) {
							sub = append(sub, v)
						}
					}
					if diff := cmp.Diff(append([]int{}, vals...), append([]int{}, sub...)); diff != "" {
						t.Errorf("values of input %d, in the order FanIn yielded them (-want +got):\n%s", i, diff)
					}
				}
			})
		})
	}
}

// TestCorrectness_FanInStreams checks that FanIn passes on a value from any
// input as soon as it arrives, while the other inputs are still open.
func TestCorrectness_FanInStreams(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a, b, c := make(chan int), make(chan int), make(chan int)
		out := fanout.FanIn(context.Background(), a, b, c)
		for i, step := range []struct {
			ch chan int
			v  int
		}{{c, 3}, {b, 2}, {a, 1}, {c, 33}} {
			select {
			case step.ch <- step.v:
			case <-time.After(patience):
				t.Fatalf("step %d: FanIn did not receive %d within %v, with every input open", i+1, step.v, patience)
			}
			select {
			case got, ok := <-out:
				if !ok {
					t.Fatalf("step %d: FanIn's output closed while every input is open", i+1)
				}
				if diff := cmp.Diff(step.v, got); diff != "" {
					t.Fatalf("step %d: value FanIn yielded (-want +got):\n%s", i+1, diff)
				}
			case <-time.After(patience):
				t.Fatalf("step %d: FanIn did not yield %d within %v, with every input open", i+1, step.v, patience)
			}
		}
		close(a)
		close(b)
		close(c)
		if got := collect(t, out, "FanIn, after every input closed"); len(got) != 0 {
			t.Errorf("FanIn yielded %v after its inputs closed; want nothing more", got)
		}
	})
}

// TestCorrectness_FanInClosesAfterLastInput checks that FanIn closes its
// output only once every input is closed.
func TestCorrectness_FanInClosesAfterLastInput(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a, b := make(chan int), make(chan int)
		out := fanout.FanIn(context.Background(), a, b)
		close(a)
		time.Sleep(time.Second)
		synctest.Wait()
		select {
		case v, ok := <-out:
			if !ok {
				t.Fatal("FanIn's output closed after one of its two inputs closed; want it open until both are")
			}
			t.Fatalf("FanIn yielded %d; nothing was sent", v)
		default:
		}
		go func() {
			b <- 5
			close(b)
		}()
		got := collect(t, out, "FanIn, once its last input is closed")
		if diff := cmp.Diff([]int{5}, got); diff != "" {
			t.Errorf("values FanIn yielded from its remaining input (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_FanOutThenFanIn checks that FanOut followed by FanIn gives
// every result exactly once.
func TestCorrectness_FanOutThenFanIn(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx := context.Background()
		nums := seq(-50, 150)
		square := func(v int) int { return v * v }
		got := collect(t, fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, nums...), 5, square)...), "FanIn(FanOut)")
		var want []int
		for _, v := range nums {
			want = append(want, v*v)
		}
		if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
			t.Errorf("FanIn(FanOut(%d..%d, 5 workers, square)), sorted (-want +got):\n%s", nums[0], nums[len(nums)-1], diff)
		}
	})
}

// TestCorrectness_CancelledMidway checks that what a consumer receives
// after cancelling is still made of distinct, correct results: stages may
// stop at once or deliver a few more, but nothing else.
func TestCorrectness_CancelledMidway(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		nums := seq(1, 300)
		out := fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, nums...), 3, func(v int) int { return -v })...)
		var got []int
		for range 5 {
			select {
			case v, ok := <-out:
				if !ok {
					t.Fatal("output closed before cancel, with 300 values to come")
				}
				got = append(got, v)
			case <-time.After(patience):
				t.Fatalf("no value within %v", patience)
			}
		}
		cancel()
		got = append(got, collect(t, out, "FanIn(FanOut), after cancel")...)
		seen := map[int]bool{}
		for _, v := range got {
			if v > -1 || v < -300 || seen[v] {
				t.Fatalf("received %v after cancel; want distinct values from -1 to -300", got)
			}
			seen[v] = true
		}
	})
}

// ---- race ----

// TestRace_ManyWorkers runs FanOut with many workers and FanIn over their
// outputs at once.
func TestRace_ManyWorkers(t *testing.T) {
	var calls atomic.Int64
	fn := func(v int) int {
		calls.Add(1)
		return v + 1
	}
	ctx := context.Background()
	out := fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, seq(1, 2000)...), 8, fn)...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range out {
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Log("output not closed within 10s; the correctness suite judges that")
	}
}

// TestRace_CancelWhileRunning cancels the context while workers and the
// merge are busy.
func TestRace_CancelWhileRunning(t *testing.T) {
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	var wg sync.WaitGroup
	for range 12 {
		stopAfter := 1 + rng.Intn(200)
		workers := 2 + rng.Intn(6)
		wg.Go(func() {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, seq(1, 300)...), workers, func(v int) int { return v * 2 })...)
			n := 0
			for range out {
				if n++; n == stopAfter {
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
		t.Log("outputs not closed within 10s of cancel; the leak suite judges that")
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

// TestLeak_ConsumerStopsEarly checks that no worker or merge goroutine keeps
// running after the consumer stops reading and cancels.
func TestLeak_ConsumerStopsEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := goleak.IgnoreCurrent() // the test's own goroutines
		ctx, cancel := context.WithCancel(context.Background())
		out := fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, seq(1, 1000)...), 4, func(v int) int { return v })...)
		for range 5 {
			<-out
		}
		synctest.Wait() // every goroutine runs until it blocks, values in flight
		cancel()        // and never read out again
		synctest.Wait()
		goleak.VerifyNone(t, before)
	})
}

// TestLeak_CancelWhileWaitingForInput checks that workers blocked waiting
// for input stop when the context is cancelled.
func TestLeak_CancelWhileWaitingForInput(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan int) // never sent on, never closed
	fanout.FanOut(ctx, in, 3, func(v int) int { return v })
	fanout.FanIn(ctx, in, in)
	cancel()
}

// TestLeak_OutputsCloseOnCancel checks that every output channel closes
// after a cancel.
func TestLeak_OutputsCloseOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan int) // never closed: only ctx can end the workers
	outs := fanout.FanOut(ctx, in, 3, func(v int) int { return v })
	merged := fanout.FanIn(ctx, make(chan int), make(chan int))
	select {
	case in <- 1: // one worker now holds a result it may be unable to send
	case <-time.After(5 * time.Second):
	}
	cancel()
	for _, out := range append(outs, merged) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range out {
			}
		}()
		waitFor(t, done, "a consumer draining an output after cancel did not see it closed")
	}
}

// TestLeak_RunToCompletion checks that no goroutine is left once everything
// has been drained to the end.
func TestLeak_RunToCompletion(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	out := fanout.FanIn(ctx, fanout.FanOut(ctx, feed(ctx, seq(1, 100)...), 4, func(v int) int { return v })...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range out {
		}
	}()
	waitFor(t, done, "FanIn(FanOut)'s output was not closed")
}

// ---- latency ----

// BenchmarkLatency_RoundTrip measures one value's trip through FanOut and
// FanIn when nothing else is in flight.
//
// BenchmarkLatency_RoundTrip measures how long one value takes to get
// through FanIn(FanOut(in, 1 worker)) when nothing else is in flight: each
// op sends a value and waits for its result. That is a few goroutine
// hand-offs, microseconds, for any design that blocks on its channels,
// while a design that polls a channel with a sleep, even of a millisecond,
// pays a good part of that sleep on every value: hundreds of times more.
// One worker, so that a FanIn that drains its inputs one after another (a
// correctness bug) is measured too instead of waiting forever on an input
// that got no value.
func BenchmarkLatency_RoundTrip(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan int)
	out := fanout.FanIn(ctx, fanout.FanOut(ctx, in, 1, func(v int) int { return 2 * v })...)
	v := 0
	for b.Loop() {
		v++
		in <- v
		if got := <-out; got != 2*v {
			b.Fatalf("FanIn(FanOut) sent %d after %d went in; want %d", got, v, 2*v)
		}
	}
	b.StopTimer()
	close(in)
	for range out {
	}
}
