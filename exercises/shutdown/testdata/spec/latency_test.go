package shutdown_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// BenchmarkLatency_StartAndStop measures starting Run on an idle server and
// stopping it by cancelling its context.
//
// It waits until Run accepts connections before cancelling. The reference
// takes some microseconds (two goroutines, a listener closed, no
// connection to wait for); a Run that checks its context by sleeping
// 100ms at a time takes thousands of times that, while one that waits on
// ctx.Done() in any way stays within a small factor.
func BenchmarkLatency_StartAndStop(b *testing.B) {
	h := http.NotFoundHandler()
	for b.Loop() {
		ln := newMemListener()
		ctx, cancel := context.WithCancel(context.Background())
		run := goRun(ctx, &http.Server{Handler: h}, ln, time.Second, time.Now())
		<-ln.accepting
		cancel()
		<-run.done
	}
}
