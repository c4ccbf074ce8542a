package workerpool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"workerpool"
	"workerpool/internal/gradertest"
)

// outcome is a Result without its ID, in a form cmp can compare.
type outcome struct {
	Value any
	Err   string // "" for nil
}

func outcomeOf(r workerpool.Result) outcome {
	o := outcome{Value: r.Value}
	if r.Err != nil {
		o.Err = r.Err.Error()
	}
	return o
}

// joined returns the errors that err joins (as errors.Join does), or err
// alone.
func joined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestCorrectness_NewPanicsOnBadArguments checks that New panics for
// arguments that are out of range.
func TestCorrectness_NewPanicsOnBadArguments(t *testing.T) {
	tests := []struct {
		workers, queueSize int
		want               bool
	}{
		{workers: 0, queueSize: 1, want: true},
		{workers: -1, queueSize: 1, want: true},
		{workers: 1, queueSize: -1, want: true},
		{workers: 1, queueSize: 0, want: false},
		{workers: 3, queueSize: 5, want: false},
	}
	for _, tc := range tests {
		var p *workerpool.Pool
		got := panics(func() { p = workerpool.New(tc.workers, tc.queueSize) })
		if got != tc.want {
			t.Errorf("New(%d, %d) panicked: %v, want %v", tc.workers, tc.queueSize, got, tc.want)
		}
		if p != nil {
			go func() {
				for range p.Results() {
				}
			}()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			p.Shutdown(ctx)
			cancel()
		}
	}
}

// TestCorrectness_ResultsMatchJobs checks that every job's Result carries
// the ID Submit returned and exactly what the job returned, and that Err
// joins the errors of the jobs that failed.
func TestCorrectness_ResultsMatchJobs(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(3, 5)
		c := collect(p)
		start := time.Now()
		const n = 20
		want := map[int]outcome{}
		var failures []error
		for i := range n {
			var err error
			if i%3 == 1 {
				err = fmt.Errorf("job %d failed", i)
				failures = append(failures, err)
			}
			job := func(ctx context.Context) (any, error) {
				// Every job ends at its own instant.
				sleepUntil(start, time.Duration(i)*100*time.Millisecond)
				return fmt.Sprint("value ", i), err
			}
			id := submit(t, p, job)
			if _, dup := want[id]; dup {
				t.Fatalf("Submit returned ID %d twice", id)
			}
			want[id] = outcome{Value: fmt.Sprint("value ", i)}
			if err != nil {
				want[id] = outcome{Value: fmt.Sprint("value ", i), Err: err.Error()}
			}
		}
		results := c.take(t, n, "20 jobs submitted")
		got := map[int]outcome{}
		for id, r := range results {
			got[id] = outcomeOf(r)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Results by ID (the ID Submit returned) mismatch (-want +got):\n%s", diff)
		}
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown"); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}

		errs := joined(p.Err())
		if len(errs) != len(failures) {
			t.Errorf("Err() joins %d errors, want the %d errors the jobs returned: Err() = %v", len(errs), len(failures), p.Err())
		}
		for _, e := range failures {
			if !errors.Is(p.Err(), e) {
				t.Errorf("errors.Is(Err(), %q) = false: Err must join every job's error", e)
			}
		}
	})
}

