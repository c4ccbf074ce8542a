// Package queue spreads a batch's gradings over worker machines through
// NATS JetStream, in the pattern of the judges that grade at scale (a
// queue that workers pull from), on a proven engine rather than a
// home-made one.
//
// A batch ([Client]) reads its submissions as a local batch does (package
// batch runs it, with [Client.Grade] as its grade function, so a queued
// batch writes the same results folder), and for each one:
//
//  1. looks its result up by [Job.Key] in the results bucket, and is done if
//     it is there (a result is never graded twice);
//  2. stores the submission, content-addressed by its SHA-256, in the
//     submissions object store ([SubmissionsBucket], bounded in size and
//     age), unless it is there already;
//  3. publishes a [Job] on JobsSubject.BATCH, in the work-queue stream
//     [JobsStream], with the key as its message id, so that a job
//     published twice within the stream's duplicate window is one job;
//  4. waits for a [Notice] on the outcomes stream: done (the result is in
//     the results bucket), dead (the grader failed on it [MaxAttempts]
//     times: the batch records the error) or refused (a worker of another
//     grader version or catalog would not take it, and says why; the job
//     stays for a worker that can).
//
// A [Worker] pulls one job per free slot of its engine from the durable
// pull consumer [WorkersConsumer], which every worker shares, grades it
// in its own sandbox, stores the [Outcome] in the results bucket, and
// only then acknowledges the job. While it grades it tells the server
// every AckWait/3 that the job is in progress, so a long grading is not
// redelivered; a worker that dies mid-grading never acknowledges, and
// the job goes to another worker when AckWait has passed. Results are
// idempotent: a redelivered job whose result exists is acknowledged
// without grading, and a job graded twice writes the same key.
//
// # Names
//
// Everything lives in the default JetStream domain of the account the
// connection is in:
//
//	GRADER_JOBS        work-queue stream, subjects grader.jobs.>
//	GRADER_OUTCOMES    limits stream (7 days), subjects grader.done.>,
//	                   grader.dead.> (the dead-letter subjects) and
//	                   grader.refused.>
//	grader-workers     the workers' durable pull consumer of GRADER_JOBS
//	grader-submissions object store: NAME is a submission's SHA-256, the
//	                   contents its [Submission] JSON
//	grader-results     object store: NAME is a [Job.Key], the contents its
//	                   [Outcome] JSON
//	grader-attempts    key-value bucket: how many times a job's grading
//	                   started, and the grader's last error on it
//
// BATCH in a subject is a batch's id ([BatchID]): the same for every run
// of one batch (one results folder on one machine), so a batch run again
// finds what an earlier run queued.
//
// The wire formats ([Job], [Outcome], [Notice], [Submission]) carry a
// schema field and are JSON; a change that older workers or batches
// cannot read gets a new schema version.
package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
)

// The streams, subjects, consumer and buckets (see the package doc).
const (
	JobsStream        = "GRADER_JOBS"
	OutcomesStream    = "GRADER_OUTCOMES"
	JobsSubject       = "grader.jobs"
	DoneSubject       = "grader.done"
	DeadSubject       = "grader.dead"
	RefusedSubject    = "grader.refused"
	WorkersConsumer   = "grader-workers"
	SubmissionsBucket = "grader-submissions"
	ResultsBucket     = "grader-results"
	AttemptsBucket    = "grader-attempts"
)

// Bounds of what the queue keeps.
const (
	// SubmissionsMaxBytes bounds the submissions object store; a batch
	// whose submissions do not fit fails with the server's message.
	// Each submission is bounded by intake's limits already.
	SubmissionsMaxBytes = 1 << 30
	// ResultsMaxBytes bounds the results object store.
	ResultsMaxBytes = 1 << 30
	// Keep is how long submissions, results, attempts and outcomes are
	// kept: long enough for a batch stopped on Friday to resume on Monday.
	Keep = 7 * 24 * time.Hour
	// MaxAttempts is how many times a job's grading may start (a grader
	// error, or a worker that died grading it) before it goes to the
	// dead-letter subject.
	MaxAttempts = 3
	// DefaultAckWait is how long the server waits for a worker's
	// acknowledgement or progress before it redelivers a job.
	DefaultAckWait = 30 * time.Second
)

// Schemas of the wire formats.
const (
	JobSchema        = "grader.job/v1"
	OutcomeSchema    = "grader.outcome/v1"
	NoticeSchema     = "grader.notice/v1"
	SubmissionSchema = "grader.submission/v1"
)

