// Defect: ServeHTTP answers 500 Internal Server Error, not 503 Service Unavailable, when a check does not pass.

package healthcheck

import (
	"encoding/json"
	"net/http"
	"sync"
)

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
		code = http.StatusInternalServerError // BUG: 503 is due
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(rep)
}
