// Defect: the checks' goroutines count failures in a plain int that they all increment at once.

package healthcheck

import (
	"encoding/json"
	"net/http"
	"sync"
)

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	results := make([]checkResult, len(h.checks))
	failed := 0
	var wg sync.WaitGroup
	for i, c := range h.checks {
		wg.Go(func() {
			results[i] = run(r.Context(), c)
			if results[i].Status != statusPass {
				failed++ // BUG: a data race with the other checks' goroutines
			}
		})
	}
	wg.Wait()

	rep := report{Status: statusPass, Checks: make(map[string]checkResult, len(h.checks))}
	for i, c := range h.checks {
		rep.Checks[c.Name] = results[i]
	}
	code := http.StatusOK
	if failed > 0 {
		rep.Status = statusFail
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(rep)
}
