// Defect: The verifier reads the wall clock (time.Now) instead of the clock it was given.

package jwtauth

import (
	"bytes"
	"time"
)

// NewVerifier returns a Verifier of tokens signed with secret.
func NewVerifier(secret []byte, now func() time.Time) *Verifier {
	// BUG: now is ignored.
	return &Verifier{secret: bytes.Clone(secret), now: time.Now}
}
