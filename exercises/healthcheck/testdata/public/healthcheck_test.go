package healthcheck_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"healthcheck"
)

// These tests run on a simulated clock (testing/synctest): time.Sleep and
// timers fire at once, and time.Now moves forward by exactly the time
// waited.

func TestOneCheckFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "db", Timeout: time.Second, Run: func(context.Context) error {
				time.Sleep(10 * time.Millisecond)
				return nil
			}},
			healthcheck.Check{Name: "cache", Timeout: time.Second, Run: func(context.Context) error {
				return errors.New("connection refused")
			}},
		)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if rec.Code != 503 {
			t.Errorf("status %d, want 503", rec.Code)
		}
		var body struct {
			Status string `json:"status"`
			Checks map[string]struct {
				Status    string  `json:"status"`
				LatencyMS float64 `json:"latency_ms"`
			} `json:"checks"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %q: %v", rec.Body, err)
		}
		if body.Status != "fail" || body.Checks["db"].Status != "pass" || body.Checks["cache"].Status != "fail" {
			t.Errorf("body %+v; want status fail, db pass, cache fail", body)
		}
		if got := body.Checks["db"].LatencyMS; got != 10 {
			t.Errorf("db latency_ms %v, want 10", got)
		}
	})
}

func TestSlowestNotSum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sleep := func(d time.Duration) func(context.Context) error {
			return func(context.Context) error { time.Sleep(d); return nil }
		}
		h := healthcheck.NewHandler(
			healthcheck.Check{Name: "a", Timeout: time.Second, Run: sleep(100 * time.Millisecond)},
			healthcheck.Check{Name: "b", Timeout: time.Second, Run: sleep(200 * time.Millisecond)},
			healthcheck.Check{Name: "hung", Timeout: 300 * time.Millisecond, Run: func(ctx context.Context) error {
				<-ctx.Done() // a check that ignored its context would outlive the bubble
				return ctx.Err()
			}},
		)
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if d := time.Since(start); d != 300*time.Millisecond {
			t.Errorf("ServeHTTP took %v, want 300ms (the hung check's timeout, not the sum)", d)
		}
		if rec.Code != 503 {
			t.Errorf("status %d, want 503", rec.Code)
		}
	})
}
