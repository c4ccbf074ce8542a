package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/queue"
)

// queueFlags are how a batch or a worker reaches the queue. Secrets come
// from files or the environment, never from the command line.
type queueFlags struct {
	url, creds, cert, key, ca string
}

// add adds the flags to cmd; with forBatch, --queue is optional.
func (q *queueFlags) add(cmd *cobra.Command, forBatch bool) {
	f := cmd.Flags()
	usage := "the queue's URL: nats://HOST:PORT of 'grader queue serve' or of a NATS cluster with JetStream"
	if forBatch {
		usage = "grade on the workers of this queue (nats://HOST:PORT) instead of here; see 'grader worker'"
	}
	f.StringVar(&q.url, "queue", "", usage)
	f.StringVar(&q.creds, "creds", "", "a NATS credentials file for the queue (default $GRADER_QUEUE_CREDS); a token goes in $GRADER_QUEUE_TOKEN")
	f.StringVar(&q.cert, "tls-cert", "", "a client certificate for the queue's mutual TLS (default $GRADER_QUEUE_TLS_CERT)")
	f.StringVar(&q.key, "tls-key", "", "the client certificate's key file (default $GRADER_QUEUE_TLS_KEY)")
	f.StringVar(&q.ca, "tls-ca", "", "the CA that signed the queue server's certificate (default $GRADER_QUEUE_TLS_CA)")
	cmd.MarkFlagFilename("creds")
	cmd.MarkFlagFilename("tls-cert")
	cmd.MarkFlagFilename("tls-key")
	cmd.MarkFlagFilename("tls-ca")
}

// options resolves the flags and the environment into connection
// options, checking the URL and that the named files exist ([queue.Connect]
// checks that the credentials file is one: see connectError).
func (q *queueFlags) options(s Streams, name string) (queue.ConnectOptions, error) {
	or := func(v, env string) string {
		if v != "" {
			return v
		}
		return s.Getenv(env)
	}
	o := queue.ConnectOptions{
		URL: q.url, Name: name,
		Creds: or(q.creds, "GRADER_QUEUE_CREDS"), CertFile: or(q.cert, "GRADER_QUEUE_TLS_CERT"),
		KeyFile: or(q.key, "GRADER_QUEUE_TLS_KEY"), CAFile: or(q.ca, "GRADER_QUEUE_TLS_CA"),
		Token: s.Getenv("GRADER_QUEUE_TOKEN"),
	}
	if err := queue.CheckURL(o.URL); err != nil {
		return o, usageError{err}
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return o, usagef("--tls-cert and --tls-key go together")
	}
	for _, f := range []string{o.Creds, o.CertFile, o.KeyFile, o.CAFile} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			return o, usagef("%v; name an existing file", err)
		}
	}
	return o, nil
}

func newQueueCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "Run the grading queue for batches spread over workers",
		Long: `queue serve runs a NATS server with JetStream, from this binary, for a small fleet:
batches publish to it with 'grader batch --queue' and workers pull from it with
'grader worker --queue'. A larger deployment points both at an existing NATS cluster
with JetStream instead. See docs/deploy.md.`,
		Example: `  grader queue serve --store ./queue                 # loopback, 127.0.0.1:4222
  grader worker --queue nats://127.0.0.1:4222 &
  grader batch lrucache ./submissions --out ./results --queue nats://127.0.0.1:4222`,
		Args: exactArgs(0, "grader queue serve"),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newQueueServeCmd(s))
	return cmd
}

type queueServeOptions struct {
	listen, store       string
	cert, key, clientCA string
	maxStoreMB          int64
}

func newQueueServeCmd(s Streams) *cobra.Command {
	opts := &queueServeOptions{}
	cmd := &cobra.Command{
		Use:   "serve --store DIR",
		Short: "Run an embedded NATS server with JetStream for batches and workers",
		Long: `serve runs a NATS server with JetStream until it is stopped (Ctrl-C, SIGTERM). Its
streams and buckets (queued jobs, submissions, results) are kept in --store DIR, so a
restarted server carries on where it stopped, and batches and workers reconnect to it.

It listens on loopback only unless told otherwise; an address other machines reach
needs clients to authenticate: a shared token in $GRADER_QUEUE_TOKEN (on the server,
the batches and the workers), or mutual TLS (--tls-cert, --tls-key, --tls-client-ca).`,
		Example: `  grader queue serve --store /var/lib/grader-queue
  GRADER_QUEUE_TOKEN=$(cat /etc/grader/token) grader queue serve --listen 0.0.0.0:4222 --store /var/lib/grader-queue`,
		Args: exactArgs(0, "grader queue serve --store DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQueueServe(cmd, s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.listen, "listen", queue.DefaultListen, "HOST:PORT to listen on")
	f.StringVar(&opts.store, "store", "", "the folder that keeps the queue's streams and buckets (required)")
	f.StringVar(&opts.cert, "tls-cert", "", "the server's TLS certificate")
	f.StringVar(&opts.key, "tls-key", "", "the server's TLS key")
	f.StringVar(&opts.clientCA, "tls-client-ca", "", "require client certificates signed by this CA (mutual TLS)")
	f.Int64Var(&opts.maxStoreMB, "max-store-mb", 0, "bound the store's disk use in MiB (default: the server's, a share of the disk)")
	cmd.MarkFlagDirname("store")
	return cmd
}

func runQueueServe(cmd *cobra.Command, s Streams, opts *queueServeOptions) error {
	if opts.store == "" {
		return usagef("--store is required: name the folder that keeps the queue, such as --store ./queue")
	}
	if opts.maxStoreMB < 0 {
		return usagef("--max-store-mb %d: use 0 (the default) or more", opts.maxStoreMB)
	}
	so := queue.ServerOptions{
		Listen: opts.listen, StoreDir: opts.store, Token: s.Getenv("GRADER_QUEUE_TOKEN"),
		CertFile: opts.cert, KeyFile: opts.key, ClientCAFile: opts.clientCA, MaxStore: opts.maxStoreMB << 20,
	}
	if err := so.CheckListen(); err != nil {
		return usageError{err}
	}
	if err := os.MkdirAll(opts.store, 0o700); err != nil {
		return fmt.Errorf("creating the store: %w", err)
	}
	srv, err := queue.StartServer(so)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Err, "grader: queue serving on %s (store %s); stop it with Ctrl-C\n", srv.URL(), opts.store)
	<-cmd.Context().Done()
	srv.Shutdown()
	return nil
}

// connectError is an error of connecting to the queue: a credentials
// file that is not one, and credentials or certificates the server or
// the client refuses, are bad input (exit 2),
// like a bad flag; a queue that cannot be reached is the grader's
// trouble (exit 3).
func connectError(err error) error {
	if refused := (*queue.RefusedError)(nil); errors.As(err, &refused) {
		return usageError{err}
	}
	return err
}

// maxJobs bounds --jobs, of batch, worker and verify alike.
const maxJobs = 64

// checkJobs checks a --jobs flag.
func checkJobs(n int) error {
	if n < 1 || n > maxJobs {
		return usagef("--jobs %d: use 1 to %d", n, maxJobs)
	}
	return nil
}
