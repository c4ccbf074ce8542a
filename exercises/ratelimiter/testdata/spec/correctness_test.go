package ratelimiter_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"ratelimiter"
	"ratelimiter/internal/gradertest"

	"github.com/google/go-cmp/cmp"
)

// Every correctness test runs on virtual time, in a gradertest.Bubble,
// mostly with 10 requests per second: a token every 100ms. A test empties
// the bucket, if at all, at the instant the limiter is created, and then
// only looks at instants at least 5ms away from the instants when a token
// may become due. So a lazy bucket with fractional tokens, a lazy bucket
// that counts whole tokens and a bucket refilled by a ticker all give the
// same answers. The one exception is TestCorrectness_WaitWakesWhenItsTokenIsDue,
// which checks that a Wait returns within wakeSlack of its token being
// due: every one of those designs returns at that very instant.
const rps = 10

// newLimiter returns NewRateLimiter(requestsPerSecond), stopped when the
// test ends, so that a design with a background goroutine winds down
// inside the bubble. That last Stop may be a second one; if it panics, the
// panic is ignored: TestCorrectness_StopTwice judges that.
func newLimiter(t *testing.T, requestsPerSecond int) *ratelimiter.RateLimiter {
	t.Helper()
	l := ratelimiter.NewRateLimiter(requestsPerSecond)
	t.Cleanup(func() { stop(l) })
	return l
}

// newEmptyLimiter returns newLimiter(t, requestsPerSecond) with its bucket
// emptied by Allow at once.
func newEmptyLimiter(t *testing.T, requestsPerSecond int) *ratelimiter.RateLimiter {
	t.Helper()
	l := newLimiter(t, requestsPerSecond)
	allowN(l, requestsPerSecond)
	return l
}

// newContext returns a context created inside the bubble (so that a
// goroutine waiting on it is durably blocked), cancelled when the test ends.
func newContext(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// allowN calls l.Allow n times and returns the results.
func allowN(l *ratelimiter.RateLimiter, n int) []bool {
	got := make([]bool, n)
	for i := range got {
		got[i] = l.Allow()
	}
	return got
}

// countTrue returns how many of bs are true.
func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// sleepUntil sleeps until the bubble's clock is start+d, and lets every
// goroutine of the bubble run until it blocks.
func sleepUntil(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
	synctest.Wait()
}

// call is a Wait running in the background.
type call struct {
	done chan struct{}
	err  error
}

// goWait starts l.Wait(ctx) in a new goroutine.
func goWait(ctx context.Context, l *ratelimiter.RateLimiter) *call {
	c := &call{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		c.err = l.Wait(ctx)
	}()
	return c
}

// returned reports whether the Wait has returned. Call it after
// synctest.Wait, so that the answer does not depend on scheduling.
func (c *call) returned() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// result is what a test expects of a Wait at some instant.
type result struct {
	Returned bool
	Err      string // errorName of the error returned, if it returned
}

func (c *call) result() result {
	if !c.returned() {
		return result{}
	}
	return result{Returned: true, Err: errorName(c.err)}
}

// stoppedResult is c.result, except that any non-nil error is "non-nil":
// a Wait on a stopped limiter may return any error.
func (c *call) stoppedResult() result {
	r := c.result()
	if r.Returned && r.Err != "nil" {
		r.Err = "non-nil"
	}
	return r
}

// errorName names err by the sentinel it matches, so that a test compares
// errors with errors.Is semantics and a diff stays readable.
func errorName(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	default:
		return fmt.Sprintf("other error %q", err)
	}
}

// results returns get(c) for each of calls.
func results(calls []*call, get func(*call) result) []result {
	got := make([]result, len(calls))
	for i, c := range calls {
		got[i] = get(c)
	}
	return got
}

