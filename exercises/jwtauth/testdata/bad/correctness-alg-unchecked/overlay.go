// Defect: The header's alg is never read, so a token that says RS256 (or ES256) but carries an HMAC-SHA256 under the secret passes: the key-confusion forgery.

package jwtauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// checkSignature checks that sig is the HMAC-SHA256 of header.payload.
func (v *Verifier) checkSignature(header, payload, sig string) error {
	var h map[string]any
	if err := decodeJSON(header, &h); err != nil {
		return invalid("header: %v", err)
	}
	// BUG: h["alg"] is not checked: any algorithm name goes.
	if h["alg"] == nil || h["alg"] == "none" {
		return invalid("unsigned token")
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
