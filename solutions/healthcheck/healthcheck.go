// Package healthcheck is the reference solution of the healthcheck
// exercise: an HTTP health endpoint that runs named dependency checks
// concurrently, each with its own timeout.
//
// Every request runs every check afresh, each in a goroutine of its own
// with a context that ends at the check's timeout (or with the request).
// The check's function runs in one more goroutine, which reports on a
// channel buffered for its one result, so that it never blocks on its
// send when nobody waits for it any more (the check timed out).
package healthcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// A Check is one named dependency check.
type Check struct {
	// Name names the check in the report; it is unique and non-empty.
	Name string
	// Timeout is how long the check may take; it is positive.
	Timeout time.Duration
	// Run checks the dependency: a nil error means it is healthy. Its
	// context is done once Timeout has passed or the request is over.
	Run func(ctx context.Context) error
}

// The statuses of a check and of the whole report.
const (
	statusPass    = "pass"
	statusFail    = "fail"
	statusTimeout = "timeout"
)

// report is the JSON body of every answer.
type report struct {
	Status string                 `json:"status"`
	Checks map[string]checkResult `json:"checks"`
}

// checkResult is one check's part of a report.
type checkResult struct {
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

// NewHandler returns an http.Handler that, on every request, runs every
// check concurrently, each with its own timeout, and answers with a JSON
// report: 200 when every check passes, 503 otherwise. It panics if a
// check has an empty or repeated Name, a Timeout that is not positive or
// a nil Run.
func NewHandler(checks ...Check) http.Handler {
	seen := make(map[string]bool)
	for _, c := range checks {
		switch {
		case c.Name == "":
			panic("healthcheck: a check has an empty name")
		case seen[c.Name]:
			panic(fmt.Sprintf("healthcheck: two checks are named %q", c.Name))
		case c.Timeout <= 0:
			panic(fmt.Sprintf("healthcheck: check %q has timeout %v; it must be positive", c.Name, c.Timeout))
		case c.Run == nil:
			panic(fmt.Sprintf("healthcheck: check %q has a nil Run", c.Name))
		}
		seen[c.Name] = true
	}
	return &handler{checks: append([]Check(nil), checks...)}
}

type handler struct {
	checks []Check
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	results := make([]checkResult, len(h.checks))
	var wg sync.WaitGroup
	for i, c := range h.checks {
		wg.Go(func() { results[i] = run(r.Context(), c) })
	}
	wg.Wait()

	rep := report{Status: statusPass, Checks: make(map[string]checkResult, len(h.checks))}
	for i, c := range h.checks {
		rep.Checks[c.Name] = results[i]
		if results[i].Status != statusPass {
			rep.Status = statusFail
		}
	}
	code := http.StatusOK
	if rep.Status != statusPass {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(rep)
}

// run runs one check with its timeout and returns its result, at the
// latest when the timeout has passed, whether or not c.Run has returned.
// A check is a timeout when its time is up by the clock, even if the
// context's timer has not fired yet (it fires on another goroutine, which
// a loaded machine may run late).
func run(parent context.Context, c Check) checkResult {
	ctx, cancel := context.WithTimeout(parent, c.Timeout)
	defer cancel()
	start := time.Now()
	errc := make(chan error, 1) // never blocks c.Run's goroutine
	go func() { errc <- c.Run(ctx) }()

	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = ctx.Err()
	}
	elapsed := time.Since(start)
	res := checkResult{Status: statusPass, LatencyMS: ms(elapsed)}
	switch {
	case elapsed >= c.Timeout || errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.Status, res.LatencyMS, res.Error = statusTimeout, ms(c.Timeout), fmt.Sprintf("no answer within %v", c.Timeout)
	case err != nil:
		res.Status, res.Error = statusFail, err.Error()
	}
	return res
}

// ms returns d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
