package urlshortener_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// alphabet holds the base62 digits, in the order of their values.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// isCode reports whether s is a non-empty string of base62 digits.
func isCode(s string) bool {
	return s != "" && strings.Trim(s, alphabet) == ""
}

// shorten POSTs body to /shorten through h and returns the answer's status
// code, Content-Type and the code in its body ("" when the body holds
// none).
func shorten(t testing.TB, h http.Handler, body string) (status int, contentType, code string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/shorten", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp struct {
		Code string `json:"code"`
	}
	if rec.Code == http.StatusCreated {
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Errorf("POST /shorten %s: the body of the 201 is not {\"code\": ...}: %v\nbody: %q", body, err, rec.Body)
		}
	}
	return rec.Code, rec.Header().Get("Content-Type"), resp.Code
}

// follow GETs /code through h and returns the answer's status code and
// Location header.
func follow(h http.Handler, code string) (status int, location string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+code, nil))
	return rec.Code, rec.Header().Get("Location")
}