// Job is one grading, as a batch publishes it and a worker takes it.
type Job struct {
	Schema string `json:"schema"` // JobSchema
	Batch  string `json:"batch"`  // the batch's id: its outcomes go to DoneSubject.BATCH etc.
	Name   string `json:"name"`   // the submission's name in the batch, for messages
	// Submission is the path the batch read it from, for messages.
	Submission string `json:"submission"`
	Exercise   string `json:"exercise"`
	// ExerciseHash is the batch's catalog's [catalog.Exercise.Hash]: a
	// worker whose catalog differs refuses the job.
	ExerciseHash string `json:"exercise_hash"`
	// GraderVersion is the batch's grader version: a worker of another
	// version refuses the job.
	GraderVersion string         `json:"grader_version"`
	Suites        []string       `json:"suites,omitempty"` // nil: all four
	Seed          int64          `json:"seed,omitempty"`   // 0: random per grading
	Limits        sandbox.Limits `json:"limits"`
	SHA256        string         `json:"submission_sha256"` // the submission's name in the submissions store
	Key           string         `json:"key"`               // the result's name in the results store, a hash of the above (see resultKey)
	// Force grades the job even if its result exists (a regrade).
	Force bool `json:"force,omitempty"`
}

// resultKey is the name of a job's result ([Job.Key]): the hex SHA-256 of what decides a
// scorecard: the submission's content hash, the exercise and its hash,
// the grader version, the suites, the limits and the seed (when one is
// given). The candidate's name and path are not part of it: two
// submissions with the same files share one grading, and the batch
// labels each scorecard with its own name.
func (j *Job) resultKey() string {
	h := sha256.New()
	suites := slices.Clone(j.Suites)
	slices.Sort(suites)
	enc, _ := json.Marshal(struct {
		SHA256, Exercise, ExerciseHash, GraderVersion string
		Suites                                        []string
		Limits                                        sandbox.Limits
		Seed                                          int64
	}{j.SHA256, j.Exercise, j.ExerciseHash, j.GraderVersion, suites, j.Limits, j.Seed})
	h.Write(enc)
	return hex.EncodeToString(h.Sum(nil))
}

// Outcome is a job's result, in the results store under its key: a
// scorecard, or why the submission was refused as bad input (which
// grading it again would not change).
type Outcome struct {
	Schema  string               `json:"schema"` // OutcomeSchema
	Key     string               `json:"key"`
	Card    *scorecard.Scorecard `json:"scorecard,omitempty"`
	Refused string               `json:"refused,omitempty"`
	Worker  string               `json:"worker"` // who graded it
}

// The kinds of [Notice].
const (
	NoticeDone    = "done"    // the job's outcome is in the results store
	NoticeDead    = "dead"    // the grader failed on it MaxAttempts times
	NoticeRefused = "refused" // a worker would not take it (version or catalog)
)

// Notice tells a batch what became of one of its jobs, on
// DoneSubject.BATCH, DeadSubject.BATCH or RefusedSubject.BATCH.
type Notice struct {
	Schema   string `json:"schema"` // NoticeSchema
	Kind     string `json:"kind"`   // NoticeDone, NoticeDead or NoticeRefused
	Key      string `json:"key"`
	Name     string `json:"name"`
	Worker   string `json:"worker"`
	Error    string `json:"error,omitempty"`    // dead: the grader's last error; refused: why
	Attempts int    `json:"attempts,omitempty"` // dead: how many gradings started
}

// Submission is a submission's package files as intake read them, in the
// submissions store.
type Submission struct {
	Schema  string           `json:"schema"` // SubmissionSchema
	Kind    string           `json:"kind"`
	Files   []intake.File    `json:"files"`
	Ignored []intake.Ignored `json:"ignored,omitempty"`
	SHA256  string           `json:"sha256"`
	Commit  string           `json:"commit,omitempty"`
	Dirty   bool             `json:"dirty,omitempty"`
}

func submissionOf(s *intake.Submission) *Submission {
	return &Submission{Schema: SubmissionSchema, Kind: s.Kind, Files: s.Files, Ignored: s.Ignored, SHA256: s.SHA256, Commit: s.Commit, Dirty: s.Dirty}
}

// intake returns s as intake's value, after checking that its files are
// what its hash says.
func (s *Submission) intake() (*intake.Submission, error) {
	if s.Schema != SubmissionSchema {
		return nil, fmt.Errorf("a submission of schema %q, not %s", s.Schema, SubmissionSchema)
	}
	if got := intake.ContentHash(s.Files); got != s.SHA256 {
		return nil, fmt.Errorf("the stored submission's files hash to %s, not %s", got, s.SHA256)
	}
	return &intake.Submission{Kind: s.Kind, Files: s.Files, Ignored: s.Ignored, SHA256: s.SHA256, Commit: s.Commit, Dirty: s.Dirty}, nil
}

// BatchID is the id of the batch whose results folder is results on
// this machine: the same for every run of it, so a run finds the jobs
// and outcomes of the one before, and different for another folder or
// machine.
func BatchID(results string) string {
	abs, err := filepath.Abs(results)
	if err != nil {
		abs = results
	}
	host, _ := os.Hostname()
	sum := sha256.Sum256([]byte(host + "\x00" + abs))
	return hex.EncodeToString(sum[:8])
}

