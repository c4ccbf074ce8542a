package shutdown_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// The race tests run on real time, in the -race build, on the loopback
// interface. They judge data races only: what Run returns is the
// correctness suite's business, so they only log it. Their requests end
// by themselves within 2s, so that a Run that never forces still returns.

// hammer sends requests for path from n goroutines until stop is closed,
// ignoring their outcome (those sent during the shutdown fail), and
// returns a function that waits for the goroutines to end.
func hammer(url string, n int, stop <-chan struct{}) (wait func()) {
	client := &http.Client{Timeout: 5 * time.Second}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(url)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	return func() {
		wg.Wait()
		client.CloseIdleConnections()
	}
}

func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on the loopback interface: %v", err)
	}
	return ln
}

// TestRace_GracefulUnderLoad checks for data races when the server shuts
// down gracefully while many clients send requests.
func TestRace_GracefulUnderLoad(t *testing.T) {
	ln := listenLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, 10*time.Second, start)
	stop := make(chan struct{})
	wait := hammer("http://"+ln.Addr().String()+"/slow/1ms", 8, stop)
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-run.done
	close(stop)
	wait()
	t.Logf("Run returned %v", run.result)
}

// TestRace_ForcedUnderLoad checks for data races when the server shuts down
// by force while many requests are in flight and more keep coming.
func TestRace_ForcedUnderLoad(t *testing.T) {
	ln := listenLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	run := goRun(ctx, &http.Server{Handler: handler(nil)}, ln, 20*time.Millisecond, start)
	stop := make(chan struct{})
	base := "http://" + ln.Addr().String()
	waitHang := hammer(base+"/slow/2s", 8, stop)
	waitFast := hammer(base+"/fast", 4, stop)
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-run.done
	close(stop)
	waitHang()
	waitFast()
	t.Logf("Run returned %v", run.result)
}
