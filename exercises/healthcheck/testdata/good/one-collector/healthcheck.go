// Good: one collector loop with a timer per check, and the JSON written by hand.

// Package healthcheck runs named dependency checks concurrently and
// reports them as JSON. Unlike the reference, one loop in ServeHTTP
// collects every result from a single channel and fires each check's
// timeout itself, and the body is built with strconv rather than
// encoding/json.
package healthcheck

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"
)

// A Check is one named dependency check.
type Check struct {
	Name    string
	Timeout time.Duration
	Run     func(ctx context.Context) error
}

type outcome struct {
	i   int
	err error
	at  time.Time
}

type handler []Check

// NewHandler returns the health handler of checks.
func NewHandler(checks ...Check) http.Handler {
	names := map[string]struct{}{}
	for _, c := range checks {
		if _, dup := names[c.Name]; dup || c.Name == "" || c.Timeout <= 0 || c.Run == nil {
			panic("healthcheck: invalid check " + strconv.Quote(c.Name))
		}
		names[c.Name] = struct{}{}
	}
	return handler(append([]Check{}, checks...))
}

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	outcomes := make(chan outcome, 2*len(h))
	cancels := make([]context.CancelFunc, len(h))
	for i, c := range h {
		ctx, cancel := context.WithCancel(r.Context())
		cancels[i] = cancel
		go func() {
			err := c.Run(ctx)
			outcomes <- outcome{i: i, err: err, at: time.Now()}
		}()
		time.AfterFunc(c.Timeout, func() {
			outcomes <- outcome{i: i, err: context.DeadlineExceeded, at: start.Add(c.Timeout)}
			cancel()
		})
	}
	status := make([]string, len(h))
	errs := make([]string, len(h))
	lat := make([]time.Duration, len(h))
	for left := len(h); left > 0; {
		var o outcome
		select {
		case o = <-outcomes:
		case <-r.Context().Done():
			o = outcome{i: -1}
		}
		if o.i < 0 {
			for i := range h {
				if status[i] == "" {
					status[i], errs[i], lat[i] = "fail", "request ended", time.Since(start)
				}
			}
			break
		}
		if status[o.i] != "" {
			continue
		}
		left--
		lat[o.i] = o.at.Sub(start)
		switch {
		case o.err == nil:
			status[o.i] = "pass"
		case o.err == context.DeadlineExceeded || o.at.Sub(start) >= h[o.i].Timeout:
			status[o.i], errs[o.i], lat[o.i] = "timeout", "timed out", h[o.i].Timeout
		default:
			status[o.i], errs[o.i] = "fail", o.err.Error()
		}
		cancels[o.i]()
	}
	for _, cancel := range cancels {
		cancel()
	}

	overall := "pass"
	var body bytes.Buffer
	body.WriteString(`{"checks":{`)
	for i, c := range h {
		if i > 0 {
			body.WriteByte(',')
		}
		if status[i] != "pass" {
			overall = "fail"
		}
		body.WriteString(strconv.Quote(c.Name))
		body.WriteString(`:{"status":"` + status[i] + `","latency_ms":`)
		body.WriteString(strconv.FormatFloat(lat[i].Seconds()*1000, 'f', -1, 64))
		if errs[i] != "" {
			body.WriteString(`,"error":` + strconv.Quote(errs[i]))
		}
		body.WriteByte('}')
	}
	body.WriteString(`},"status":"` + overall + `"}`)
	w.Header().Set("Content-Type", "application/json")
	if overall == "pass" {
		w.WriteHeader(http.StatusOK)
	} else {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	w.Write(body.Bytes())
}
