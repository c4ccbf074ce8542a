package shutdown_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// The leak tests run on real time. Each waits for Run and for its own
// requests to return, and closes its clients' idle connections, before
// goleak looks for goroutines left behind (and goleak retries for a
// while, so one about to end is not counted). Whether Run returned when
// it should, and what, is the correctness suite's business: a request
// here that waits for its context gives up after 2s by itself, so that a
// Run that never forces still returns.

// TestLeak_GracefulOnLoopback checks that no goroutine is left behind after
// a graceful shutdown on the loopback interface.
func TestLeak_GracefulOnLoopback(t *testing.T) {
	defer goleak.VerifyNone(t)
	ln := listenLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, 10*time.Second, time.Now())
	client := &http.Client{Timeout: 5 * time.Second}
	for range 5 {
		resp, err := client.Get("http://" + ln.Addr().String() + "/fast")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	cancel()
	<-run.done
	client.CloseIdleConnections()
}

// TestLeak_ForcedInMemory checks that no goroutine is left behind, and no
// request still runs, after Run forces requests closed.
//
// The handlers wait for their contexts, for at most 2s.
func TestLeak_ForcedInMemory(t *testing.T) {
	defer goleak.VerifyNone(t)
	ln := newMemListener()
	mux := http.NewServeMux()
	mux.HandleFunc("/wait", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	run := goRun(ctx, &http.Server{Handler: mux}, ln, 20*time.Millisecond, time.Now())
	client := newClient(ln, false)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { get(client, "/wait") })
	}
	// Let the requests reach the handler. One that has not by then only
	// makes the test check less: it fails to connect, or is cut short.
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-run.done
	wg.Wait()
	client.CloseIdleConnections()
}

// TestLeak_ServeFails checks that no goroutine is left behind when serving
// fails.
//
// The listener fails at once; the context is done after 1s, for a Run
// that waits for it regardless.
func TestLeak_ServeFails(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	run := goRun(ctx, &http.Server{Handler: handler(nil)}, brokenListener{}, time.Second, time.Now())
	<-run.done
}
