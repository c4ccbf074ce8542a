package urlshortener_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"urlshortener"
)

func TestEncodeDecode(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 61: "Z", 62: "10"} {
		if got := urlshortener.Encode(n); got != want {
			t.Errorf("Encode(%d) = %q, want %q", n, got, want)
		}
		if got, err := urlshortener.Decode(want); got != n || err != nil {
			t.Errorf("Decode(%q) = %d, %v; want %d, nil", want, got, err, n)
		}
	}
}

func TestShortenAndRedirect(t *testing.T) {
	h := urlshortener.NewHandler(urlshortener.NewStore())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/shorten", strings.NewReader(`{"url": "https://go.dev/"}`)))
	if rec.Code != 201 {
		t.Fatalf("POST /shorten: status %d, want 201", rec.Code)
	}
	var body struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("POST /shorten: body %q: %v", rec.Body, err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/"+body.Code, nil))
	if rec.Code != 302 || rec.Header().Get("Location") != "https://go.dev/" {
		t.Errorf("GET /%s: %d, Location %q; want 302, https://go.dev/", body.Code, rec.Code, rec.Header().Get("Location"))
	}
}
