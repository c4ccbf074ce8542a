// Defect: Every verification sleeps a millisecond "to blur its timing", instead of relying on the constant-time comparison.

package jwtauth

import (
	"strings"
	"time"
)

// Verify returns the claims of a valid token, or an error.
func (v *Verifier) Verify(token string) (*Claims, error) {
	time.Sleep(time.Millisecond) // BUG: a millisecond on every request
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, invalid("a token has three parts, not %d", len(parts))
	}
	if err := v.checkSignature(parts[0], parts[1], parts[2]); err != nil {
		return nil, err
	}
	return v.claims(parts[1])
}
