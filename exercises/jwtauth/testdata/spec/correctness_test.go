package jwtauth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"jwtauth"
)

// rejects checks that Verify accepts a valid token (so that a verifier
// that rejects everything fails) and rejects each of bad.
func rejects(t *testing.T, v *jwtauth.Verifier, bad map[string]string) {
	t.Helper()
	if _, err := v.Verify(hs256(valid)); err != nil {
		t.Fatalf("Verify(a valid token) = %v, want no error", err)
	}
	for name, tok := range bad {
		c, err := v.Verify(tok)
		if err == nil {
			t.Errorf("%s: Verify(%q) = %+v, nil; want an error", name, tok, c)
		} else if c != nil {
			t.Errorf("%s: Verify(%q) returned claims %+v with its error", name, tok, c)
		}
	}
}

// Verify returns the claims of a valid token: sub, roles, exp and nbf, with
// and without the optional ones.
func TestCorrectness_VerifyReturnsClaims(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	nbf := clock.Add(-time.Minute)
	payload := `{"sub":"ada","roles":["reader","admin"],"exp":` + unix(clock.Add(time.Hour)) + `,"nbf":` + unix(nbf) + `,"iss":"auth.example"}`
	c, err := v.Verify(hs256(payload))
	if err != nil {
		t.Fatalf("Verify(a valid token) = %v, want no error", err)
	}
	want := jwtauth.Claims{Subject: "ada", Roles: []string{"reader", "admin"}, ExpiresAt: clock.Add(time.Hour), NotBefore: nbf}
	if diff := cmp.Diff(want, *c, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	c, err = v.Verify(hs256(`{"sub":"bob","exp":` + unix(clock.Add(time.Hour)) + `}`))
	if err != nil {
		t.Fatalf("Verify(a token without roles or nbf) = %v, want no error", err)
	}
	want = jwtauth.Claims{Subject: "bob", ExpiresAt: clock.Add(time.Hour)}
	if diff := cmp.Diff(want, *c, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("claims of a token without roles or nbf (-want +got):\n%s", diff)
	}
}

// The "none" algorithm: a forger drops the signature and says so.
func TestCorrectness_RejectsAlgNone(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	admin := `{"sub":"mallory","roles":["admin"],"exp":` + unix(clock.Add(time.Hour)) + `}`
	genuine := hs256(admin)
	sig := genuine[strings.LastIndex(genuine, ".")+1:]
	bad := map[string]string{}
	for _, alg := range []string{"none", "None", "NONE", "nOnE"} {
		unsigned := b64(`{"alg":"`+alg+`","typ":"JWT"}`) + "." + b64(admin)
		bad["alg "+alg+", no signature"] = unsigned + "."
		bad["alg "+alg+", the genuine token's signature"] = unsigned + "." + sig
	}
	rejects(t, v, bad)
}

// Algorithms other than HS256, the RS256/HS256 key confusion among them:
// a verifier that picks the algorithm the token names lets a forger choose
// one it can sign with.
func TestCorrectness_RejectsOtherAlgorithms(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	admin := `{"sub":"mallory","roles":["admin"],"exp":` + unix(clock.Add(time.Hour)) + `}`
	rejects(t, v, map[string]string{
		"HS384 signed with the secret":  hs384(`{"alg":"HS384","typ":"JWT"}`, admin),
		"HS512 header, HS256 signature": token(sha256.New, secret, `{"alg":"HS512","typ":"JWT"}`, admin),
		// The key confusion: a token that says RS256 but carries an
		// HMAC-SHA256 under the key the verifier holds.
		"RS256 header, HMAC-SHA256 signature": token(sha256.New, secret, `{"alg":"RS256","typ":"JWT"}`, admin),
		"ES256 header, HMAC-SHA256 signature": token(sha256.New, secret, `{"alg":"ES256","typ":"JWT"}`, admin),
		"hs256 in lower case":                 token(sha256.New, secret, `{"alg":"hs256","typ":"JWT"}`, admin),
		"no alg":                              token(sha256.New, secret, `{"typ":"JWT"}`, admin),
	})
}

// Tokens whose signature is not the HMAC-SHA256 of their first two parts
// under the secret: tampered claims, another secret, no signature, a
// signature changed, cut short or lengthened.
func TestCorrectness_RejectsBadSignatures(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	genuine := hs256(valid)
	dot := strings.LastIndex(genuine, ".")
	signing, sig := genuine[:dot], genuine[dot+1:]
	raw, _ := base64.RawURLEncoding.DecodeString(sig)
	flipped := append([]byte{}, raw...)
	flipped[0] ^= 1
	escalated := `{"sub":"ada","roles":["reader","writer","admin"],"exp":` + unix(clock.Add(time.Hour)) + `}`
	rejects(t, v, map[string]string{
		"claims changed, the genuine signature": b64(`{"alg":"HS256","typ":"JWT"}`) + "." + b64(escalated) + "." + sig,
		"signed with another secret":            token(sha256.New, []byte("correct horse battery stapler"), `{"alg":"HS256","typ":"JWT"}`, valid),
		"signed with an empty secret":           token(sha256.New, nil, `{"alg":"HS256","typ":"JWT"}`, valid),
		"no signature":                          signing + ".",
		"one bit of the signature flipped":      signing + "." + base64.RawURLEncoding.EncodeToString(flipped),
		"the signature cut short":               signing + "." + base64.RawURLEncoding.EncodeToString(raw[:16]),
		"the signature with a byte more":        signing + "." + base64.RawURLEncoding.EncodeToString(append(raw, 0)),
	})
}

// Tokens past their exp, without an exp, or before their nbf are
// rejected; one inside its window is not.
func TestCorrectness_RejectsExpiredAndNotYetValid(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	rejects(t, v, map[string]string{
		"expired an hour ago":         hs256(`{"sub":"ada","exp":` + unix(clock.Add(-time.Hour)) + `}`),
		"expired a second ago":        hs256(`{"sub":"ada","exp":` + unix(clock.Add(-time.Second)) + `}`),
		"no exp":                      hs256(`{"sub":"ada"}`),
		"valid from an hour from now": hs256(`{"sub":"ada","exp":` + unix(clock.Add(2*time.Hour)) + `,"nbf":` + unix(clock.Add(time.Hour)) + `}`),
	})
	if _, err := v.Verify(hs256(`{"sub":"ada","exp":` + unix(clock.Add(time.Second)) + `,"nbf":` + unix(clock.Add(-time.Second)) + `}`)); err != nil {
		t.Errorf("Verify(a token valid from a second ago to a second from now) = %v, want no error", err)
	}
}

// The verifier reads the time from the clock it was given: the same token
// is valid at one time and expired at another.
func TestCorrectness_UsesItsClock(t *testing.T) {
	tok := hs256(`{"sub":"ada","exp":` + unix(clock.Add(time.Hour)) + `,"nbf":` + unix(clock.Add(-time.Hour)) + `}`)
	for _, tc := range []struct {
		name  string
		now   time.Time
		valid bool
	}{
		{"at the clock", clock, true},
		{"two hours later, expired", clock.Add(2 * time.Hour), false},
		{"two hours earlier, not yet valid", clock.Add(-2 * time.Hour), false},
		{"59 minutes later", clock.Add(59 * time.Minute), true},
	} {
		_, err := jwtauth.NewVerifier(secret, at(tc.now)).Verify(tok)
		if got := err == nil; got != tc.valid {
			t.Errorf("%s: Verify = %v; want valid %v", tc.name, err, tc.valid)
		}
	}
}

// Malformed tokens are rejected, without a panic: wrong number of parts,
// bad base64, a header or claims that are not JSON objects, claims of the
// wrong type.
func TestCorrectness_RejectsMalformedTokens(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	header := b64(`{"alg":"HS256","typ":"JWT"}`)
	genuine := hs256(valid)
	rejects(t, v, map[string]string{
		"empty":                         "",
		"one part":                      "abc",
		"two parts":                     header + "." + b64(valid),
		"four parts":                    genuine + ".xyz",
		"five parts (an encrypted JWT)": genuine + ".a.b",
		"padded base64":                 token(sha256.New, secret, `{"alg":"HS256","typ":"JWT"}`, valid) + "==",
		"not base64":                    "!!!." + b64(valid) + ".***",
		"header not JSON":               token(sha256.New, secret, `alg=HS256`, valid),
		"claims not JSON":               hs256(`sub=ada`),
		"claims a JSON array":           hs256(`[1,2,3]`),
		"roles not a list of strings":   hs256(`{"sub":"ada","roles":"admin","exp":` + unix(clock.Add(time.Hour)) + `}`),
		"sub not a string":              hs256(`{"sub":42,"exp":` + unix(clock.Add(time.Hour)) + `}`),
		"spaces around the token":       " " + genuine + " ",
	})
}

// The middleware lets a valid token with the role through, with its
// claims in the request context for ClaimsFromContext.
func TestCorrectness_MiddlewarePutsClaimsInContext(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	var got *jwtauth.Claims
	var ok bool
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok = jwtauth.ClaimsFromContext(r.Context())
	})
	res := serve(t, func(http.Handler) http.Handler { return v.Middleware("writer", next) }, "Bearer "+hs256(valid))
	if res.Status != http.StatusOK || !ok || got == nil {
		t.Fatalf("a valid token with the role: status %d, claims in the context %v; want 200 and claims", res.Status, ok)
	}
	want := jwtauth.Claims{Subject: "ada", Roles: []string{"reader", "writer"}, ExpiresAt: clock.Add(time.Hour)}
	if diff := cmp.Diff(want, *got, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("claims in the context (-want +got):\n%s", diff)
	}
}

