// Defect: ServeHTTP runs the checks one after another, so a request takes the sum of their times.

package healthcheck

import (
	"encoding/json"
	"net/http"
)

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := report{Status: statusPass, Checks: make(map[string]checkResult, len(h.checks))}
	for _, c := range h.checks {
		// BUG: each check waits for the one before it.
		res := run(r.Context(), c)
		rep.Checks[c.Name] = res
		if res.Status != statusPass {
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
