// Package jwtauth is HTTP middleware that verifies HS256 JSON Web Tokens,
// puts their claims in the request's context and enforces a role.
package jwtauth

import (
	"context"
	"errors"
	"net/http"
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
	// TODO
}

// NewVerifier returns a Verifier of tokens signed with secret. now is its
// clock; nil means time.Now.
func NewVerifier(secret []byte, now func() time.Time) *Verifier {
	// TODO
	return &Verifier{}
}

// Verify returns the claims of token when it is an HS256 JWT signed with
// the verifier's secret, with an exp after the verifier's clock and no nbf
// after it; otherwise a non-nil error that says why.
func (v *Verifier) Verify(token string) (*Claims, error) {
	// TODO
	return nil, errors.New("jwtauth: not implemented")
}

// Middleware returns a handler that lets a request through to next only
// with a valid bearer token whose roles include role (any valid token when
// role is ""), with its claims in the request's context (see
// [ClaimsFromContext]). It answers 401 when the request has no bearer
// token or an invalid one, and 403 when the token lacks the role, with
// the WWW-Authenticate header the prompt gives.
func (v *Verifier) Middleware(role string, next http.Handler) http.Handler {
	// TODO
	return next
}

// ClaimsFromContext returns the claims [Verifier.Middleware] put in ctx.
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	// TODO
	return nil, false
}