// TestCorrectness_EveryJobRunsOnce submits many jobs through a small queue
// and checks that each runs exactly once.
func TestCorrectness_EveryJobRunsOnce(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const n = 300
		p := workerpool.New(4, 2)
		c := collect(p)
		var runs [n]atomic.Int32
		ids := map[int]int{} // ID -> job
		for i := range n {
			id := submit(t, p, func(ctx context.Context) (any, error) {
				runs[i].Add(1)
				return i, nil
			})
			if j, dup := ids[id]; dup {
				t.Fatalf("Submit returned ID %d for jobs %d and %d", id, j, i)
			}
			ids[id] = i
		}
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown"); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}
		results := c.take(t, n, fmt.Sprintf("%d jobs submitted", n))
		var wrong []string
		for i := range runs {
			if k := runs[i].Load(); k != 1 {
				wrong = append(wrong, fmt.Sprintf("job %d ran %d times", i, k))
			}
		}
		for id, r := range results {
			if i, ok := ids[id]; !ok || r.Value != i {
				wrong = append(wrong, fmt.Sprintf("Result{ID: %d, Value: %v}: want the value of the job Submit gave that ID", id, r.Value))
			}
		}
		if diff := cmp.Diff([]string(nil), wrong); diff != "" {
			t.Errorf("each job must run exactly once and give one Result (-want +got):\n%s", diff)
		}
		if err := p.Err(); err != nil {
			t.Errorf("Err() = %v when no job failed, want nil", err)
		}
	})
}

// TestCorrectness_RunsWorkersJobsAtOnce checks that exactly workers jobs run
// at the same time when there are enough of them.
func TestCorrectness_RunsWorkersJobsAtOnce(t *testing.T) {
	for _, workers := range []int{1, 3, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				p := workerpool.New(workers, 100)
				c := collect(p)
				start := time.Now()
				var running, most atomic.Int32
				n := 3 * workers
				for i := range n {
					submit(t, p, func(ctx context.Context) (any, error) {
						r := running.Add(1)
						for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
						}
						time.Sleep(time.Second)
						running.Add(-1)
						return i, nil
					})
				}
				sleepUntil(start, 500*time.Millisecond)
				if got := running.Load(); got != int32(workers) {
					t.Errorf("New(%d, 100) with %d one-second jobs submitted: %d jobs running after 0.5s, want %d", workers, n, got, workers)
				}
				sleepUntil(start, 3500*time.Millisecond)
				if got := c.pending(); got != n {
					t.Errorf("New(%d, 100) with %d one-second jobs submitted: %d Results after 3.5s, want all %d (the workers must run jobs in parallel)", workers, n, got, n)
				}
				c.take(t, n, "all jobs")
				if got := most.Load(); got != int32(workers) {
					t.Errorf("New(%d, 100): at most %d jobs ran at once, want %d", workers, got, workers)
				}
				await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown")
			})
		})
	}
}

// TestCorrectness_SubmitBlocksWhileQueueFull checks that Submit accepts
// queueSize waiting jobs (plus the ones the workers run) and blocks on the
// next until a worker takes a job.
func TestCorrectness_SubmitBlocksWhileQueueFull(t *testing.T) {
	tests := []struct{ workers, queueSize int }{
		{workers: 1, queueSize: 0},
		{workers: 2, queueSize: 0},
		{workers: 2, queueSize: 3},
		{workers: 1, queueSize: 5},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("New(%d,%d)", tc.workers, tc.queueSize), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				p := workerpool.New(tc.workers, tc.queueSize)
				c := collect(p)
				g := newGate()
				fit := tc.workers + tc.queueSize
				for i := range fit {
					submit(t, p, g.job(i))
				}
				extra := submitAsync(p, context.Background(), g.job(fit))
				time.Sleep(time.Second)
				if ready(extra) {
					t.Fatalf("New(%d, %d): %d jobs running and %d waiting: the next Submit returned %v, want it to block until a worker takes a job", tc.workers, tc.queueSize, tc.workers, tc.queueSize, (<-extra).err)
				}
				if got := g.started.Load(); got != int32(tc.workers) {
					t.Errorf("New(%d, %d): %d jobs started, want %d", tc.workers, tc.queueSize, got, tc.workers)
				}
				g.open()
				if s := await(t, extra, "Submit blocked on a full queue, once the jobs could finish,"); s.err != nil {
					t.Errorf("Submit blocked on a full queue = %v once there was room, want nil", s.err)
				}
				c.take(t, fit+1, "all jobs")
				await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown")
			})
		})
	}
}

