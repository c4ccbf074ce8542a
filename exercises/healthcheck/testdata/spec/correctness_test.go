package healthcheck_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"healthcheck"
	"healthcheck/internal/gradertest"

	"github.com/google/go-cmp/cmp"
)

// Every correctness test runs on virtual time, in a gradertest.Bubble:
// time.Sleep and timers are exact, and time.Now moves only when every
// goroutine of the test waits. So a check that sleeps 100ms takes exactly
// 100ms, and a request whose checks all run at once takes exactly as long
// as its slowest check. slack is what a request or a latency may take
// beyond that: a design that polls for results every 10ms (slow, which
// the latency suite judges) still answers within it, while one that runs
// its checks one after another misses it by the other checks' time (at
// least 50ms in every test here).
const slack = 20 * time.Millisecond

// sleepThen returns a Run that sleeps d, ignoring its context, and then
// returns err.
func sleepThen(d time.Duration, err error) func(context.Context) error {
	return func(context.Context) error {
		time.Sleep(d)
		return err
	}
}

// within reports whether got is in [want, want+slack].
func within(got, want time.Duration) bool {
	return got >= want && got <= want+slack
}

// checkLatencies reports each check of r whose latency_ms is not within
// slack of want's.
func checkLatencies(t *testing.T, r reportJSON, want map[string]time.Duration) {
	t.Helper()
	for name, w := range want {
		c, ok := r.Checks[name]
		switch {
		case !ok:
			// reported with the statuses
		case c.LatencyMS == nil:
			t.Errorf("check %q has no latency_ms", name)
		case !within(time.Duration(*c.LatencyMS*float64(time.Millisecond)), w):
			t.Errorf("check %q: latency_ms %v, want %v (up to %v more)", name, *c.LatencyMS, w.Milliseconds(), slack)
		}
	}
}

// checkAnswer compares a's code, content type and statuses with the
// wanted ones.
func checkAnswer(t *testing.T, a answer, wantCode int, wantStatus string, wantChecks map[string]string) {
	t.Helper()
	type summary struct {
		Code   int
		Status string
		Checks map[string]string
	}
	want := summary{Code: wantCode, Status: wantStatus, Checks: wantChecks}
	got := summary{Code: a.Code, Status: a.Report.Status, Checks: statuses(a.Report)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(a.ContentType, "application/json") {
		t.Errorf("Content-Type %q, want application/json", a.ContentType)
	}
}

// TestCorrectness_AllPass checks the answer when every check passes: the
// status code, the content type, each check's status and its latency.
func TestCorrectness_AllPass(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "db", Timeout: time.Second, Run: sleepThen(10*time.Millisecond, nil)},
			healthcheck.Check{Name: "cache", Timeout: time.Second, Run: sleepThen(20*time.Millisecond, nil)},
		)
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 200, "pass", map[string]string{"db": "pass", "cache": "pass"})
		checkLatencies(t, a.Report, map[string]time.Duration{"db": 10 * time.Millisecond, "cache": 20 * time.Millisecond})
	})
}

// TestCorrectness_FailingCheck checks the answer when a check returns an
// error: the status code, each check's status, the error's text and the
// latencies.
func TestCorrectness_FailingCheck(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "db", Timeout: time.Second, Run: sleepThen(5*time.Millisecond, errors.New("connection refused"))},
			healthcheck.Check{Name: "cache", Timeout: time.Second, Run: sleepThen(20*time.Millisecond, nil)},
		)
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 503, "fail", map[string]string{"db": "fail", "cache": "pass"})
		if got := a.Report.Checks["db"].Error; got != "connection refused" {
			t.Errorf("check db: error %q, want %q", got, "connection refused")
		}
		if got := a.Report.Checks["cache"].Error; got != "" {
			t.Errorf("check cache passed but has error %q", got)
		}
		checkLatencies(t, a.Report, map[string]time.Duration{"db": 5 * time.Millisecond, "cache": 20 * time.Millisecond})
	})
}

