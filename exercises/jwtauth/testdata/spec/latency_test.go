package jwtauth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"jwtauth"
)

// A request with a valid token through the middleware: verification is
// on every request's path.
func BenchmarkLatency_Middleware(b *testing.B) {
	v := jwtauth.NewVerifier(secret, at(clock))
	h := v.Middleware("writer", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/orders", nil)
	req.Header.Set("Authorization", "Bearer "+hs256(valid))
	rec := httptest.NewRecorder()
	for b.Loop() {
		h.ServeHTTP(rec, req)
	}
}
