// Defect: ServeHTTP waits for the checks by polling a counter every 10 milliseconds.

package healthcheck

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"
)

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	results := make([]checkResult, len(h.checks))
	var done atomic.Int32
	for i, c := range h.checks {
		go func() {
			results[i] = run(r.Context(), c)
			done.Add(1)
		}()
	}
	// BUG: sleeps in steps of 10ms rather than waiting to be told.
	for int(done.Load()) < len(h.checks) {
		time.Sleep(10 * time.Millisecond)
	}

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
