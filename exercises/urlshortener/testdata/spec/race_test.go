package urlshortener_test

import (
	"fmt"
	"sync"
	"testing"

	"urlshortener"
)

// The race tests check only what holds whatever codes a design makes:
// that Save returns a code and Lookup finds something under it. Whether
// codes collide is the correctness suite's business.

// TestRace_SaveAndLookup checks for data races when Save and Lookup are
// called from many goroutines at once.
func TestRace_SaveAndLookup(t *testing.T) {
	s := urlshortener.NewStore()
	var old []string
	for i := range 100 {
		old = append(old, s.Save(fmt.Sprintf("https://example.com/old/%d", i)))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 300 {
				code := s.Save(fmt.Sprintf("https://example.com/%d/%d", g, i))
				if _, ok := s.Lookup(code); !ok {
					t.Errorf("Lookup(%q) right after Save returned it: not found", code)
					return
				}
			}
		})
		wg.Go(func() {
			for i := range 300 {
				s.Lookup(old[(g+i)%len(old)])
				s.Lookup("no-such-code")
			}
		})
	}
	wg.Wait()
}

// TestRace_Requests checks for data races when requests, Save and Lookup
// run from many goroutines at once.
func TestRace_Requests(t *testing.T) {
	s := urlshortener.NewStore()
	h := urlshortener.NewHandler(s)
	first := s.Save("https://example.com/first")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				status, _, code := shorten(t, h, fmt.Sprintf(`{"url": "https://example.com/%d/%d"}`, g, i))
				if status != 201 {
					t.Errorf("POST /shorten: status %d, want 201", status)
					return
				}
				if status, _ := follow(h, code); status != 302 {
					t.Errorf("GET /%s of a code just made: status %d, want 302", code, status)
					return
				}
			}
		})
		wg.Go(func() {
			for i := range 100 {
				follow(h, first)
				s.Save(fmt.Sprintf("https://example.com/direct/%d/%d", g, i))
			}
		})
	}
	wg.Wait()
}
