package queue

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// These tests prove each way a client authenticates to the queue (mutual
// TLS, a token, a NATS credentials file) against a real server on
// loopback: the right credentials grade a job end to end, wrong or
// missing ones are refused with a message that says what to do, and no
// message quotes a secret.

// pki is a throwaway certificate authority (ECDSA P-256, valid for an
// hour) and the files it issued, in a test's temporary folder.
type pki struct {
	dir    string
	key    *ecdsa.PrivateKey
	cert   *x509.Certificate
	serial int64
	// CAFile is the CA's certificate.
	CAFile string
}

func newPKI(t *testing.T, name string) *pki {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	p := &pki{dir: t.TempDir(), key: key, cert: cert, serial: 1}
	p.CAFile = writePEM(t, p.dir, "ca.pem", "CERTIFICATE", der)
	return p
}

func writePEM(t *testing.T, dir, name, kind string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// issue returns the files of a new certificate of the CA's and its key:
// a server's for 127.0.0.1 (usage ServerAuth) or a client's.
func (p *pki) issue(t *testing.T, name string, usage x509.ExtKeyUsage) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p.serial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(p.serial), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
	}
	if usage == x509.ExtKeyUsageServerAuth {
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.cert, &key.PublicKey, p.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return writePEM(t, p.dir, name+".pem", "CERTIFICATE", der), writePEM(t, p.dir, name+"-key.pem", "PRIVATE KEY", kder)
}

// secretsOf returns the base64 lines of the PEM files: a message that
// quoted a key would quote one of them.
func secretsOf(t *testing.T, files ...string) []string {
	t.Helper()
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for l := range strings.Lines(string(data)) {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "-----") {
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// startServerWith starts a server with o on a random loopback port and
// a store of its own, and returns its URL.
func startServerWith(t *testing.T, o ServerOptions) string {
	t.Helper()
	o.Listen, o.StoreDir = "127.0.0.1:0", t.TempDir()
	srv, err := StartServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.URL()
}

// roundTrip grades a job through the queue at o.URL, a worker and a
// batch each connected with o, and fails t unless its scorecard comes
// back.
func roundTrip(t *testing.T, o ConnectOptions) {
	t.Helper()
	dial := func() *nats.Conn {
		nc, err := Connect(o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		return nc
	}
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	fake := &fakeGrade{}
	startWorker(t, wctx, dial(), WorkerOptions{Name: "w", Grade: fake.grade})
	c := newClient(t, dial(), ClientOptions{})
	s := sub(t.Name()) // a job of its own: a server's results outlive a test
	card, err := c.Grade(ctx, cfgFor("ada"), s)
	if err != nil {
		t.Fatalf("grading through the queue: %v", err)
	}
	mark := int64(len(s.Files[0].Data))
	if card.Candidate != "ada" || card.Seed != mark || fake.calls.Load() != 1 {
		t.Errorf("scorecard of %q marked %d after %d gradings; want ada's, %d, 1", card.Candidate, card.Seed, fake.calls.Load(), mark)
	}
}

// checkRefusal fails t unless err is a lower-case message that says
// what to do (it has want in it) and quotes none of secrets.
func checkRefusal(t *testing.T, err error, want string, secrets []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("connected; want an error saying %q", want)
	}
	msg := err.Error()
	if !strings.Contains(msg, want) {
		t.Errorf("error %q\ndoes not say %q", msg, want)
	}
	if r := []rune(msg)[0]; unicode.IsUpper(r) {
		t.Errorf("error %q is not lower-case", msg)
	}
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			t.Errorf("error %q quotes the secret %q", msg, s)
		}
	}
}

// Hints of Connect's errors, for the tests.
const (
	hintClientCert    = "give --tls-cert and --tls-key"
	hintCA            = "give --tls-ca"
	hintCredentials   = "the server refused this client's credentials"
	hintTLSFiles      = "check --tls-cert, --tls-key and --tls-ca"
	hintNotRunning    = "is 'grader queue serve' (or NATS) running there?"
	hintNotTLS        = "the server does not offer TLS"
	hintCredsFile     = "'nsc generate creds'"
	hintMissingCreds  = "name the .creds file"
	hintServerTLSFile = "give --tls-cert and --tls-key the server's certificate and its key"
)