// TestCorrectness_TimeoutOfCheckIgnoringContext checks that a check whose
// Run ignores its context times out at its timeout, and that the answer
// does not wait for its Run.
//
// The hung check sleeps an hour with a timeout of 100ms.
func TestCorrectness_TimeoutOfCheckIgnoringContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "hung", Timeout: 100 * time.Millisecond, Run: sleepThen(time.Hour, nil)},
			healthcheck.Check{Name: "db", Timeout: time.Second, Run: sleepThen(10*time.Millisecond, nil)},
		)
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 503, "fail", map[string]string{"hung": "timeout", "db": "pass"})
		checkLatencies(t, a.Report, map[string]time.Duration{"hung": 100 * time.Millisecond, "db": 10 * time.Millisecond})
		if !within(a.Elapsed, 100*time.Millisecond) {
			t.Errorf("ServeHTTP took %v; want 100ms, the hung check's timeout", a.Elapsed)
		}
	})
}

// TestCorrectness_TimeoutOfCheckHonouringContext checks that a check's
// context is done when its timeout passes, and that a Run returning the
// context's error is a timeout.
//
// The context may end with DeadlineExceeded or Canceled: the prompt does
// not say which.
func TestCorrectness_TimeoutOfCheckHonouringContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var doneAfter time.Duration
		var ctxErr error
		h := healthcheck.NewHandler(healthcheck.Check{Name: "api", Timeout: 100 * time.Millisecond, Run: func(ctx context.Context) error {
			<-ctx.Done()
			doneAfter, ctxErr = time.Since(start), ctx.Err()
			return ctx.Err()
		}})
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 503, "fail", map[string]string{"api": "timeout"})
		checkLatencies(t, a.Report, map[string]time.Duration{"api": 100 * time.Millisecond})
		synctest.Wait()
		if !within(doneAfter, 100*time.Millisecond) || ctxErr == nil {
			t.Errorf("the check's context was done after %v with %v; want after 100ms, the timeout", doneAfter, ctxErr)
		}
	})
}

// TestCorrectness_ChecksRunAtOnce checks that the checks of a request all
// start at once, so that the request takes as long as its slowest check,
// not the sum.
//
// Three checks of 100, 200 and 300ms: the answer must come after 300ms,
// not 600ms.
func TestCorrectness_ChecksRunAtOnce(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var started [3]atomic.Int64
		run := func(i int, d time.Duration) func(context.Context) error {
			return func(context.Context) error {
				started[i].Store(int64(time.Since(start)))
				time.Sleep(d)
				return nil
			}
		}
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "a", Timeout: time.Second, Run: run(0, 100*time.Millisecond)},
			healthcheck.Check{Name: "b", Timeout: time.Second, Run: run(1, 200*time.Millisecond)},
			healthcheck.Check{Name: "c", Timeout: time.Second, Run: run(2, 300*time.Millisecond)},
		)
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 200, "pass", map[string]string{"a": "pass", "b": "pass", "c": "pass"})
		checkLatencies(t, a.Report, map[string]time.Duration{"a": 100 * time.Millisecond, "b": 200 * time.Millisecond, "c": 300 * time.Millisecond})
		if !within(a.Elapsed, 300*time.Millisecond) {
			t.Errorf("ServeHTTP took %v; want 300ms, the slowest check's time (the sum is 600ms)", a.Elapsed)
		}
		for i := range started {
			if d := time.Duration(started[i].Load()); d > slack {
				t.Errorf("check %d started %v after the request; want every check started at once", i, d)
			}
		}
	})
}