// TestCorrectness_StartsFull checks that a new limiter starts with a full
// bucket.
func TestCorrectness_StartsFull(t *testing.T) {
	type testCase struct {
		requestsPerSecond int
		want              int // how many of requestsPerSecond+2 Allows succeed
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			l := newLimiter(t, tc.requestsPerSecond)
			want := make([]bool, tc.requestsPerSecond+2)
			for i := range tc.want {
				want[i] = true
			}
			if diff := cmp.Diff(want, allowN(l, len(want))); diff != "" {
				t.Errorf("NewRateLimiter(%d), then Allow %d times at once (-want +got):\n%s", tc.requestsPerSecond, len(want), diff)
			}
		})
	}
	for _, tc := range []testCase{
		{requestsPerSecond: 1, want: 1},
		{requestsPerSecond: 3, want: 3},
		{requestsPerSecond: 10, want: 10},
	} {
		t.Run(fmt.Sprint(tc.requestsPerSecond), func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_RefillsAtTheRate checks that the bucket refills at the
// rate asked for.
func TestCorrectness_RefillsAtTheRate(t *testing.T) {
	type step struct {
		At      time.Duration
		Allowed int // how many Allows succeed, out of one more than that
	}
	type testCase struct {
		name              string
		requestsPerSecond int
		steps             []step
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			start := time.Now()
			l := newEmptyLimiter(t, tc.requestsPerSecond)
			var got []step
			for _, s := range tc.steps {
				sleepUntil(start, s.At)
				got = append(got, step{At: s.At, Allowed: countTrue(allowN(l, s.Allowed+1))})
			}
			if diff := cmp.Diff(tc.steps, got); diff != "" {
				t.Errorf("NewRateLimiter(%d) emptied at 0, then Allow at each instant until it returns false (-want +got):\n%s", tc.requestsPerSecond, diff)
			}
		})
	}
	for _, tc := range []testCase{
		{
			name:              "10 per second",
			requestsPerSecond: 10, // a token every 100ms
			steps: []step{
				{At: 50 * time.Millisecond, Allowed: 0},
				{At: 150 * time.Millisecond, Allowed: 1},  // due at 100ms
				{At: 350 * time.Millisecond, Allowed: 2},  // due at 200ms and 300ms
				{At: 380 * time.Millisecond, Allowed: 0},  // none
				{At: 690 * time.Millisecond, Allowed: 3},  // due at 400ms, 500ms, 600ms
				{At: 1550 * time.Millisecond, Allowed: 9}, // due at 700ms, ..., 1500ms
			},
		},
		{
			name:              "100 per second",
			requestsPerSecond: 100, // a token every 10ms
			steps: []step{
				{At: 5 * time.Millisecond, Allowed: 0},
				{At: 255 * time.Millisecond, Allowed: 25},  // due at 10ms, ..., 250ms
				{At: 1005 * time.Millisecond, Allowed: 75}, // due at 260ms, ..., 1000ms
			},
		},
		{
			name:              "1 per second",
			requestsPerSecond: 1,
			steps: []step{
				{At: 900 * time.Millisecond, Allowed: 0},
				{At: 1100 * time.Millisecond, Allowed: 1}, // due at 1s
				{At: 1900 * time.Millisecond, Allowed: 0},
				{At: 3500 * time.Millisecond, Allowed: 1}, // due at 2s and 3s, but it holds only 1
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_BucketHoldsAtMostRequestsPerSecond checks that an idle
// bucket never holds more tokens than its capacity.
func TestCorrectness_BucketHoldsAtMostRequestsPerSecond(t *testing.T) {
	type testCase struct {
		name  string
		drain bool // empty the bucket first
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			start := time.Now()
			l := newLimiter(t, rps)
			if tc.drain {
				allowN(l, rps)
			}
			sleepUntil(start, 2050*time.Millisecond)
			if diff := cmp.Diff(rps, countTrue(allowN(l, rps+5))); diff != "" {
				t.Errorf("NewRateLimiter(10) idle for 2s, then Allow 15 times at once: how many succeed (-want +got):\n%s", diff)
			}
		})
	}
	for _, tc := range []testCase{
		{name: "idle from the start", drain: false},
		{name: "idle after emptying", drain: true},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_FrequentCallsGetTheFullRate checks that frequent calls to
// Allow still get the full rate.
func TestCorrectness_FrequentCallsGetTheFullRate(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)

		// Tokens are due at 100ms, 200ms, ..., 900ms. Polling every 10ms
		// (at 5ms, 15ms, ...) must get each of them, however often the
		// limiter is asked in between.
		var got []time.Duration
		for at := 5 * time.Millisecond; at < time.Second; at += 10 * time.Millisecond {
			sleepUntil(start, at)
			if l.Allow() {
				got = append(got, at)
			}
		}
		var want []time.Duration
		for at := 105 * time.Millisecond; at < time.Second; at += 100 * time.Millisecond {
			want = append(want, at)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then Allow every 10ms: instants when Allow returned true (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_LimitersAreIndependent checks that two limiters do not
// share tokens.
func TestCorrectness_LimitersAreIndependent(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a := newLimiter(t, 2)
		b := newLimiter(t, 3)
		got := map[string][]bool{"a": allowN(a, 3), "b": allowN(b, 4)}
		want := map[string][]bool{
			"a": {true, true, false},
			"b": {true, true, true, false},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("a := NewRateLimiter(2), b := NewRateLimiter(3): Allow at once (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_WaitReturnsAtOnceWithATokenAvailable checks that Wait
// returns at once when a token is available.
func TestCorrectness_WaitReturnsAtOnceWithATokenAvailable(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		l := newLimiter(t, 2)
		ctx := newContext(t)
		c1 := goWait(ctx, l)
		c2 := goWait(ctx, l)
		synctest.Wait()
		want := []result{
			{Returned: true, Err: "nil"},
			{Returned: true, Err: "nil"},
		}
		if diff := cmp.Diff(want, results([]*call{c1, c2}, (*call).result)); diff != "" {
			t.Errorf("NewRateLimiter(2), then two Waits: results before any time passed (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]bool{false}, allowN(l, 1)); diff != "" {
			t.Errorf("NewRateLimiter(2), then two Waits: Allow right after them (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_WaitBlocksUntilATokenIsDue checks that Wait on an empty
// bucket blocks until a token is due.
func TestCorrectness_WaitBlocksUntilATokenIsDue(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)
		c := goWait(newContext(t), l)

		type step struct {
			At   time.Duration
			Wait result
		}
		var got []step
		for _, at := range []time.Duration{
			0,
			50 * time.Millisecond,
			150 * time.Millisecond,
		} {
			sleepUntil(start, at)
			got = append(got, step{At: at, Wait: c.result()})
		}
		want := []step{
			{At: 0, Wait: result{}},
			{At: 50 * time.Millisecond, Wait: result{}},
			{At: 150 * time.Millisecond, Wait: result{Returned: true, Err: "nil"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then Wait (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]bool{false}, allowN(l, 1)); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then Wait: Allow at 150ms, after the Wait took the token due at 100ms (-want +got):\n%s", diff)
		}
	})
}

// wakeSlack is how soon after its token is due a Wait must return, on the
// virtual clock. A Wait that sleeps until the token is due returns at that
// very instant (or a nanosecond after, rounding); one that checks back
// every so often, even every millisecond, is late by up to its period.
const wakeSlack = 100 * time.Microsecond

// TestCorrectness_WaitWakesWhenItsTokenIsDue checks that a blocked Wait
// wakes promptly when its token is due, not some time later.
//
// TestCorrectness_WaitWakesWhenItsTokenIsDue calls Wait on an emptied
// limiter at instants chosen so that a Wait that checks back every so often
// (every 0.3ms or more, whatever its period) is late by more than
// wakeSlack in at least one of them; one that sleeps in coarse steps is
// too.
func TestCorrectness_WaitWakesWhenItsTokenIsDue(t *testing.T) {
	const due = 100 * time.Millisecond // the first token after emptying, at rps
	for _, calledAt := range []time.Duration{
		0,
		37300 * time.Microsecond,
		99500 * time.Microsecond,
		99850 * time.Microsecond,
	} {
		t.Run(fmt.Sprintf("called_at=%v", calledAt), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				start := time.Now()
				l := newEmptyLimiter(t, rps)
				sleepUntil(start, calledAt)
				c := goWait(newContext(t), l)
				select {
				case <-c.done:
				case <-time.After(time.Second):
					t.Fatalf("NewRateLimiter(10) emptied at 0, then Wait at %v: not returned by %v; want it to return when the token is due at %v", calledAt, time.Since(start), due)
				}
				returnedAt := time.Since(start)
				if c.err != nil {
					t.Fatalf("NewRateLimiter(10) emptied at 0, then Wait at %v = %v; want nil", calledAt, c.err)
				}
				// A microsecond of slack before the instant: a limiter that
				// computes the wait in floating point (golang.org/x/time/rate)
				// wakes a nanosecond early, which is no bug.
				if returnedAt < due-time.Microsecond {
					t.Fatalf("NewRateLimiter(10) emptied at 0, then Wait at %v: returned at %v, before its token was due at %v; want it to block until then", calledAt, returnedAt, due)
				}
				if returnedAt > due+wakeSlack {
					t.Errorf("NewRateLimiter(10) emptied at 0, then Wait at %v: returned at %v, %v after its token was due at %v; want it to return within %v of that instant (sleep until the token is due instead of checking back)", calledAt, returnedAt, returnedAt-due, due, wakeSlack)
				}
			})
		})
	}
}

// TestCorrectness_SuccessiveWaitsKeepTheRate checks that successive Waits
// are let through at the rate.
func TestCorrectness_SuccessiveWaitsKeepTheRate(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)
		ctx := newContext(t)

		done := make(chan error, 5)
		go func() {
			for range 5 {
				done <- l.Wait(ctx)
			}
		}()
		type step struct {
			At       time.Duration
			Returned []string
		}
		var got []step
		for _, at := range []time.Duration{
			50 * time.Millisecond,
			150 * time.Millisecond,
			250 * time.Millisecond,
			450 * time.Millisecond,
			550 * time.Millisecond,
		} {
			sleepUntil(start, at)
			s := step{At: at}
			for len(done) > 0 {
				s.Returned = append(s.Returned, errorName(<-done))
			}
			got = append(got, s)
		}
		want := []step{
			{At: 50 * time.Millisecond},
			{At: 150 * time.Millisecond, Returned: []string{"nil"}},
			{At: 250 * time.Millisecond, Returned: []string{"nil"}},
			{At: 450 * time.Millisecond, Returned: []string{"nil", "nil"}},
			{At: 550 * time.Millisecond, Returned: []string{"nil"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then five Waits in a row: the Waits that returned by each instant (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_ConcurrentWaitsShareTheRate checks that concurrent Waits
// share the rate between them.
func TestCorrectness_ConcurrentWaitsShareTheRate(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)
		ctx := newContext(t)
		calls := make([]*call, 5)
		for i := range calls {
			calls[i] = goWait(ctx, l)
		}

		type step struct {
			At       time.Duration
			Returned int
		}
		var got []step
		for _, at := range []time.Duration{
			50 * time.Millisecond,
			250 * time.Millisecond,
			350 * time.Millisecond,
			550 * time.Millisecond,
		} {
			sleepUntil(start, at)
			n := 0
			for _, c := range calls {
				if c.returned() {
					n++
				}
			}
			got = append(got, step{At: at, Returned: n})
		}
		want := []step{
			{At: 50 * time.Millisecond, Returned: 0},
			{At: 250 * time.Millisecond, Returned: 2},
			{At: 350 * time.Millisecond, Returned: 3},
			{At: 550 * time.Millisecond, Returned: 5},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then five concurrent Waits: how many returned by each instant (-want +got):\n%s", diff)
		}
		wantResults := make([]result, len(calls))
		for i := range wantResults {
			wantResults[i] = result{Returned: true, Err: "nil"}
		}
		if diff := cmp.Diff(wantResults, results(calls, (*call).result)); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, then five concurrent Waits: results at 550ms (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_WaitReturnsWhenContextIsDone checks that a blocked Wait
// returns the context's error once it is done.
func TestCorrectness_WaitReturnsWhenContextIsDone(t *testing.T) {
	type testCase struct {
		name    string
		context func(t *testing.T) context.Context // done at 30ms
		wantErr string
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			start := time.Now()
			l := newEmptyLimiter(t, rps)
			c := goWait(tc.context(t), l)

			sleepUntil(start, 10*time.Millisecond)
			if diff := cmp.Diff(result{}, c.result()); diff != "" {
				t.Errorf("Wait at 10ms, before its context is done at 30ms (-want +got):\n%s", diff)
			}
			sleepUntil(start, 50*time.Millisecond)
			if diff := cmp.Diff(result{Returned: true, Err: tc.wantErr}, c.result()); diff != "" {
				t.Errorf("Wait at 50ms, after its context is done at 30ms (-want +got):\n%s", diff)
			}
			// The Wait took no token: the one due at 100ms is there.
			sleepUntil(start, 150*time.Millisecond)
			if diff := cmp.Diff([]bool{true, false}, allowN(l, 2)); diff != "" {
				t.Errorf("NewRateLimiter(10) emptied at 0, Wait gave up at 30ms: Allow twice at 150ms (-want +got):\n%s", diff)
			}
		})
	}
	for _, tc := range []testCase{
		{
			name: "cancelled",
			context: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				t.Cleanup(cancel)
				time.AfterFunc(30*time.Millisecond, cancel)
				return ctx
			},
			wantErr: "context.Canceled",
		},
		{
			name: "deadline",
			context: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			},
			wantErr: "context.DeadlineExceeded",
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_WaitWithADoneContext checks that Wait with a context
// already done returns its error.
func TestCorrectness_WaitWithADoneContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		c := goWait(ctx, l)
		synctest.Wait()
		if diff := cmp.Diff(result{Returned: true, Err: "context.Canceled"}, c.result()); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied, then Wait with a cancelled context: before any time passed (-want +got):\n%s", diff)
		}
		sleepUntil(start, 150*time.Millisecond)
		if diff := cmp.Diff([]bool{true, false}, allowN(l, 2)); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied at 0, Wait with a cancelled context: Allow twice at 150ms (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_StopReleasesPendingWaits checks that Stop makes pending
// Waits return an error.
func TestCorrectness_StopReleasesPendingWaits(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newEmptyLimiter(t, rps)
		ctx := newContext(t)
		calls := make([]*call, 3)
		for i := range calls {
			calls[i] = goWait(ctx, l)
		}
		sleepUntil(start, 50*time.Millisecond)
		l.Stop()
		synctest.Wait()
		want := []result{
			{Returned: true, Err: "non-nil"},
			{Returned: true, Err: "non-nil"},
			{Returned: true, Err: "non-nil"},
		}
		if diff := cmp.Diff(want, results(calls, (*call).stoppedResult)); diff != "" {
			t.Errorf("NewRateLimiter(10) emptied, three Waits, Stop at 50ms: the Waits right after Stop (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_StoppedLimiterRefusesEverything checks that a stopped
// limiter refuses Allow and Wait.
func TestCorrectness_StoppedLimiterRefusesEverything(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		l := newLimiter(t, 3)
		l.Allow()
		l.Stop()

		type state struct {
			At    time.Duration
			Allow []bool
			Wait  result
		}
		var got []state
		for _, at := range []time.Duration{0, 2500 * time.Millisecond} {
			sleepUntil(start, at)
			s := state{At: at, Allow: allowN(l, 2)}
			c := goWait(newContext(t), l)
			synctest.Wait()
			s.Wait = c.stoppedResult()
			got = append(got, s)
		}
		want := []state{
			{At: 0, Allow: []bool{false, false}, Wait: result{Returned: true, Err: "non-nil"}},
			{At: 2500 * time.Millisecond, Allow: []bool{false, false}, Wait: result{Returned: true, Err: "non-nil"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewRateLimiter(3), Allow once, Stop: Allow twice and Wait (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_StopTwice checks that calling Stop twice is harmless.
func TestCorrectness_StopTwice(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		l := newLimiter(t, rps)
		for i := range 2 {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("Stop call %d panicked: %v; Stop must be safe to call more than once", i+1, r)
					}
				}()
				l.Stop()
			}()
		}
		c := goWait(newContext(t), l)
		synctest.Wait()
		if diff := cmp.Diff(result{Returned: true, Err: "non-nil"}, c.stoppedResult()); diff != "" {
			t.Errorf("Wait after Stop twice (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_NewRateLimiterRejectsBadRates checks that NewRateLimiter
// panics for a rate that is not positive.
func TestCorrectness_NewRateLimiterRejectsBadRates(t *testing.T) {
	type testCase struct {
		requestsPerSecond int
		wantPanic         bool
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			panicked := func() (panicked bool) {
				defer func() {
					if recover() != nil {
						panicked = true
					}
				}()
				ratelimiter.NewRateLimiter(tc.requestsPerSecond).Stop()
				return false
			}()
			if panicked != tc.wantPanic {
				t.Errorf("NewRateLimiter(%d): panicked = %v, want %v", tc.requestsPerSecond, panicked, tc.wantPanic)
			}
		})
	}
	for _, tc := range []testCase{
		{requestsPerSecond: 0, wantPanic: true},
		{requestsPerSecond: -1, wantPanic: true},
		{requestsPerSecond: -100, wantPanic: true},
		{requestsPerSecond: 1, wantPanic: false},
		{requestsPerSecond: 1000, wantPanic: false},
	} {
		t.Run(fmt.Sprint(tc.requestsPerSecond), func(t *testing.T) { run(t, tc) })
	}
}
