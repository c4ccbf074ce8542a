package healthcheck_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// checkJSON and reportJSON are the body of an answer, as the prompt
// describes it.
type checkJSON struct {
	Status    string   `json:"status"`
	LatencyMS *float64 `json:"latency_ms"`
	Error     string   `json:"error"`
}

type reportJSON struct {
	Status string               `json:"status"`
	Checks map[string]checkJSON `json:"checks"`
}

// answer is what one request got, and how long ServeHTTP took.
type answer struct {
	Code        int
	ContentType string
	Report      reportJSON
	Elapsed     time.Duration
}

// serve runs one GET /healthz with context ctx through h, and decodes the
// answer's body (an undecodable body is reported, and left zero).
func serve(t testing.TB, h http.Handler, ctx context.Context) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	a := answer{Code: rec.Code, ContentType: rec.Header().Get("Content-Type"), Elapsed: time.Since(start)}
	if err := json.Unmarshal(rec.Body.Bytes(), &a.Report); err != nil {
		t.Errorf("the body is not the JSON report: %v\nbody: %q", err, rec.Body.String())
	}
	return a
}

// statuses returns each check's status in r, by name.
func statuses(r reportJSON) map[string]string {
	out := make(map[string]string)
	for name, c := range r.Checks {
		out[name] = c.Status
	}
	return out
}
