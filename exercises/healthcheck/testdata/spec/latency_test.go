package healthcheck_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"healthcheck"
)

// benchHandler is the handler of BenchmarkLatency_ServeHTTP, made once per
// process.
var benchHandler = sync.OnceValue(func() http.Handler {
	ok := func(context.Context) error { return nil }
	return healthcheck.NewHandler(
		healthcheck.Check{Name: "db", Timeout: time.Second, Run: ok},
		healthcheck.Check{Name: "cache", Timeout: time.Second, Run: ok},
		healthcheck.Check{Name: "api", Timeout: time.Second, Run: ok},
	)
})

// BenchmarkLatency_ServeHTTP measures a request whose checks all pass at
// once.
//
// It is the cost of starting the checks, collecting their results and
// writing the JSON. The reference takes some microseconds; a handler that
// polls for results with a 10ms sleep takes hundreds of times that, while
// any design that waits on channels, a WaitGroup or a mutex and condition
// stays within a small factor.
func BenchmarkLatency_ServeHTTP(b *testing.B) {
	h := benchHandler()
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
