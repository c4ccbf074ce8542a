// Defect: The middleware counts the requests it lets through in a plain field that concurrent requests write without a lock.

package jwtauth

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"
)

// A Verifier verifies HS256 tokens signed with one secret, on its clock.
type Verifier struct {
	secret []byte
	now    func() time.Time
	passed int // requests let through, for metrics
}

// Middleware lets a request through with a valid bearer token holding role.
func (v *Verifier) Middleware(role string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		v.passed++ // BUG: a data race between concurrent requests
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, c)))
	})
}
