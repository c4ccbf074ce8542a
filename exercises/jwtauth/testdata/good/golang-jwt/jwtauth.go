// Good: verification by github.com/golang-jwt/jwt/v5, the module the exercise allows, configured to accept HS256 only, require exp and read the verifier's clock.

// Package jwtauth is HTTP middleware that verifies HS256 JSON Web Tokens
// with github.com/golang-jwt/jwt/v5.
package jwtauth

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the claims of a verified token.
type Claims struct {
	Subject   string    // "sub"
	Roles     []string  // "roles"
	ExpiresAt time.Time // "exp"
	NotBefore time.Time // "nbf"; the zero Time when the token has none
}

type tokenClaims struct {
	jwt.RegisteredClaims
	Roles []string `json:"roles"`
}

// A Verifier verifies HS256 tokens signed with one secret, on its clock.
type Verifier struct {
	secret []byte
	parser *jwt.Parser
}

// NewVerifier returns a Verifier of tokens signed with secret. now is its
// clock; nil means time.Now.
func NewVerifier(secret []byte, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{
		secret: append([]byte(nil), secret...),
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithTimeFunc(now),
		),
	}
}

// Verify returns the claims of a valid token, or an error.
func (v *Verifier) Verify(token string) (*Claims, error) {
	var tc tokenClaims
	_, err := v.parser.ParseWithClaims(token, &tc, func(*jwt.Token) (any, error) { return v.secret, nil })
	if err != nil {
		return nil, err
	}
	c := &Claims{Subject: tc.Subject, Roles: tc.Roles, ExpiresAt: tc.ExpiresAt.Time}
	if tc.NotBefore != nil {
		c.NotBefore = tc.NotBefore.Time
	}
	return c, nil
}

// Middleware lets a request through with a valid bearer token holding role.
func (v *Verifier) Middleware(role string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "bearer") {
			w.Header().Set("WWW-Authenticate", "Bearer")
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		c, err := v.Verify(token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if role != "" && !slices.Contains(c.Roles, role) {
			w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope"`)
			w.WriteHeader(http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	})
}

type ctxKey struct{}

// ClaimsFromContext returns the claims Middleware put in ctx.
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	c, ok := ctx.Value(ctxKey{}).(*Claims)
	return c, ok
}