func TestMutualTLS(t *testing.T) {
	t.Parallel() // most of a round trip is waiting for a worker to stop
	ca := newPKI(t, "grader")
	other := newPKI(t, "other")
	serverCert, serverKey := ca.issue(t, "server", x509.ExtKeyUsageServerAuth)
	clientCert, clientKey := ca.issue(t, "worker", x509.ExtKeyUsageClientAuth)
	strangerCert, strangerKey := other.issue(t, "stranger", x509.ExtKeyUsageClientAuth)
	url := startServerWith(t, ServerOptions{CertFile: serverCert, KeyFile: serverKey, ClientCAFile: ca.CAFile})
	if !strings.HasPrefix(url, "tls://") {
		t.Errorf("the server's URL is %s; want tls://", url)
	}
	secrets := secretsOf(t, clientKey, strangerKey, serverKey)

	type testCase struct {
		name string
		o    ConnectOptions
		want string // "": a job round-trips; else what the error says
	}
	run := func(t *testing.T, tc testCase) {
		start := time.Now()
		if tc.want == "" {
			roundTrip(t, tc.o)
			return
		}
		_, err := Connect(tc.o)
		checkRefusal(t, err, tc.want, secrets)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("refused after %s; want at once", d)
		}
	}
	// The server's own URL is tls://; a nats:// one is upgraded to TLS
	// as the server demands.
	plain := strings.Replace(url, "tls://", "nats://", 1)
	for _, tc := range []testCase{
		{name: "client certificate and CA", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientKey, CAFile: ca.CAFile}},
		{name: "nats URL upgraded", o: ConnectOptions{URL: plain, CertFile: clientCert, KeyFile: clientKey, CAFile: ca.CAFile}},
		{name: "no client certificate", o: ConnectOptions{URL: url, CAFile: ca.CAFile}, want: hintClientCert},
		{name: "no client certificate, retrying", o: ConnectOptions{URL: url, CAFile: ca.CAFile, Retry: true}, want: hintClientCert},
		{name: "certificate of another CA", o: ConnectOptions{URL: url, CertFile: strangerCert, KeyFile: strangerKey, CAFile: ca.CAFile}, want: hintClientCert},
		{name: "trusting another CA", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientKey, CAFile: other.CAFile}, want: hintCA},
		{name: "trusting the system's CAs", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientKey}, want: hintCA},
		{name: "trusting another CA, retrying", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientKey, CAFile: other.CAFile, Retry: true}, want: hintCA},
		{name: "certificate for a key", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientCert, CAFile: ca.CAFile}, want: hintTLSFiles},
		{name: "key for a certificate", o: ConnectOptions{URL: url, CertFile: clientKey, KeyFile: clientKey, CAFile: ca.CAFile}, want: hintTLSFiles},
		{name: "key for a CA", o: ConnectOptions{URL: url, CertFile: clientCert, KeyFile: clientKey, CAFile: clientKey}, want: hintTLSFiles},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			run(t, tc)
		})
	}
}

// A server's certificate without --tls-client-ca encrypts the traffic,
// and a token authenticates the clients.
func TestServerTLSWithToken(t *testing.T) {
	t.Parallel() // most of a round trip is waiting for a worker to stop
	const token = "tok-9f2c41d7e0b3"
	ca := newPKI(t, "grader")
	serverCert, serverKey := ca.issue(t, "server", x509.ExtKeyUsageServerAuth)
	url := startServerWith(t, ServerOptions{CertFile: serverCert, KeyFile: serverKey, Token: token})
	secrets := append(secretsOf(t, serverKey), token, "wrong-token")

	t.Run("CA and token", func(t *testing.T) { roundTrip(t, ConnectOptions{URL: url, CAFile: ca.CAFile, Token: token}) })
	for _, tc := range []struct {
		name string
		o    ConnectOptions
		want string
	}{
		{"no CA", ConnectOptions{URL: url, Token: token}, hintCA},
		{"no token", ConnectOptions{URL: url, CAFile: ca.CAFile}, hintCredentials},
		{"wrong token", ConnectOptions{URL: url, CAFile: ca.CAFile, Token: "wrong-token"}, hintCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Connect(tc.o)
			checkRefusal(t, err, tc.want, secrets)
		})
	}
}

