package shutdown_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"shutdown/internal/gradertest"

	"github.com/google/go-cmp/cmp"
)

// Every correctness test runs on virtual time, in a gradertest.Bubble,
// over a memListener: the server, its clients and Run are all in the
// bubble, so timers are exact and time moves only when every goroutine
// waits. slack is how long after an instant the prompt allows Run to
// notice it ("within 1 second"): http.Server.Shutdown checks for idle
// connections at growing intervals, up to about half a second apart. The
// tests look at instants at least 500ms away from any instant that
// matters, never at one.
const slack = time.Second

// sleepUntil sleeps until start+d on the bubble's clock, and lets every
// goroutine of the bubble run until it blocks.
func sleepUntil(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
	synctest.Wait()
}

// TestCorrectness_ServesUntilCancelled checks that Run serves requests
// until its context is done, does not return before, and then returns nil
// promptly when nothing is in flight.
func TestCorrectness_ServesUntilCancelled(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		ln := newMemListener()
		client := newClient(ln, false)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, time.Hour, start)

		ok := response{Status: 200, Body: "ok"}
		if diff := cmp.Diff(ok, get(client, "/fast")); diff != "" {
			t.Errorf("GET /fast while serving (-want +got):\n%s", diff)
		}
		sleepUntil(start, time.Hour)
		if run.returned() {
			t.Fatalf("Run returned %v before its context was done", run.result)
		}
		if diff := cmp.Diff(ok, get(client, "/fast")); diff != "" {
			t.Errorf("GET /fast an hour later (-want +got):\n%s", diff)
		}
		cancel()
		sleepUntil(start, time.Hour+slack)
		if !run.returned() {
			t.Fatalf("Run had not returned %v after its context was cancelled, with no request in flight", slack)
		}
		if run.result != nil {
			t.Errorf("Run returned %v; want nil: nothing was cut short", run.result)
		}
	})
}

// TestCorrectness_RequestInFlightFinishes checks that a request in flight
// when the context is done finishes normally, and that Run returns nil
// after it, not before.
//
// Run's context is cancelled 1s into a request that takes 3s, with a
// drain timeout of 10s.
func TestCorrectness_RequestInFlightFinishes(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		ln := newMemListener()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, 10*time.Second, start)
		req := goGet(newClient(ln, false), "/slow/3s", start)

		sleepUntil(start, time.Second)
		cancel()
		sleepUntil(start, 2500*time.Millisecond)
		if run.returned() {
			t.Fatalf("Run returned %v while a request was in flight", run.result)
		}
		sleepUntil(start, 3*time.Second+slack)
		if !req.returned() || !run.returned() {
			t.Fatalf("at 3s+%v, request returned %v, Run returned %v; want both (the request takes 3s)", slack, req.returned(), run.returned())
		}
		if diff := cmp.Diff(response{Status: 200, Body: "done"}, req.result); diff != "" {
			t.Errorf("the request in flight (-want +got):\n%s", diff)
		}
		if run.result != nil {
			t.Errorf("Run returned %v; want nil: the request finished within the drain timeout", run.result)
		}
	})
}

// TestCorrectness_StopsAccepting checks that a new connection fails once
// Run's context is done, while a request in flight still finishes.
func TestCorrectness_StopsAccepting(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		ln := newMemListener()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		goRun(ctx, &http.Server{Handler: handler(nil)}, ln, 10*time.Second, start)
		inFlight := goGet(newClient(ln, false), "/slow/5s", start)

		sleepUntil(start, time.Second)
		cancel()
		sleepUntil(start, 2*time.Second)
		late := newClient(ln, false)
		late.Timeout = time.Second
		if got := get(late, "/fast"); !got.Err {
			t.Errorf("a new request after Run's context was done got %+v; want it to fail: Run must stop accepting", got)
		}
		sleepUntil(start, 5*time.Second+slack)
		if diff := cmp.Diff(response{Status: 200, Body: "done"}, inFlight.result); diff != "" {
			t.Errorf("the request in flight (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_IdleConnectionsDoNotHoldUp checks that an idle keep-alive
// connection does not keep Run from returning at once when its context is
// done.
func TestCorrectness_IdleConnectionsDoNotHoldUp(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		ln := newMemListener()
		client := newClient(ln, true)
		defer client.CloseIdleConnections()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, time.Hour, start)
		for range 2 {
			if diff := cmp.Diff(response{Status: 200, Body: "ok"}, get(client, "/fast")); diff != "" {
				t.Fatalf("GET /fast while serving (-want +got):\n%s", diff)
			}
		}

		sleepUntil(start, time.Second)
		cancel()
		sleepUntil(start, time.Second+slack)
		if !run.returned() {
			t.Fatalf("Run had not returned %v after its context was done, with only an idle connection open", slack)
		}
		if run.result != nil {
			t.Errorf("Run returned %v; want nil", run.result)
		}
	})
}

// TestCorrectness_ForcesAfterDrainTimeout checks that Run forces the
// requests still in flight closed when the drain timeout passes, not
// before, cancelling their contexts, and returns an error wrapping
// context.DeadlineExceeded.
//
// Two requests are in flight when Run's context is cancelled at 1s, with
// a drain timeout of 2s: one finishes at 2s and must succeed, the other
// never finishes by itself and must be cut short at 3s.
func TestCorrectness_ForcesAfterDrainTimeout(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var hangDone atomic.Int64 // when /hang's context was done, since start
		ln := newMemListener()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := &http.Server{Handler: handler(func(error) { hangDone.Store(int64(time.Since(start))) })}
		run := goRun(ctx, srv, ln, 2*time.Second, start)
		slow := goGet(newClient(ln, false), "/slow/2s", start)
		hang := goGet(newClient(ln, false), "/hang", start)

		sleepUntil(start, time.Second)
		cancel()
		sleepUntil(start, 2500*time.Millisecond)
		if diff := cmp.Diff(response{Status: 200, Body: "done"}, slow.result); diff != "" || !slow.returned() {
			t.Errorf("the request that finishes within the drain timeout (-want +got):\n%s", diff)
		}
		if hang.returned() || run.returned() || hangDone.Load() != 0 {
			t.Fatalf("at 2.5s, within the drain timeout: the hanging request returned %v, Run returned %v, the request's context done %v; want none yet",
				hang.returned(), run.returned(), hangDone.Load() != 0)
		}
		sleepUntil(start, 3*time.Second+slack)
		if !run.returned() {
			t.Fatalf("Run had not returned %v after the drain timeout", slack)
		}
		if !errors.Is(run.result, context.DeadlineExceeded) {
			t.Errorf("Run returned %v; want an error wrapping context.DeadlineExceeded", run.result)
		}
		if d := time.Duration(hangDone.Load()); d < 3*time.Second {
			t.Errorf("the hanging request's context was not done %v after the drain timeout; want it cancelled when its connection is closed", slack)
		}
		if !hang.returned() || !hang.result.Err {
			t.Errorf("the hanging request: returned %v, got %+v; want it cut short, with an error", hang.returned(), hang.result)
		}
	})
}

// TestCorrectness_ServeErrorReturned checks that Run returns promptly an
// error wrapping the listener's when serving fails, without its context
// being done.
func TestCorrectness_ServeErrorReturned(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		run := goRun(context.Background(), &http.Server{Handler: handler(nil)}, brokenListener{}, time.Hour, start)
		sleepUntil(start, slack)
		if !run.returned() {
			t.Fatalf("Run had not returned %v after its listener failed", slack)
		}
		if !errors.Is(run.result, errBroken) {
			t.Errorf("Run returned %v; want an error wrapping %q", run.result, errBroken)
		}
	})
}
