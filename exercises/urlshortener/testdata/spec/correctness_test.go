package urlshortener_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"urlshortener"
	"urlshortener/internal/gradertest"

	"github.com/google/go-cmp/cmp"
)

// known are values whose base62 codes the prompt fixes or that follow
// from it.
var known = []struct {
	n    uint64
	code string
}{
	{0, "0"}, {9, "9"}, {10, "a"}, {35, "z"}, {36, "A"}, {61, "Z"},
	{62, "10"}, {63, "11"}, {3843, "ZZ"}, {3844, "100"},
	{123456789, "8m0Kx"}, {math.MaxUint64, "lYGhA16ahyf"},
}

// TestCorrectness_EncodeKnownValues checks Encode against values the
// prompt's digits fix, from zero to the largest uint64.
func TestCorrectness_EncodeKnownValues(t *testing.T) {
	var want, got []string
	for _, k := range known {
		want = append(want, fmt.Sprintf("Encode(%d) = %q", k.n, k.code))
		got = append(got, fmt.Sprintf("Encode(%d) = %q", k.n, urlshortener.Encode(k.n)))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCorrectness_DecodeRoundTrip checks that Decode undoes Encode, for
// known and random numbers.
func TestCorrectness_DecodeRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(uint64(gradertest.Seed(t)), 1))
	var ns []uint64
	for _, k := range known {
		ns = append(ns, k.n)
	}
	for range 200 {
		ns = append(ns, r.Uint64()>>r.UintN(64))
	}
	for _, n := range ns {
		code := urlshortener.Encode(n)
		got, err := urlshortener.Decode(code)
		if got != n || err != nil {
			t.Errorf("Decode(Encode(%d)) = Decode(%q) = %d, %v; want %d, nil", n, code, got, err, n)
		}
	}
}

// TestCorrectness_DecodeErrors checks that Decode returns an error for
// every kind of invalid code: empty, a character that is not a digit, and a
// number too large for a uint64.
func TestCorrectness_DecodeErrors(t *testing.T) {
	for _, tc := range []struct{ code, reason string }{
		{"", "empty"},
		{"ab-c", "not a digit"},
		{"a b", "a space"},
		{"abc=", "padding is not a digit"},
		{"caf\u00e9", "not ASCII"},
		{"lYGhA16ahyg", "math.MaxUint64 + 1"},
		{"100000000000", "62^11, more than math.MaxUint64"},
		{"zzzzzzzzzzzzzzzzzzzz", "far too large"},
	} {
		if n, err := urlshortener.Decode(tc.code); err == nil {
			t.Errorf("Decode(%q) = %d, nil; want an error (%s)", tc.code, n, tc.reason)
		}
	}
}

// TestCorrectness_StoreSaveLookup checks that Save returns distinct codes
// made of base62 digits, that Lookup finds each URL under its code, and
// that Lookup reports unknown codes.
func TestCorrectness_StoreSaveLookup(t *testing.T) {
	s := urlshortener.NewStore()
	urls := []string{"https://example.com/a", "https://example.com/b", "http://go.dev/doc?x=1#y"}
	codes := make(map[string]string)
	for _, u := range urls {
		code := s.Save(u)
		if !isCode(code) {
			t.Errorf("Save(%q) = %q, want a non-empty string of base62 digits", u, code)
		}
		if prev, dup := codes[code]; dup {
			t.Errorf("Save(%q) and Save(%q) both returned %q", prev, u, code)
		}
		codes[code] = u
	}
	for code, u := range codes {
		if got, ok := s.Lookup(code); got != u || !ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, true", code, got, ok, u)
		}
	}
	for _, code := range []string{"zzzzzz", "", "no-such"} {
		if got, ok := s.Lookup(code); got != "" || ok {
			t.Errorf("Lookup(%q) of an unknown code = %q, %v; want \"\", false", code, got, ok)
		}
	}
}

// TestCorrectness_CodesUniqueAtTheSameInstant checks that codes never
// collide when many goroutines save URLs at the same instant.
//
// It saves 1600 URLs from eight goroutines at once, on the frozen clock
// of a synctest bubble: every Save happens at the same instant, so codes
// made from the time collide. Every code must be new, and look up its own
// URL.
func TestCorrectness_CodesUniqueAtTheSameInstant(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := urlshortener.NewStore()
		const goroutines, each = 8, 200
		codes := make([][]string, goroutines)
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for i := range each {
					codes[g] = append(codes[g], s.Save(fmt.Sprintf("https://example.com/%d/%d", g, i)))
				}
			})
		}
		wg.Wait()
		seen := make(map[string]string)
		for g := range goroutines {
			for i, code := range codes[g] {
				u := fmt.Sprintf("https://example.com/%d/%d", g, i)
				if prev, dup := seen[code]; dup {
					t.Fatalf("Save(%q) and Save(%q) both returned code %q", prev, u, code)
				}
				seen[code] = u
				if got, ok := s.Lookup(code); got != u || !ok {
					t.Fatalf("Lookup(%q) = %q, %v; want %q, true", code, got, ok, u)
				}
			}
		}
	})
}

