package jwtauth_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

var (
	secret = []byte("correct horse battery staple")
	// clock is the verifiers' time in every test: far from the real one,
	// so a verifier that reads the wall clock instead fails.
	clock = time.Date(2031, 3, 14, 15, 9, 26, 0, time.UTC)
)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// token builds header.payload.signature with the signature an HMAC of h
// over the first two parts under key.
func token(h func() hash.Hash, key []byte, header, payload string) string {
	signing := b64(header) + "." + b64(payload)
	mac := hmac.New(h, key)
	mac.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// hs256 is a token signed as the prompt says, with secret.
func hs256(payload string) string {
	return token(sha256.New, secret, `{"alg":"HS256","typ":"JWT"}`, payload)
}

func hs384(header, payload string) string { return token(sha512.New384, secret, header, payload) }

// valid is a payload valid at clock: expires an hour later.
var valid = `{"sub":"ada","roles":["reader","writer"],"exp":` + unix(clock.Add(time.Hour)) + `}`

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// response is what a middleware answered, and whether next ran.
type response struct {
	Status       int
	Authenticate string
	NextRan      bool
}

// serve sends a request with the Authorization header auth ("" for none)
// through h(next) and reports the answer.
func serve(t *testing.T, h func(http.Handler) http.Handler, auth string) response {
	t.Helper()
	ran := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran = true
		w.WriteHeader(http.StatusNoContent)
	})
	req := httptest.NewRequest(http.MethodGet, "/orders", nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h(next).ServeHTTP(rec, req)
	return response{Status: rec.Code, Authenticate: rec.Header().Get("WWW-Authenticate"), NextRan: ran}
}