func TestToken(t *testing.T) {
	t.Parallel() // most of a round trip is waiting for a worker to stop
	const token = "tok-3b8e5a0c61f2"
	url := startServerWith(t, ServerOptions{Token: token})
	secrets := []string{token, "wrong-token"}

	t.Run("right token", func(t *testing.T) { roundTrip(t, ConnectOptions{URL: url, Token: token}) })
	for _, tc := range []struct {
		name string
		o    ConnectOptions
		want string
	}{
		{"no token", ConnectOptions{URL: url}, hintCredentials},
		{"wrong token", ConnectOptions{URL: url, Token: "wrong-token"}, hintCredentials},
		{"a prefix of the token", ConnectOptions{URL: url, Token: token[:8]}, hintCredentials},
		// A worker retries a server that is not up yet, not one that
		// refuses it.
		{"wrong token, retrying", ConnectOptions{URL: url, Token: "wrong-token", Retry: true}, hintCredentials},
		{"TLS the server has not", ConnectOptions{URL: url, Token: token, CAFile: newPKI(t, "grader").CAFile}, hintNotTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Connect(tc.o)
			checkRefusal(t, err, tc.want, secrets)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("refused after %s; want at once", d)
			}
		})
	}
}

// A worker started before its server waits for it; a batch does not.
func TestConnectBeforeTheServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "nats://" + l.Addr().String()
	l.Close() // nothing listens there now
	_, err = Connect(ConnectOptions{URL: url, Token: "tok-5d1e"})
	checkRefusal(t, err, hintNotRunning, []string{"tok-5d1e"})
	nc, err := Connect(ConnectOptions{URL: url, Token: "tok-5d1e", Retry: true})
	if err != nil {
		t.Fatalf("retrying: %v", err)
	}
	defer nc.Close()
	if s := nc.Status(); s != nats.RECONNECTING {
		t.Errorf("retrying: the connection is %s; want RECONNECTING", s)
	}
}

func TestServerTLSFiles(t *testing.T) {
	ca := newPKI(t, "grader")
	serverCert, serverKey := ca.issue(t, "server", x509.ExtKeyUsageServerAuth)
	secrets := secretsOf(t, serverKey)
	for _, tc := range []struct {
		name string
		o    ServerOptions
	}{
		{"certificate for a key", ServerOptions{CertFile: serverCert, KeyFile: serverCert}},
		{"missing key", ServerOptions{CertFile: serverCert, KeyFile: filepath.Join(t.TempDir(), "nowhere.pem")}},
		{"key for a client CA", ServerOptions{CertFile: serverCert, KeyFile: serverKey, ClientCAFile: serverKey}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Listen, tc.o.StoreDir = "127.0.0.1:0", t.TempDir()
			srv, err := StartServer(tc.o)
			if err == nil {
				srv.Shutdown()
			}
			checkRefusal(t, err, hintServerTLSFile, secrets)
		})
	}
}

// operator is a NATS operator that trusts one account with JetStream,
// and a server in its operator (JWT) mode, as an existing NATS
// deployment is: it checks a credentials file, which 'grader queue
// serve' has no mode for.
type operator struct {
	url string
	acc nkeys.KeyPair
	dir string
}

func startOperatorServer(t *testing.T) *operator {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op, err := nkeys.CreateOperator()
	must(err)
	opPub, err := op.PublicKey()
	must(err)
	opJWT, err := jwt.NewOperatorClaims(opPub).Encode(op)
	must(err)
	opClaims, err := jwt.DecodeOperatorClaims(opJWT)
	must(err)
	resolver := &server.MemAccResolver{}
	account := func(name string, js bool) (nkeys.KeyPair, string) {
		kp, err := nkeys.CreateAccount()
		must(err)
		pub, err := kp.PublicKey()
		must(err)
		ac := jwt.NewAccountClaims(pub)
		ac.Name = name
		if js {
			ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1}
		}
		tok, err := ac.Encode(op)
		must(err)
		must(resolver.Store(pub, tok))
		return kp, pub
	}
	_, sysPub := account("SYS", false)
	acc, _ := account("GRADER", true)
	ns, err := server.NewServer(&server.Options{
		ServerName: "grader-operator", Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true, DisableJetStreamBanner: true,
		TrustedOperators: []*jwt.OperatorClaims{opClaims}, AccountResolver: resolver, SystemAccount: sysPub,
	})
	must(err)
	go ns.Start()
	t.Cleanup(func() {
		ns.Shutdown()
		ns.WaitForShutdown()
	})
	if !ns.ReadyForConnections(30 * time.Second) {
		t.Fatal("the operator's server did not start within 30s")
	}
	return &operator{url: ns.ClientURL(), acc: acc, dir: t.TempDir()}
}