// TestCorrectness_ShortenThenRedirect checks that POST /shorten answers 201
// with a JSON code, and that GET of that code redirects with 302 to the URL
// exactly as saved.
func TestCorrectness_ShortenThenRedirect(t *testing.T) {
	h := urlshortener.NewHandler(urlshortener.NewStore())
	for _, u := range []string{"https://example.com/a/long/path?q=1&r=2#frag", "http://localhost:8080/x"} {
		status, ctype, code := shorten(t, h, fmt.Sprintf(`{"url": %q}`, u))
		if status != 201 || !isCode(code) {
			t.Fatalf("POST /shorten %q: status %d, code %q; want 201 and a code", u, status, code)
		}
		if !strings.HasPrefix(ctype, "application/json") {
			t.Errorf("POST /shorten: Content-Type %q, want application/json", ctype)
		}
		type redirect struct {
			Status   int
			Location string
		}
		var got redirect
		got.Status, got.Location = follow(h, code)
		if diff := cmp.Diff(redirect{302, u}, got); diff != "" {
			t.Errorf("GET /%s (-want +got):\n%s", code, diff)
		}
	}
}

// TestCorrectness_ShortenBadRequests checks that POST /shorten answers 400
// for every kind of invalid body or URL.
func TestCorrectness_ShortenBadRequests(t *testing.T) {
	s := urlshortener.NewStore()
	h := urlshortener.NewHandler(s)
	for _, tc := range []struct{ name, body string }{
		{"empty body", ``},
		{"not JSON", `url=https://example.com`},
		{"a JSON string", `"https://example.com"`},
		{"no url", `{}`},
		{"empty url", `{"url": ""}`},
		{"url not a string", `{"url": 42}`},
		{"not a URL", `{"url": "not a url"}`},
		{"relative", `{"url": "/just/a/path"}`},
		{"no scheme", `{"url": "example.com/a"}`},
		{"another scheme", `{"url": "ftp://example.com/file"}`},
		{"no host", `{"url": "https:///path"}`},
	} {
		if status, _, _ := shorten(t, h, tc.body); status != 400 {
			t.Errorf("POST /shorten %s (%s): status %d, want 400", tc.body, tc.name, status)
		}
	}
}

// TestCorrectness_RedirectUnknownCode checks that GET of a code the store
// does not have answers 404, whatever the code is made of.
func TestCorrectness_RedirectUnknownCode(t *testing.T) {
	s := urlshortener.NewStore()
	h := urlshortener.NewHandler(s)
	s.Save("https://example.com/")
	for _, code := range []string{"zzzzz", "lYGhA16ahyg", "no-such-code", "%21%21"} {
		if status, loc := follow(h, code); status != 404 {
			t.Errorf("GET /%s: status %d (Location %q), want 404", code, status, loc)
		}
	}
}

// TestCorrectness_HandlerAndStoreShare checks that the handler and the
// store share their URLs both ways.
//
// A code Save returned redirects, and Lookup finds the URL of a code POST
// answered.
func TestCorrectness_HandlerAndStoreShare(t *testing.T) {
	s := urlshortener.NewStore()
	h := urlshortener.NewHandler(s)
	saved := s.Save("https://example.com/saved")
	if status, loc := follow(h, saved); status != 302 || loc != "https://example.com/saved" {
		t.Errorf("GET /%s of a code Save returned: %d %q; want 302 %q", saved, status, loc, "https://example.com/saved")
	}
	body, _ := json.Marshal(map[string]string{"url": "https://example.com/posted"})
	_, _, posted := shorten(t, h, string(body))
	if got, ok := s.Lookup(posted); got != "https://example.com/posted" || !ok {
		t.Errorf("Lookup(%q) of a code POST answered = %q, %v; want %q, true", posted, got, ok, "https://example.com/posted")
	}
	if posted == saved {
		t.Errorf("Save and POST /shorten both returned code %q", saved)
	}
}
