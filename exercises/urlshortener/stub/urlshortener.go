// Package urlshortener shortens URLs: base62 codes, a concurrency-safe
// store, and an HTTP API.
package urlshortener

import (
	"errors"
	"net/http"
)

// Encode returns n in base62, most significant digit first, without
// leading zeros: Encode(0) is "0", Encode(61) is "Z", Encode(62) is "10".
// The digits are 0-9, then a-z, then A-Z.
func Encode(n uint64) string {
	// TODO
	return ""
}

// Decode returns the number s encodes in base62. It returns an error if s
// is empty, holds a character that is not a base62 digit, or encodes a
// number larger than math.MaxUint64.
func Decode(s string) (uint64, error) {
	// TODO
	return 0, errors.New("not implemented")
}

// A Store maps codes to URLs. It is safe for concurrent use.
type Store struct {
	// TODO
}

// NewStore returns an empty store.
func NewStore() *Store {
	// TODO
	return &Store{}
}

// Save stores url under a code, which it returns: a non-empty string of
// base62 digits that no call of Save for another URL on this store has
// returned. Saving the same URL twice may return the same code or a new
// one.
func (s *Store) Save(url string) string {
	// TODO
	return ""
}

// Lookup returns the URL saved under code, and whether there is one.
func (s *Store) Lookup(code string) (url string, ok bool) {
	// TODO
	return "", false
}

// NewHandler returns the HTTP API of s: POST /shorten with the JSON body
// {"url": "..."} saves an absolute http or https URL and answers 201 with
// {"code": "..."} (400 for any other body); GET /{code} answers 302 with
// the saved URL in the Location header (404 for an unknown code).
func NewHandler(s *Store) http.Handler {
	// TODO
	return http.NotFoundHandler()
}
