package shutdown_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"shutdown"
)

// TestRequestInFlightFinishes runs on the loopback interface and real
// time: a request that takes 200ms is in flight when Run's context is
// cancelled, with a drain timeout of 5s.
func TestRequestInFlightFinishes(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{}, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		time.Sleep(200 * time.Millisecond)
		io.WriteString(w, "done")
	})}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- shutdown.Run(ctx, srv, ln, 5*time.Second) }()

	bodyc := make(chan string, 1)
	go func() {
		client := &http.Client{Timeout: 5 * time.Second}
		resp, err := client.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			bodyc <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		bodyc <- string(b)
	}()
	select {
	case <-started: // the request is in flight
	case <-time.After(5 * time.Second):
		t.Fatal("the request did not reach the handler within 5s: is Run serving?")
	}
	cancel()
	if got := <-bodyc; got != "done" {
		t.Errorf("the request in flight got %q, want %q", got, "done")
	}
	if err := <-errc; err != nil {
		t.Errorf("Run returned %v, want nil", err)
	}
}