// user returns a user of acc: its JWT and its seed.
func user(t *testing.T, acc nkeys.KeyPair) (string, []byte) {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	tok, err := jwt.NewUserClaims(pub).Encode(acc)
	if err != nil {
		t.Fatal(err)
	}
	return tok, seed
}

// file writes data to a file of the operator's folder and returns its
// path.
func (op *operator) file(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(op.dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// creds is a credentials file as 'nsc generate creds' writes it, of
// any JWT and seed (jwt.FormatUserConfig refuses a seed not the JWT's).
func creds(tok string, seed []byte) []byte {
	return fmt.Appendf(nil, `-----BEGIN NATS USER JWT-----
%s
------END NATS USER JWT------

************************* IMPORTANT *************************
NKEY Seed printed below can be used to sign and prove identity.
NKEYs are sensitive and should be treated as secrets.

-----BEGIN USER NKEY SEED-----
%s
------END USER NKEY SEED------

*************************************************************
`, tok, seed)
}

func TestCredsFile(t *testing.T) {
	t.Parallel() // most of a round trip is waiting for a worker to stop
	op := startOperatorServer(t)
	tok, seed := user(t, op.acc)
	otherTok, otherSeed := user(t, op.acc)
	stranger, err := nkeys.CreateAccount() // an account the operator never signed
	if err != nil {
		t.Fatal(err)
	}
	strangerTok, strangerSeed := user(t, stranger)
	accSeed, _ := op.acc.Seed()
	ca := newPKI(t, "grader")
	_, tlsKey := ca.issue(t, "worker", x509.ExtKeyUsageClientAuth)
	keyPEM, err := os.ReadFile(tlsKey)
	if err != nil {
		t.Fatal(err)
	}
	good := op.file(t, "worker.creds", creds(tok, seed))
	secrets := append(secretsOf(t, tlsKey), string(seed), string(otherSeed), string(strangerSeed), string(accSeed), tok, otherTok, strangerTok)

	t.Run("credentials file", func(t *testing.T) { roundTrip(t, ConnectOptions{URL: op.url, Creds: good}) })
	for _, tc := range []struct {
		name  string
		creds string
		want  string
	}{
		{"no credentials", "", hintCredentials},
		{"a user of another operator's account", op.file(t, "stranger.creds", creds(strangerTok, strangerSeed)), hintCredentials},
		{"missing file", filepath.Join(op.dir, "nowhere.creds"), hintMissingCreds},
		{"empty file", op.file(t, "empty.creds", nil), hintCredsFile},
		{"a seed alone", op.file(t, "user.nk", append(seed, '\n')), hintCredsFile},
		{"a JWT alone", op.file(t, "user.jwt", []byte(tok+"\n")), hintCredsFile},
		{"a TLS key", op.file(t, "key.creds", keyPEM), hintCredsFile},
		{"another user's seed", op.file(t, "mixed.creds", creds(tok, otherSeed)), hintCredsFile},
		{"the account's seed", op.file(t, "account.creds", creds(tok, accSeed)), hintCredsFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Connect(ConnectOptions{URL: op.url, Creds: tc.creds})
			checkRefusal(t, err, tc.want, secrets)
		})
	}
}

// A URL that carries credentials is refused without being quoted, even
// one url.Parse cannot read.
func TestCheckURLNeverQuotesCredentials(t *testing.T) {
	for _, raw := range []string{
		"nats://ada:s3cr%zzet@127.0.0.1:4222",
		"nats://s3cret@127.0.0.1:4222",
		"nats://127.0.0.1:4222,nats://ada:s3cret@queue2:4222",
		"nats://ada:s3cret@[::1",
	} {
		checkRefusal(t, CheckURL(raw), "use a credentials file (--creds)", []string{"s3cr", "ada"})
	}
}
