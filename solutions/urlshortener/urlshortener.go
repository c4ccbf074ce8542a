// Package urlshortener is the reference solution of the urlshortener
// exercise: base62 codes, a concurrency-safe store, and an HTTP API.
//
// The store numbers URLs in the order they are saved, under a mutex, and
// a URL's code is its number in base62: two URLs never get the same
// number, so their codes never collide, however many goroutines save at
// once.
package urlshortener

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"sync"
)

// alphabet holds the base62 digits, in the order of their values.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Encode returns n in base62, most significant digit first, without
// leading zeros: Encode(0) is "0", Encode(61) is "Z", Encode(62) is "10".
func Encode(n uint64) string {
	if n == 0 {
		return "0"
	}
	var buf [11]byte // 62^11 > 2^64
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = alphabet[n%62]
		n /= 62
	}
	return string(buf[i:])
}

// Decode returns the number s encodes in base62. It returns an error if s
// is empty, holds a character that is not a base62 digit, or encodes a
// number larger than math.MaxUint64.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, errors.New("urlshortener: empty code")
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := digit(s[i])
		if d < 0 {
			return 0, errors.New("urlshortener: not a base62 digit in " + s)
		}
		if n > (math.MaxUint64-uint64(d))/62 {
			return 0, errors.New("urlshortener: code too large: " + s)
		}
		n = n*62 + uint64(d)
	}
	return n, nil
}

// digit returns the value of base62 digit c, or -1.
func digit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 36
	}
	return -1
}

// A Store maps codes to URLs. It is safe for concurrent use.
type Store struct {
	mu   sync.RWMutex
	next uint64
	urls map[string]string
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{urls: make(map[string]string)}
}

// Save stores url under a new code, which it returns: a code no other
// call of Save on this store has returned. (The prompt allows returning
// a URL's earlier code again; this store never does.)
func (s *Store) Save(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := Encode(s.next)
	s.next++
	s.urls[code] = url
	return code
}

// Lookup returns the URL saved under code, and whether there is one.
func (s *Store) Lookup(code string) (url string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	url, ok = s.urls[code]
	return url, ok
}

// NewHandler returns the HTTP API of s: POST /shorten saves a URL and
// answers its code, GET /{code} redirects to the URL saved under code.
func NewHandler(s *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /shorten", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			URL string `json:"url"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !valid(req.URL) {
			http.Error(w, `the body must be {"url": "<an absolute http or https URL>"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(struct {
			Code string `json:"code"`
		}{s.Save(req.URL)})
	})
	mux.HandleFunc("GET /{code}", func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.Lookup(r.PathValue("code"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, u, http.StatusFound)
	})
	return mux
}

// valid reports whether raw is an absolute http or https URL with a host.
func valid(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