// Setup creates the streams and buckets, or brings their configuration
// up to date; it is idempotent, and batches and workers both call it.
func Setup(ctx context.Context, js jetstream.JetStream) (*Stores, error) {
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: JobsStream, Description: "grader: gradings waiting for a worker",
		Subjects: []string{JobsSubject + ".>"}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, MaxAge: Keep, Duplicates: 2 * time.Minute,
	}); err != nil {
		return nil, fmt.Errorf("creating the stream %s: %w", JobsStream, err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: OutcomesStream, Description: "grader: what became of each job (done, dead-lettered, refused)",
		Subjects: []string{DoneSubject + ".>", DeadSubject + ".>", RefusedSubject + ".>"},
		Storage:  jetstream.FileStorage, MaxAge: Keep,
	}); err != nil {
		return nil, fmt.Errorf("creating the stream %s: %w", OutcomesStream, err)
	}
	var st Stores
	var err error
	if st.submissions, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket: SubmissionsBucket, Description: "grader: submissions by SHA-256",
		TTL: Keep, MaxBytes: SubmissionsMaxBytes, Storage: jetstream.FileStorage,
	}); err != nil {
		return nil, fmt.Errorf("creating the object store %s: %w", SubmissionsBucket, err)
	}
	if st.results, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket: ResultsBucket, Description: "grader: each job's outcome by key",
		TTL: Keep, MaxBytes: ResultsMaxBytes, Storage: jetstream.FileStorage,
	}); err != nil {
		return nil, fmt.Errorf("creating the object store %s: %w", ResultsBucket, err)
	}
	if st.attempts, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: AttemptsBucket, Description: "grader: gradings started per job, and the last error",
		TTL: Keep, Storage: jetstream.FileStorage,
	}); err != nil {
		return nil, fmt.Errorf("creating the key-value bucket %s: %w", AttemptsBucket, err)
	}
	return &st, nil
}

// Stores are the queue's buckets.
type Stores struct {
	submissions, results jetstream.ObjectStore
	attempts             jetstream.KeyValue
}

// outcome returns the outcome stored under key, if any.
func (st *Stores) outcome(ctx context.Context, key string) (*Outcome, error) {
	data, err := st.results.GetBytes(ctx, key)
	if err != nil {
		return nil, err
	}
	var o Outcome
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("reading the outcome %s: %w", key, err)
	}
	if o.Schema != OutcomeSchema {
		return nil, fmt.Errorf("the outcome %s is of schema %q, not %s", key, o.Schema, OutcomeSchema)
	}
	return &o, nil
}

// attempt is the value of a job's key in the attempts bucket.
type attempt struct {
	Starts    int    `json:"starts"`
	LastError string `json:"last_error,omitempty"`
}

// updateAttempt applies f to key's attempt, with compare-and-set, and
// returns the new value.
func (st *Stores) updateAttempt(ctx context.Context, key string, f func(*attempt)) (attempt, error) {
	for {
		var a attempt
		e, err := st.attempts.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			f(&a)
			data, _ := json.Marshal(a)
			if _, err := st.attempts.Create(ctx, key, data); err == nil {
				return a, nil
			} else if !errors.Is(err, jetstream.ErrKeyExists) {
				return a, err
			}
		case err != nil:
			return a, err
		default:
			if err := json.Unmarshal(e.Value(), &a); err != nil {
				a = attempt{}
			}
			f(&a)
			data, _ := json.Marshal(a)
			if _, err := st.attempts.Update(ctx, key, data, e.Revision()); err == nil {
				return a, nil
			} else if !isWrongSequence(err) {
				return a, err
			}
		}
		if err := ctx.Err(); err != nil {
			return a, err
		}
	}
}

func isWrongSequence(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence
}

