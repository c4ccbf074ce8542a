package jwtauth_test

import (
	"net/http"
	"testing"
	"time"

	"go.uber.org/goleak"

	"jwtauth"
)

// Requests, let through or not, leave no goroutine behind.
func TestLeak_Requests(t *testing.T) {
	defer goleak.VerifyNone(t)
	v := jwtauth.NewVerifier(secret, at(clock))
	mw := func(next http.Handler) http.Handler { return v.Middleware("writer", next) }
	for _, auth := range []string{"Bearer " + hs256(valid), "", "Bearer x.y.z",
		"Bearer " + hs256(`{"sub":"ada","exp":`+unix(clock.Add(-time.Hour))+`}`),
		"Bearer " + hs256(`{"sub":"ada","exp":`+unix(clock.Add(time.Hour))+`}`)} {
		serve(t, mw, auth)
	}
	v.Verify(hs256(valid))
}
