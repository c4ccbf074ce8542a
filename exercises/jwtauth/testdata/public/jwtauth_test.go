package jwtauth_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"jwtauth"
)

var (
	secret = []byte("s3cret")
	now    = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
)

// sign returns an HS256 token of the JSON claims payload.
func sign(payload string) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func exp(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }

func TestVerify(t *testing.T) {
	v := jwtauth.NewVerifier(secret, func() time.Time { return now })
	c, err := v.Verify(sign(`{"sub":"ada","roles":["admin"],"exp":` + exp(time.Hour) + `}`))
	if err != nil {
		t.Fatalf("Verify(a valid token) = %v", err)
	}
	if c.Subject != "ada" || len(c.Roles) != 1 || c.Roles[0] != "admin" || !c.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("claims = %+v", c)
	}
	if _, err := v.Verify(sign(`{"sub":"ada","exp":` + exp(-time.Hour) + `}`)); err == nil {
		t.Error("Verify(an expired token) = nil, want an error")
	}
}

func TestMiddleware(t *testing.T) {
	v := jwtauth.NewVerifier(secret, func() time.Time { return now })
	h := v.Middleware("admin", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := jwtauth.ClaimsFromContext(r.Context())
		if !ok {
			t.Error("no claims in the context")
			return
		}
		w.Write([]byte("hello " + c.Subject))
	}))
	for _, tc := range []struct {
		auth         string
		status       int
		authenticate string
	}{
		{"Bearer " + sign(`{"sub":"ada","roles":["admin"],"exp":`+exp(time.Hour)+`}`), 200, ""},
		{"", 401, "Bearer"},
		{"Bearer " + sign(`{"sub":"ada","roles":["admin"],"exp":`+exp(-time.Hour)+`}`), 401, `Bearer error="invalid_token"`},
		{"Bearer " + sign(`{"sub":"bob","roles":["reader"],"exp":`+exp(time.Hour)+`}`), 403, `Bearer error="insufficient_scope"`},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status || rec.Header().Get("WWW-Authenticate") != tc.authenticate {
			t.Errorf("Authorization %q: status %d, WWW-Authenticate %q; want %d, %q",
				tc.auth, rec.Code, rec.Header().Get("WWW-Authenticate"), tc.status, tc.authenticate)
		}
	}
}