// unreachable reports whether err is the queue's server not answering
// (down, restarting, or not serving JetStream yet) rather than its
// answer: what a batch or a worker waits out instead of failing on.
func unreachable(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		// JetStream not enabled yet, or not available for now; an
		// account without JetStream is a configuration to fix.
		return apiErr.Code == 503 && apiErr.ErrorCode != jetstream.JSErrCodeJetStreamNotEnabledForAccount
	}
	for _, e := range []error{
		context.DeadlineExceeded, nats.ErrTimeout, nats.ErrNoResponders, nats.ErrDisconnected,
		nats.ErrConnectionReconnecting, nats.ErrReconnectBufExceeded, // what waits to be sent meanwhile is bounded
		jetstream.ErrNoStreamResponse, jetstream.ErrServerShutdown,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Bounds of each try of a request to the server: a request the server
// took just before it went down is never answered, and is asked again
// when its bound has passed.
const (
	// tryTimeout bounds a request of the JetStream API, a small message
	// or a result: nats.go's own default for a request.
	tryTimeout = 5 * time.Second
	// putTimeout bounds storing a submission, up to intake's 8 MiB
	// encoded as JSON, over a slow link.
	putTimeout = 2 * time.Minute
)

// retry calls f, each time with a context bounded by try, until it
// succeeds, fails with an answer of the server (not [unreachable]), or
// ctx ends. Between tries it waits, from 100ms doubling up to 2s; the
// first time f fails unreachable it calls waiting (if not nil) with the
// error. It returns f's last error, or ctx's when ctx ended first.
func retry(ctx context.Context, try time.Duration, waiting func(error), f func(context.Context) error) error {
	pause := 100 * time.Millisecond
	for first := true; ; first = false {
		tctx, cancel := context.WithTimeout(ctx, try)
		err := f(tctx)
		cancel()
		if err == nil || (!unreachable(err) && ctx.Err() == nil) {
			return err
		}
		if first && waiting != nil && ctx.Err() == nil {
			waiting(err)
		}
		sleep(ctx, pause)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// ConnectOptions are how to reach and authenticate to a NATS server.
// Secrets are read from files or the environment, never taken from a
// command line, where logs and 'ps' would show them.
type ConnectOptions struct {
	URL   string // nats://host:port (several, comma-separated, for a cluster)
	Creds string // a NATS credentials file (JWT and seed), for an existing NATS deployment
	// CertFile and KeyFile are a client certificate for mutual TLS;
	// CAFile the CA that signed the server's certificate.
	CertFile, KeyFile, CAFile string
	// Token is a shared secret the server was started with
	// (GRADER_QUEUE_TOKEN on both sides).
	Token string
	// Name is the connection's name, as the server's monitoring shows it.
	Name string
	// Retry keeps trying to connect when the server is not up yet (a
	// worker started before its server); credentials or certificates
	// the server refuses are an error at once all the same.
	Retry bool
}

// CheckURL refuses a queue URL that carries a password or token, which
// would end up in logs and process lists, and one that is not nats:// or
// tls://.
func CheckURL(raw string) error {
	for _, one := range strings.Split(raw, ",") {
		// A URL with a user part is refused before it is parsed, so that
		// no message quotes it (url.Parse's errors do).
		if strings.Contains(one, "@") {
			return errors.New("--queue carries credentials in its URL, which logs and process lists show; use a credentials file (--creds), TLS (--tls-cert, --tls-key) or GRADER_QUEUE_TOKEN instead")
		}
		u, err := url.Parse(strings.TrimSpace(one))
		if err != nil {
			return fmt.Errorf("--queue %q: %v; use nats://HOST:PORT", one, err)
		}
		switch u.Scheme {
		case "nats", "tls":
		default:
			return fmt.Errorf("--queue %q: use nats://HOST:PORT (or tls://HOST:PORT)", one)
		}
	}
	return nil
}

// Connect connects to the server, reconnecting for ever when the
// connection drops (a restarted server), so a batch or a worker rides
// out a server restart.
func Connect(o ConnectOptions) (*nats.Conn, error) {
	if err := CheckURL(o.URL); err != nil {
		return nil, err
	}
	opts := []nats.Option{nats.Name(o.Name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond)}
	if o.Creds != "" {
		if err := checkCreds(o.Creds); err != nil {
			return nil, &RefusedError{err}
		}
		opts = append(opts, nats.UserCredentials(o.Creds))
	}
	if o.CertFile != "" || o.KeyFile != "" {
		opts = append(opts, nats.ClientCert(o.CertFile, o.KeyFile))
	}
	if o.CAFile != "" {
		opts = append(opts, nats.RootCAs(o.CAFile))
	}
	if o.Token != "" {
		opts = append(opts, nats.Token(o.Token))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err == nil {
		return nc, nil
	}
	hint, final := connectHint(err)
	if o.Retry && !final {
		nc, err = nats.Connect(o.URL, append(opts, nats.RetryOnFailedConnect(true))...)
		if err == nil {
			return nc, nil
		}
	}
	// Credentials the server refuses stay refused: retrying them would
	// only hide why.
	err = fmt.Errorf("connecting to the queue %s: %w; %s", o.URL, err, hint)
	if final {
		return nil, &RefusedError{err}
	}
	return nil, err
}

// RefusedError is a connection that trying again cannot make: the
// credentials file is not one, the server refused the client's
// credentials or certificate, the client refused the server's, or the
// client's TLS files are unreadable. It is the configuration to fix, not
// the queue's trouble.
type RefusedError struct{ err error }

func (e *RefusedError) Error() string { return e.err.Error() }
func (e *RefusedError) Unwrap() error { return e.err }