// TestCorrectness_SubmitContext checks that Submit gives up with ctx.Err()
// when its context is done before there is room, and at once when its
// context is already done, without running the job.
func TestCorrectness_SubmitContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(1, 1)
		c := collect(p)
		var ran atomic.Int32
		never := func(ctx context.Context) (any, error) {
			ran.Add(1)
			return nil, nil
		}

		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := p.Submit(cancelled, never); !errors.Is(err, context.Canceled) {
			t.Errorf("Submit with a cancelled context on an idle pool = %v, want context.Canceled", err)
		}

		g := newGate()
		submit(t, p, g.job("running"))
		submit(t, p, g.job("waiting"))

		if _, err := p.Submit(cancelled, never); !errors.Is(err, context.Canceled) {
			t.Errorf("Submit with a cancelled context on a full pool = %v, want context.Canceled", err)
		}

		start := time.Now()
		timeout, cancelTimeout := context.WithTimeout(context.Background(), time.Second)
		defer cancelTimeout()
		byTimeout := submitAsync(p, timeout, never)
		toCancel, cancelLater := context.WithCancel(context.Background())
		byCancel := submitAsync(p, toCancel, never)

		sleepUntil(start, 500*time.Millisecond)
		if ready(byTimeout) || ready(byCancel) {
			t.Fatalf("Submit on a full queue returned before its context was done, want it to block")
		}
		cancelLater()
		if s := await(t, byCancel, "Submit on a full queue whose context was cancelled"); !errors.Is(s.err, context.Canceled) {
			t.Errorf("Submit on a full queue, context cancelled while waiting = %v, want context.Canceled", s.err)
		}
		if ready(byTimeout) {
			t.Fatalf("Submit with a 1s timeout returned after 0.5s, want it to block until the timeout")
		}
		sleepUntil(start, 1500*time.Millisecond)
		if s := await(t, byTimeout, "Submit on a full queue whose context timed out"); !errors.Is(s.err, context.DeadlineExceeded) {
			t.Errorf("Submit on a full queue, 1s timeout = %v, want context.DeadlineExceeded", s.err)
		}

		g.open()
		c.take(t, 2, "the two accepted jobs")
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown"); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}
		if got := ran.Load(); got != 0 {
			t.Errorf("%d jobs whose Submit failed ran anyway, want 0", got)
		}
	})
}

// TestCorrectness_ShutdownDrainsQueue checks that Shutdown runs every job
// already accepted, waits for them, refuses new ones and closes Results.
func TestCorrectness_ShutdownDrainsQueue(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(2, 10)
		c := collect(p)
		start := time.Now()
		var finished atomic.Int32
		for i := range 10 {
			submit(t, p, func(ctx context.Context) (any, error) {
				time.Sleep(time.Second)
				finished.Add(1)
				return i, nil
			})
		}
		shutdown := call(func() error { return p.Shutdown(context.Background()) })

		sleepUntil(start, 1500*time.Millisecond)
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return nil, nil }); !errors.Is(err, workerpool.ErrClosed) {
			t.Errorf("Submit while Shutdown drains the queue = %v, want ErrClosed", err)
		}
		sleepUntil(start, 2500*time.Millisecond)
		if ready(shutdown) {
			t.Fatalf("Shutdown returned %v after 2.5s with 10 one-second jobs on 2 workers, want it to wait until they all finish (5s)", <-shutdown)
		}
		sleepUntil(start, 5500*time.Millisecond)
		if err := await(t, shutdown, "Shutdown"); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}
		if got := finished.Load(); got != 10 {
			t.Errorf("Shutdown returned with %d of 10 accepted jobs finished, want all 10", got)
		}
		c.take(t, 10, "10 jobs, drained by Shutdown")
		c.closed(t, "after Shutdown returned")
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return nil, nil }); !errors.Is(err, workerpool.ErrClosed) {
			t.Errorf("Submit after Shutdown = %v, want ErrClosed", err)
		}
	})
}

