// Defect: Every request starts a goroutine that waits for the request's context to end to log it, and a context that never ends keeps it forever.

package jwtauth

import (
	"context"
	"log"
	"net/http"
	"slices"
	"strings"
)

// Middleware lets a request through with a valid bearer token holding role.
func (v *Verifier) Middleware(role string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// BUG: nothing guarantees r.Context() is ever done.
		go func() {
			<-r.Context().Done()
			log.Printf("jwtauth: %s %s done", r.Method, r.URL.Path)
		}()
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			deny(w, http.StatusUnauthorized, challenge)
			return
		}
		c, err := v.Verify(token)
		if err != nil {
			deny(w, http.StatusUnauthorized, invalidToken)
			return
		}
		if role != "" && !slices.Contains(c.Roles, role) {
			deny(w, http.StatusForbidden, insufficientScope)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, c)))
	})
}
