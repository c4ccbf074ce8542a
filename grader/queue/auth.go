package queue

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// checkCreds reads the NATS credentials file path as nats.go will (a
// user JWT and that user's nkey seed, as 'nsc generate creds' writes
// them) and says what is wrong with it, never quoting it: its contents
// are a secret. [Connect] calls it: without it, nats.go would send a
// file that holds no decorated JWT (a seed file, a TLS key) to the
// server whole, as the JWT.
func checkCreds(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the credentials file: %w; name the .creds file of the queue's NATS user (--creds or $GRADER_QUEUE_CREDS)", err)
	}
	defer clear(data)
	const fix = "use the .creds file of a NATS user, as 'nsc generate creds' writes it: a user JWT and its nkey seed"
	tok, err := nkeys.ParseDecoratedJWT(data)
	if err != nil {
		return fmt.Errorf("the credentials file %s holds no NATS user JWT; %s", path, fix)
	}
	claims, err := jwt.DecodeUserClaims(tok)
	if err != nil {
		// Not wrapped: the decoder's message may quote what it read.
		return fmt.Errorf("the credentials file %s holds no valid NATS user JWT; %s", path, fix)
	}
	kp, err := nkeys.ParseDecoratedUserNKey(data)
	if err != nil {
		return fmt.Errorf("the credentials file %s holds no user nkey seed; %s", path, fix)
	}
	defer kp.Wipe()
	if pub, err := kp.PublicKey(); err != nil || pub != claims.Subject {
		return fmt.Errorf("the credentials file %s: its seed is not the key of its JWT's user; %s", path, fix)
	}
	return nil
}

// connectHint says what to do about err, an error of connecting to the
// queue, and whether it is final: trying again does not help when the
// server refused the client's credentials or certificate, the client
// the server's certificate, or the client's TLS files are unreadable.
func connectHint(err error) (hint string, final bool) {
	msg := strings.ToLower(err.Error())
	var verify *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case strings.Contains(msg, "authorization violation"), errors.Is(err, nats.ErrAuthorization),
		errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAuthRevoked), errors.Is(err, nats.ErrAccountAuthExpired):
		return "the server refused this client's credentials; give it the server's token in $GRADER_QUEUE_TOKEN, or a credentials file (--creds) of a user the server trusts", true
	case errors.As(err, &verify), errors.As(err, &unknownCA), errors.As(err, &host), errors.As(err, &invalid):
		return "this client does not trust the server's certificate; give --tls-ca (or $GRADER_QUEUE_TLS_CA) the CA that signed it, and name the server as its certificate does", true
	case strings.Contains(msg, "remote error: tls"), strings.Contains(msg, "closed by remote after tls handshake"):
		return "the server refused this client's certificate, or wants one; give --tls-cert and --tls-key (or $GRADER_QUEUE_TLS_CERT and _KEY) of a certificate signed by the server's --tls-client-ca", true
	case strings.Contains(msg, "client certificate"), strings.Contains(msg, "rootca"), strings.Contains(msg, "root certificate"):
		return "check --tls-cert, --tls-key and --tls-ca: PEM files of a certificate, its private key and a CA", true
	case errors.Is(err, nats.ErrSecureConnWanted):
		return "the server does not offer TLS; start it with --tls-cert and --tls-key, or connect without --tls-*", true
	}
	return "is 'grader queue serve' (or NATS) running there?", false
}