// TestCorrectness_ShutdownReleasesBlockedSubmits calls Shutdown while
// Submits are blocked on a full queue: they must return ErrClosed.
func TestCorrectness_ShutdownReleasesBlockedSubmits(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(1, 1)
		c := collect(p)
		g := newGate()
		submit(t, p, g.job("running"))
		submit(t, p, g.job("waiting"))
		var blocked []<-chan submitted
		for i := range 3 {
			blocked = append(blocked, submitAsync(p, context.Background(), g.job(i)))
		}
		time.Sleep(time.Second)
		shutdown := call(func() error { return p.Shutdown(context.Background()) })
		for i, ch := range blocked {
			s := await(t, ch, "Submit blocked on a full queue when Shutdown was called")
			if !errors.Is(s.err, workerpool.ErrClosed) {
				t.Errorf("blocked Submit %d returned %v after Shutdown was called, want ErrClosed", i, s.err)
			}
		}
		time.Sleep(time.Second)
		if ready(shutdown) {
			t.Fatalf("Shutdown returned %v while an accepted job was still running, want it to wait", <-shutdown)
		}
		g.open()
		if err := await(t, shutdown, "Shutdown"); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}
		got := c.take(t, 2, "the two accepted jobs")
		var values []string
		for _, r := range got {
			values = append(values, fmt.Sprint(r.Value))
		}
		slices.Sort(values)
		if diff := cmp.Diff([]string{"running", "waiting"}, values); diff != "" {
			t.Errorf("Results' values mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_ShutdownTimeout checks that a Shutdown whose context
// expires returns ctx.Err(), cancels the jobs' context, and that the pool
// still runs every accepted job and closes Results.
func TestCorrectness_ShutdownTimeout(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(2, 5)
		c := collect(p)
		start := time.Now()
		// Two jobs that run until their context is cancelled.
		for range 2 {
			submit(t, p, func(ctx context.Context) (any, error) {
				<-ctx.Done()
				return "stopped", ctx.Err()
			})
		}
		// Three jobs waiting in the queue, that report whether their context
		// was already cancelled when they started.
		for range 3 {
			submit(t, p, func(ctx context.Context) (any, error) {
				return "queued", ctx.Err()
			})
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		shutdown := call(func() error { return p.Shutdown(ctx) })
		sleepUntil(start, 500*time.Millisecond)
		if ready(shutdown) {
			t.Fatalf("Shutdown with a 1s timeout returned %v after 0.5s while jobs were running, want it to wait", <-shutdown)
		}
		sleepUntil(start, 1500*time.Millisecond)
		if err := await(t, shutdown, "Shutdown whose context timed out"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown with a 1s timeout, jobs still running = %v, want context.DeadlineExceeded", err)
		}
		results := c.take(t, 5, "jobs after Shutdown gave up (their context must be cancelled, and queued jobs must still run)")
		c.closed(t, "after the last job finished")
		got := map[outcome]int{}
		for _, r := range results {
			got[outcomeOf(r)]++
		}
		want := map[outcome]int{
			{Value: "stopped", Err: context.Canceled.Error()}: 2,
			{Value: "queued", Err: context.Canceled.Error()}:  3,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Results after Shutdown timed out (count of each) mismatch (-want +got):\n%s", diff)
		}
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "second Shutdown"); err != nil {
			t.Errorf("second Shutdown, once the pool has stopped = %v, want nil", err)
		}
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return nil, nil }); !errors.Is(err, workerpool.ErrClosed) {
			t.Errorf("Submit after Shutdown timed out = %v, want ErrClosed", err)
		}
	})
}

