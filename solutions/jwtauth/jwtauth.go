// Package jwtauth is the reference solution of the jwtauth exercise: HTTP
// middleware that verifies HS256 JSON Web Tokens with the standard
// library alone, puts their claims in the request's context and enforces
// a role.
//
// A token is trusted only once its signature is: the header is read for
// its algorithm, which must be HS256 and nothing else (so "none" and the
// RS256/HS256 key confusion fail), the signature is compared in constant
// time, and only then is the payload decoded and its times checked
// against the verifier's clock.
package jwtauth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Claims are the claims of a verified token.
type Claims struct {
	Subject   string    // "sub"
	Roles     []string  // "roles"
	ExpiresAt time.Time // "exp"
	NotBefore time.Time // "nbf"; the zero Time when the token has none
}

// A Verifier verifies HS256 tokens signed with one secret, on its clock.
// It is safe for concurrent use.
type Verifier struct {
	secret []byte
	now    func() time.Time
}

// NewVerifier returns a Verifier of tokens signed with secret. now is its
// clock; nil means time.Now.
func NewVerifier(secret []byte, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{secret: bytes.Clone(secret), now: now}
}

// errInvalidToken is wrapped by every error of [Verifier.Verify].
var errInvalidToken = errors.New("jwtauth: invalid token")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errInvalidToken, fmt.Sprintf(format, args...))
}

// claimsJSON is a token's claims as JSON has them.
type claimsJSON struct {
	Subject   string       `json:"sub"`
	Roles     []string     `json:"roles"`
	ExpiresAt *numericDate `json:"exp"`
	NotBefore *numericDate `json:"nbf"`
}

// numericDate is a JWT NumericDate: seconds since the epoch, a JSON
// number that may have a fraction.
type numericDate struct{ time.Time }

func (d *numericDate) UnmarshalJSON(b []byte) error {
	var n json.Number
	if len(b) == 0 || b[0] == '"' {
		return errors.New("a date is a JSON number")
	}
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("bad date %s", b)
	}
	sec, frac := math.Modf(f)
	d.Time = time.Unix(int64(sec), int64(frac*1e9))
	return nil
}

// Verify returns the claims of token when it is an HS256 JWT signed with
// the verifier's secret, with an exp after the verifier's clock and no nbf
// after it; otherwise an error that says why.
func (v *Verifier) Verify(token string) (*Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, invalid("a token has three parts, not %d", len(parts))
	}
	if err := v.checkSignature(parts[0], parts[1], parts[2]); err != nil {
		return nil, err
	}
	return v.claims(parts[1])
}

// checkSignature checks that a token's header names HS256, and nothing
// else, and that sig is the HMAC-SHA256 of header.payload under the
// secret. The payload is trusted only after this.
func (v *Verifier) checkSignature(header, payload, sig string) error {
	var h struct {
		Alg string `json:"alg"`
	}
	if err := decodeJSON(header, &h); err != nil {
		return invalid("header: %v", err)
	}
	if h.Alg != "HS256" {
		return invalid("algorithm %q: only HS256 is accepted", h.Alg)
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return invalid("signature: %v", err)
	}
	mac := hmac.New(sha256.New, v.secret)
	mac.Write([]byte(header + "." + payload))
	if !hmac.Equal(got, mac.Sum(nil)) {
		return invalid("bad signature")
	}
	return nil
}

// claims decodes a signed token's payload and checks its times against
// the verifier's clock.
func (v *Verifier) claims(payload string) (*Claims, error) {
	var p claimsJSON
	if err := decodeJSON(payload, &p); err != nil {
		return nil, invalid("claims: %v", err)
	}
	now := v.now()
	if p.ExpiresAt == nil {
		return nil, invalid("no exp claim")
	}
	if !now.Before(p.ExpiresAt.Time) {
		return nil, invalid("expired at %v", p.ExpiresAt.Time)
	}
	c := &Claims{Subject: p.Subject, Roles: p.Roles, ExpiresAt: p.ExpiresAt.Time}
	if p.NotBefore != nil {
		if now.Before(p.NotBefore.Time) {
			return nil, invalid("not valid before %v", p.NotBefore.Time)
		}
		c.NotBefore = p.NotBefore.Time
	}
	return c, nil
}

// decodeJSON decodes one base64url part of a token into v, which must be
// a JSON object.
func decodeJSON(part string, v any) error {
	data, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(data, v)
}

// The WWW-Authenticate values the middleware answers with (RFC 6750).
const (
	challenge         = "Bearer"
	invalidToken      = `Bearer error="invalid_token"`
	insufficientScope = `Bearer error="insufficient_scope"`
)

// Middleware returns a handler that lets a request through to next only
// with a valid bearer token whose roles include role (any valid token when
// role is ""), with its claims in the request's context (see
// [ClaimsFromContext]). It answers 401 when the request has no bearer
// token or an invalid one, and 403 when the token lacks the role.
func (v *Verifier) Middleware(role string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			deny(w, http.StatusUnauthorized, challenge)
			return
		}
		c, err := v.Verify(token)
		if err != nil {
			deny(w, http.StatusUnauthorized, invalidToken)
			return
		}
		if role != "" && !slices.Contains(c.Roles, role) {
			deny(w, http.StatusForbidden, insufficientScope)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, c)))
	})
}

func deny(w http.ResponseWriter, status int, authenticate string) {
	w.Header().Set("WWW-Authenticate", authenticate)
	http.Error(w, http.StatusText(status), status)
}

type claimsKey struct{}

// ClaimsFromContext returns the claims [Verifier.Middleware] put in ctx.
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(*Claims)
	return c, ok
}
