package jwtauth_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"jwtauth"
)

// One verifier serves many requests at once, as a server's middleware
// does.
func TestRace_ConcurrentRequests(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	good, expired := hs256(valid), hs256(`{"sub":"ada","exp":`+unix(clock.Add(-time.Hour))+`}`)
	mw := func(next http.Handler) http.Handler { return v.Middleware("writer", next) }
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				switch (g + i) % 3 {
				case 0:
					serve(t, mw, "Bearer "+good)
				case 1:
					serve(t, mw, "Bearer "+expired)
				default:
					v.Verify(good)
				}
			}
		}()
	}
	wg.Wait()
}
