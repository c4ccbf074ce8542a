package queue

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ServerOptions are an embedded NATS server for a small fleet.
type ServerOptions struct {
	// Listen is HOST:PORT; DefaultListen when "".
	Listen string
	// StoreDir keeps JetStream's streams and buckets across restarts.
	StoreDir string
	// Token, when set, is the secret every client must present
	// (GRADER_QUEUE_TOKEN).
	Token string
	// CertFile and KeyFile are the server's TLS certificate; with
	// ClientCAFile, clients must present a certificate that CA signed.
	CertFile, KeyFile, ClientCAFile string
	// MaxStore bounds JetStream's disk use in bytes (0: the server's
	// default, a share of the disk).
	MaxStore int64
}

// DefaultListen is where 'grader queue serve' listens: loopback only.
const DefaultListen = "127.0.0.1:4222"

// CheckListen refuses an address that is not loopback when nothing
// authenticates clients: anyone who reaches the port could queue jobs
// and read every submission and scorecard.
func (o ServerOptions) CheckListen() error {
	host, _, err := net.SplitHostPort(o.listen())
	if err != nil {
		return fmt.Errorf("--listen %q: %v; use HOST:PORT, such as %s", o.Listen, err, DefaultListen)
	}
	ip := net.ParseIP(host)
	loopback := host == "localhost" || (ip != nil && ip.IsLoopback())
	if !loopback && o.Token == "" && o.ClientCAFile == "" {
		return fmt.Errorf("--listen %s reaches beyond this machine with nothing to authenticate clients; set GRADER_QUEUE_TOKEN, or give --tls-cert, --tls-key and --tls-client-ca", o.Listen)
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if o.ClientCAFile != "" && o.CertFile == "" {
		return errors.New("--tls-client-ca needs the server's own --tls-cert and --tls-key")
	}
	return nil
}

func (o ServerOptions) listen() string {
	if o.Listen == "" {
		return DefaultListen
	}
	return o.Listen
}

// Server is a running embedded NATS server with JetStream.
type Server struct{ ns *server.Server }

// StartServer starts an embedded NATS server with JetStream and waits
// until it accepts connections.
func StartServer(o ServerOptions) (*Server, error) {
	if err := o.CheckListen(); err != nil {
		return nil, err
	}
	host, portStr, _ := net.SplitHostPort(o.listen())
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("--listen %q: the port is not a number", o.Listen)
	}
	if port == 0 {
		port = server.RANDOM_PORT // as net.Listen's :0, not NATS's default port
	}
	opts := &server.Options{
		ServerName: "grader", Host: host, Port: port,
		JetStream: true, StoreDir: o.StoreDir, JetStreamMaxStore: o.MaxStore,
		NoSigs: true, NoLog: true, Authorization: o.Token,
		DisableJetStreamBanner: true,
		MaxPayload:             8 << 20,
	}
	if o.CertFile != "" {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: o.CertFile, KeyFile: o.KeyFile, CaFile: o.ClientCAFile, Verify: o.ClientCAFile != ""})
		if err != nil {
			return nil, fmt.Errorf("the server's TLS: %w; give --tls-cert and --tls-key the server's certificate and its key, and --tls-client-ca the CA of the clients' certificates, as PEM files", err)
		}
		tc.MinVersion = tls.VersionTLS12
		opts.TLSConfig, opts.TLS, opts.TLSVerify = tc, true, o.ClientCAFile != ""
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("starting the queue server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("the queue server did not start listening on %s within 30s; is the port taken?", o.listen())
	}
	return &Server{ns: ns}, nil
}

// URL is the server's client URL: where batches and workers dial it.
// A server listening on every interface (0.0.0.0 or ::) is named by this
// machine's host name, since no client can dial the unspecified address.
func (s *Server) URL() string { return dialable(s.ns.ClientURL(), os.Hostname) }

// dialable returns url with an unspecified host replaced by the host
// name hostname gives (url as it is when that fails).
func dialable(raw string, hostname func() (string, error)) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsUnspecified() {
		return raw
	}
	host, err := hostname()
	if err != nil || host == "" {
		return raw
	}
	u.Host = net.JoinHostPort(host, u.Port())
	return u.String()
}

// Shutdown stops the server, flushing its store.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}