// No bearer token, or an invalid one, gets 401 with the WWW-Authenticate
// challenge the prompt gives, and next does not run.
func TestCorrectness_MiddlewareAnswers401(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	mw := func(next http.Handler) http.Handler { return v.Middleware("reader", next) }
	pass := response{Status: http.StatusNoContent, NextRan: true}
	noToken := response{Status: http.StatusUnauthorized, Authenticate: "Bearer"}
	badToken := response{Status: http.StatusUnauthorized, Authenticate: `Bearer error="invalid_token"`}
	expired := hs256(`{"sub":"ada","roles":["reader"],"exp":` + unix(clock.Add(-time.Hour)) + `}`)
	for _, tc := range []struct {
		name, auth string
		want       response
	}{
		{"a valid token", "Bearer " + hs256(valid), pass},
		{"the scheme in lower case", "bearer " + hs256(valid), pass},
		{"no Authorization header", "", noToken},
		{"another scheme", "Basic YWRhOnNlY3JldA==", noToken},
		{"a token without a scheme", hs256(valid), noToken},
		{"an expired token", "Bearer " + expired, badToken},
		{"a forged token", "Bearer " + b64(`{"alg":"none"}`) + "." + b64(valid) + ".", badToken},
		{"garbage", "Bearer not-a-token", badToken},
	} {
		if diff := cmp.Diff(tc.want, serve(t, mw, tc.auth)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// A valid token without the role gets 403 with error="insufficient_scope";
// no role required lets any valid token through.
func TestCorrectness_MiddlewareAnswers403(t *testing.T) {
	v := jwtauth.NewVerifier(secret, at(clock))
	pass := response{Status: http.StatusNoContent, NextRan: true}
	forbidden := response{Status: http.StatusForbidden, Authenticate: `Bearer error="insufficient_scope"`}
	noRoles := hs256(`{"sub":"bob","exp":` + unix(clock.Add(time.Hour)) + `}`)
	for _, tc := range []struct {
		name, role, token string
		want              response
	}{
		{"the role", "writer", hs256(valid), pass},
		{"another role", "admin", hs256(valid), forbidden},
		{"a role that is a prefix of one held", "read", hs256(valid), forbidden},
		{"no roles", "reader", noRoles, forbidden},
		{"no role required", "", noRoles, pass},
	} {
		mw := func(next http.Handler) http.Handler { return v.Middleware(tc.role, next) }
		if diff := cmp.Diff(tc.want, serve(t, mw, "Bearer "+tc.token)); diff != "" {
			t.Errorf("%s: Middleware(%q) (-want +got):\n%s", tc.name, tc.role, diff)
		}
	}
}