// TestCorrectness_ShutdownTwice calls Shutdown again, and from two
// goroutines at once.
func TestCorrectness_ShutdownTwice(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(2, 2)
		c := collect(p)
		g := newGate()
		submit(t, p, g.job(1))
		submit(t, p, g.job(2))
		first := call(func() error { return p.Shutdown(context.Background()) })
		second := call(func() error { return p.Shutdown(context.Background()) })
		time.Sleep(time.Second)
		if ready(first) || ready(second) {
			t.Fatalf("Shutdown returned while jobs were running, want it to wait")
		}
		g.open()
		for _, ch := range []<-chan error{first, second} {
			if err := await(t, ch, "Shutdown called twice at once"); err != nil {
				t.Errorf("Shutdown called from two goroutines = %v, want nil", err)
			}
		}
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "third Shutdown"); err != nil {
			t.Errorf("third Shutdown = %v, want nil", err)
		}
		c.take(t, 2, "two jobs")
	})
}

// TestCorrectness_JobContext checks that a job's context is live while the
// pool runs normally, whatever happens to the context given to Submit.
func TestCorrectness_JobContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(2, 2)
		c := collect(p)
		g := newGate()
		var mu sync.Mutex
		var seen []string
		job := func(ctx context.Context) (any, error) {
			<-g.ch
			mu.Lock()
			defer mu.Unlock()
			if ctx == nil {
				seen = append(seen, "nil context")
				return nil, nil
			}
			seen = append(seen, fmt.Sprint(ctx.Err()))
			return nil, nil
		}
		ctx, cancel := context.WithCancel(context.Background())
		submit(t, p, job)
		if _, err := p.Submit(ctx, job); err != nil {
			t.Fatalf("Submit = %v, want nil", err)
		}
		cancel() // after Submit accepted the job: the job does not see this
		time.Sleep(time.Second)
		g.open()
		c.take(t, 2, "two jobs")
		mu.Lock()
		got := seen
		mu.Unlock()
		if diff := cmp.Diff([]string{"<nil>", "<nil>"}, got); diff != "" {
			t.Errorf("ctx.Err() seen by jobs while the pool runs (-want +got):\n%s", diff)
		}
		await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown")
	})
}

// TestCorrectness_Err checks that Err is nil until a job fails and then
// joins every job error.
func TestCorrectness_Err(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(1, 10)
		c := collect(p)
		if err := p.Err(); err != nil {
			t.Errorf("Err() on a new pool = %v, want nil", err)
		}
		submit(t, p, func(ctx context.Context) (any, error) { return 1, nil })
		c.take(t, 1, "a job that succeeded")
		if err := p.Err(); err != nil {
			t.Errorf("Err() after a job succeeded = %v, want nil", err)
		}
		sentinels := []error{errors.New("first"), errors.New("second"), errors.New("third")}
		for i, e := range sentinels {
			submit(t, p, func(ctx context.Context) (any, error) { return i, e })
			submit(t, p, func(ctx context.Context) (any, error) { return i, nil })
		}
		c.take(t, 6, "six jobs")
		if err := await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown"); err != nil {
			t.Errorf("Shutdown = %v, want nil", err)
		}
		err := p.Err()
		for _, e := range sentinels {
			if !errors.Is(err, e) {
				t.Errorf("errors.Is(Err(), %q) = false, want true: Err() = %v", e, err)
			}
		}
		var msgs []string
		for _, e := range joined(err) {
			msgs = append(msgs, e.Error())
		}
		slices.Sort(msgs)
		if diff := cmp.Diff([]string{"first", "second", "third"}, msgs); diff != "" {
			t.Errorf("errors joined by Err() mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_ResultsClosedAfterShutdown checks that Results always
// returns the same channel, which Shutdown closes.
func TestCorrectness_ResultsClosedAfterShutdown(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := workerpool.New(1, 0)
		if p.Results() != p.Results() {
			t.Errorf("Results() returned two different channels, want the same one every time")
		}
		c := collect(p)
		await(t, call(func() error { return p.Shutdown(context.Background()) }), "Shutdown")
		c.closed(t, "after Shutdown of an idle pool")
	})
}