// TestCorrectness_EachCheckItsOwnTimeout checks that each check gets its
// own timeout: a check with a short one times out while a slower check with
// a long one passes.
func TestCorrectness_EachCheckItsOwnTimeout(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "quick", Timeout: 50 * time.Millisecond, Run: sleepThen(time.Hour, nil)},
			healthcheck.Check{Name: "patient", Timeout: time.Second, Run: sleepThen(200*time.Millisecond, nil)},
			healthcheck.Check{Name: "broken", Timeout: 300 * time.Millisecond, Run: sleepThen(20*time.Millisecond, errors.New("disk full"))},
		)
		a := serve(t, h, context.Background())
		checkAnswer(t, a, 503, "fail", map[string]string{"quick": "timeout", "patient": "pass", "broken": "fail"})
		checkLatencies(t, a.Report, map[string]time.Duration{"quick": 50 * time.Millisecond, "patient": 200 * time.Millisecond, "broken": 20 * time.Millisecond})
		if !within(a.Elapsed, 200*time.Millisecond) {
			t.Errorf("ServeHTTP took %v; want 200ms, the slowest check's time", a.Elapsed)
		}
	})
}

// TestCorrectness_RequestContextEndsChecks checks that the checks' contexts
// are done when the request's context is done, long before their timeouts,
// and that ServeHTTP returns then.
func TestCorrectness_RequestContextEndsChecks(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var doneAfter atomic.Int64
		h := healthcheck.NewHandler(healthcheck.Check{Name: "db", Timeout: time.Hour, Run: func(ctx context.Context) error {
			<-ctx.Done()
			doneAfter.Store(int64(time.Since(start)))
			return ctx.Err()
		}})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		a := serve(t, h, ctx)
		synctest.Wait()
		if got := time.Duration(doneAfter.Load()); !within(got, 50*time.Millisecond) {
			t.Errorf("the check's context was done after %v; want after 50ms, when the request's context was cancelled", got)
		}
		if !within(a.Elapsed, 50*time.Millisecond) {
			t.Errorf("ServeHTTP took %v; want 50ms, until the request's context was cancelled", a.Elapsed)
		}
	})
}

// TestCorrectness_NoChecks checks the answer of a handler with no checks.
func TestCorrectness_NoChecks(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a := serve(t, healthcheck.NewHandler(), context.Background())
		checkAnswer(t, a, 200, "pass", map[string]string{})
		if a.Report.Checks == nil {
			t.Errorf(`"checks" is missing or null; want an empty object`)
		}
	})
}

// TestCorrectness_EveryRequestRunsEveryCheck checks that every request runs
// every check afresh, with nothing cached between requests.
func TestCorrectness_EveryRequestRunsEveryCheck(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		var calls atomic.Int32
		h := healthcheck.NewHandler(healthcheck.Check{Name: "db", Timeout: time.Second, Run: func(context.Context) error {
			if calls.Add(1) == 3 {
				return errors.New("gone")
			}
			return nil
		}})
		var got []int
		for range 3 {
			got = append(got, serve(t, h, context.Background()).Code)
		}
		if diff := cmp.Diff([]int{200, 200, 503}, got); diff != "" {
			t.Errorf("status codes of three requests (-want +got):\n%s", diff)
		}
		if n := calls.Load(); n != 3 {
			t.Errorf("the check ran %d times in three requests; want 3", n)
		}
	})
}

// TestCorrectness_NewHandlerPanics checks that NewHandler panics for each
// kind of invalid check.
func TestCorrectness_NewHandlerPanics(t *testing.T) {
	ok := func(context.Context) error { return nil }
	for _, tc := range []struct {
		name   string
		checks []healthcheck.Check
	}{
		{"empty name", []healthcheck.Check{{Name: "", Timeout: time.Second, Run: ok}}},
		{"repeated name", []healthcheck.Check{{Name: "db", Timeout: time.Second, Run: ok}, {Name: "db", Timeout: time.Second, Run: ok}}},
		{"zero timeout", []healthcheck.Check{{Name: "db", Timeout: 0, Run: ok}}},
		{"negative timeout", []healthcheck.Check{{Name: "db", Timeout: -time.Second, Run: ok}}},
		{"nil Run", []healthcheck.Check{{Name: "db", Timeout: time.Second}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("NewHandler did not panic")
				}
			}()
			healthcheck.NewHandler(tc.checks...)
		})
	}
}
