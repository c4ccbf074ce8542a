// Good: random codes checked for uniqueness in a sync.Map, and routing by hand without ServeMux patterns.

// Package urlshortener shortens URLs. Unlike the reference, codes are
// random 8-digit numbers in base62, made unique by LoadOrStore on a
// sync.Map, and the handler routes requests itself.
package urlshortener

import (
	"encoding/json"
	"errors"
	"math/bits"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Encode returns n in base62.
func Encode(n uint64) string {
	out := []byte{digits[n%62]}
	for n /= 62; n > 0; n /= 62 {
		out = append(out, digits[n%62])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// Decode returns the number s encodes in base62.
func Decode(s string) (uint64, error) {
	if len(s) == 0 {
		return 0, errors.New("empty")
	}
	var n uint64
	for _, r := range s {
		d := strings.IndexRune(digits, r)
		if d < 0 {
			return 0, errors.New("bad digit")
		}
		hi, lo := bits.Mul64(n, 62)
		sum, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			return 0, errors.New("overflow")
		}
		n = sum
	}
	return n, nil
}

// A Store maps codes to URLs.
type Store struct {
	urls sync.Map
}

// NewStore returns an empty store.
func NewStore() *Store { return new(Store) }

// Save stores url under a fresh random code.
func (s *Store) Save(u string) string {
	for {
		code := Encode(rand.Uint64N(62 * 62 * 62 * 62 * 62 * 62 * 62 * 62))
		if _, taken := s.urls.LoadOrStore(code, u); !taken {
			return code
		}
	}
}

// Lookup returns the URL saved under code.
func (s *Store) Lookup(code string) (string, bool) {
	v, ok := s.urls.Load(code)
	if !ok {
		return "", false
	}
	return v.(string), true
}

// NewHandler returns the HTTP API of s.
func NewHandler(s *Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/shorten":
			var body map[string]any
			if json.NewDecoder(r.Body).Decode(&body) != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			raw, _ := body["url"].(string)
			u, err := url.ParseRequestURI(raw)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]string{"code": s.Save(raw), "url": raw})
		case r.Method == http.MethodGet && strings.Count(r.URL.Path, "/") == 1:
			if target, ok := s.Lookup(strings.TrimPrefix(r.URL.Path, "/")); ok {
				w.Header().Set("Location", target)
				w.WriteHeader(http.StatusFound)
				return
			}
			http.NotFound(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}
