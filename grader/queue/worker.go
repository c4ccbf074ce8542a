package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

// WorkerOptions are a worker.
type WorkerOptions struct {
	// Name is the worker's name in notices and logs (default: host-pid).
	Name string
	// Grade grades a submission already read: the worker's
	// [grader.Engine.GradeSubmission].
	Grade func(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error)
	// ExerciseHash returns the worker's catalog's hash of an exercise,
	// false when the catalog does not hold it.
	ExerciseHash func(slug string) (string, bool)
	// Version is the worker's grader version; "" means grader.Version.
	Version string
	// Slots is how many jobs it grades at once (default 2): it pulls a
	// job only when a slot is free.
	Slots int
	// AckWait is how long the server waits for progress on a job before
	// it gives it to another worker (default DefaultAckWait). Every
	// worker of a fleet sets the shared consumer's: give them the same.
	AckWait time.Duration
	// Log gets one line per job taken, graded, refused or dead-lettered.
	Log io.Writer
}

// Worker grades the queue's jobs.
type Worker struct {
	opts WorkerOptions
	js   jetstream.JetStream
	st   *Stores
	logM sync.Mutex

	consM sync.Mutex
	cons  jetstream.Consumer
}

// NewWorker sets the queue up and joins the workers' consumer. While the
// server does not answer (not up yet, or restarting) it waits for it,
// logging that it does, until ctx ends: a worker started before its
// server, or during a restart, joins once the server is back. It fails
// on the server's refusals (a bad configuration or permissions).
func NewWorker(ctx context.Context, nc *nats.Conn, opts WorkerOptions) (*Worker, error) {
	if opts.Version == "" {
		opts.Version = grader.Version
	}
	if opts.Slots <= 0 {
		opts.Slots = 2
	}
	if opts.AckWait <= 0 {
		opts.AckWait = DefaultAckWait
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	w := &Worker{opts: opts, js: js}
	waiting := func(err error) { w.logf("the queue does not answer (%v); waiting for it", err) }
	if err := retry(ctx, tryTimeout, waiting, func(ctx context.Context) (err error) {
		w.st, err = Setup(ctx, js)
		return err
	}); err != nil {
		return nil, err
	}
	if err := retry(ctx, tryTimeout, waiting, w.join); err != nil {
		return nil, err
	}
	return w, nil
}

// join creates or updates the workers' durable consumer.
func (w *Worker) join(ctx context.Context) error {
	cons, err := w.js.CreateOrUpdateConsumer(ctx, JobsStream, jetstream.ConsumerConfig{
		Durable: WorkersConsumer, Description: "grader workers",
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: w.opts.AckWait,
		MaxDeliver:    -1, // the workers count attempts themselves (a refusal is not one)
		FilterSubject: JobsSubject + ".>", MaxAckPending: 10000,
	})
	if err != nil {
		return fmt.Errorf("joining the workers' consumer: %w", err)
	}
	w.consM.Lock()
	w.cons = cons
	w.consM.Unlock()
	return nil
}

func (w *Worker) logf(format string, args ...any) {
	w.logM.Lock()
	defer w.logM.Unlock()
	fmt.Fprintf(w.opts.Log, "worker %s: "+format+"\n", append([]any{w.opts.Name}, args...)...)
}

// Run grades jobs until ctx ends; then the jobs in hand are handed back
// to the queue (not acknowledged), and Run returns nil.
func (w *Worker) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range w.opts.Slots {
		wg.Go(func() {
			for ctx.Err() == nil {
				w.consM.Lock()
				cons := w.cons
				w.consM.Unlock()
				msg, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
				if err != nil {
					if errors.Is(err, jetstream.ErrConsumerNotFound) {
						w.join(ctx) // a server whose store was wiped
					}
					if !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
						sleep(ctx, 500*time.Millisecond) // the server is restarting
					}
					continue
				}
				w.handle(ctx, msg)
			}
		})
	}
	wg.Wait()
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// refusal says why the worker will not take job, "" when it will.
func (w *Worker) refusal(job *Job) string {
	if job.GraderVersion != w.opts.Version {
		return fmt.Sprintf("grader version %s differs from the batch's %s; run workers of the batch's version (or the batch with this one)", w.opts.Version, job.GraderVersion)
	}
	hash, ok := w.opts.ExerciseHash(job.Exercise)
	if !ok {
		return fmt.Sprintf("its catalog has no exercise %q; give this worker the batch's catalog", job.Exercise)
	}
	if hash != job.ExerciseHash {
		return fmt.Sprintf("its catalog's %s (hash %.12s) differs from the batch's (hash %.12s); give this worker the batch's catalog", job.Exercise, hash, job.ExerciseHash)
	}
	return ""
}

// handle takes one job to its end: acknowledged with a stored outcome,
// dead-lettered, handed back (refused, or the worker is stopping), or
// left to time out (the worker died).
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg) {
	var job Job
	if err := json.Unmarshal(msg.Data(), &job); err != nil || job.Schema != JobSchema || job.Key != job.resultKey() {
		w.logf("dropped a job that is not a %s job", JobSchema)
		msg.Term()
		return
	}
	if why := w.refusal(&job); why != "" {
		w.logf("refused %s of batch %s: %s", job.Name, job.Batch, why)
		w.notify(ctx, RefusedSubject, &job, Notice{Kind: NoticeRefused, Error: "worker " + w.opts.Name + " refused it: " + why})
		msg.NakWithDelay(2 * time.Second) // for a worker that can take it
		return
	}
	if !job.Force {
		if _, err := w.st.results.GetInfo(ctx, job.Key); err == nil {
			w.logf("%s of batch %s was graded already", job.Name, job.Batch)
			w.done(ctx, msg, &job)
			return
		}
	}
	a, err := w.st.updateAttempt(ctx, job.Key, func(a *attempt) { a.Starts++ })
	if err != nil {
		msg.Nak()
		return
	}
	if a.Starts > MaxAttempts {
		why := a.LastError
		if why == "" {
			why = "the worker grading it stopped without a result (killed, or out of memory)"
		}
		w.dead(ctx, msg, &job, a.Starts-1, why)
		return
	}
	sub, err := w.submission(ctx, job.SHA256)
	switch {
	case errors.Is(err, jetstream.ErrObjectNotFound), errors.Is(err, errCorrupt):
		// Grading it again cannot help.
		w.dead(ctx, msg, &job, a.Starts, err.Error()+"; run the batch again to store it again")
		return
	case err != nil:
		// The queue's trouble (a server restarting), not the grader's:
		// it goes back, and this start does not count.
		w.logf("could not fetch %s of batch %s: %v; it goes back to the queue", job.Name, job.Batch, err)
		w.uncount(job.Key)
		msg.NakWithDelay(time.Second)
		return
	}
	w.logf("grading %s of batch %s (%s, attempt %d)", job.Name, job.Batch, job.Exercise, a.Starts)

	// Progress while it grades, so that the server does not redeliver it.
	gctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(w.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-gctx.Done():
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	})
	cfg := grader.Config{
		Exercise: job.Exercise, Submission: job.Submission, Suites: job.Suites, Seed: job.Seed,
		Candidate: job.Name, Limits: job.Limits,
	}
	card, gerr := w.grade(gctx, cfg, sub)
	stop()
	wg.Wait()

	var input *grader.InputError
	switch {
	case ctx.Err() != nil:
		// Stopping: hand the job back, and this start does not count.
		w.uncount(job.Key)
		msg.Nak()
		return
	case gerr == nil:
		w.put(ctx, msg, &job, &Outcome{Schema: OutcomeSchema, Key: job.Key, Card: card, Worker: w.opts.Name})
	case errors.As(gerr, &input):
		w.put(ctx, msg, &job, &Outcome{Schema: OutcomeSchema, Key: job.Key, Refused: gerr.Error(), Worker: w.opts.Name})
	default:
		w.failed(ctx, msg, &job, a, gerr)
	}
}

// uncountWait bounds how long a worker tries to take a start back.
const uncountWait = 15 * time.Second

// uncount takes back a start of the job key's grading that does not
// count (the queue's trouble, or the worker stopping). It does not give
// up at the first error: a start left counted because the server was
// restarting could send a job the grader never failed on to the
// dead-letter subject. It gives up after uncountWait, even when the
// worker is stopping.
func (w *Worker) uncount(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), uncountWait)
	defer cancel()
	retry(ctx, tryTimeout, nil, func(ctx context.Context) error {
		_, err := w.st.updateAttempt(ctx, key, func(a *attempt) { a.Starts-- })
		return err
	})
}

// grade grades, turning a panic of the grader into an error.
func (w *Worker) grade(ctx context.Context, cfg grader.Config, sub *intake.Submission) (card *scorecard.Scorecard, err error) {
	defer func() {
		if r := recover(); r != nil {
			card, err = nil, fmt.Errorf("the grader panicked: %v", r)
		}
	}()
	return w.opts.Grade(ctx, cfg, sub)
}

// submission fetches a submission from the store.
func (w *Worker) submission(ctx context.Context, sha string) (*intake.Submission, error) {
	data, err := w.st.submissions.GetBytes(ctx, sha)
	if err != nil {
		return nil, fmt.Errorf("fetching the submission %.12s: %w", sha, err)
	}
	var s Submission
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("reading the submission %.12s: %w: %v", sha, errCorrupt, err)
	}
	sub, err := s.intake()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return sub, nil
}

// errCorrupt is a stored submission that is not what its name says.
var errCorrupt = errors.New("the stored submission is corrupt")

// put stores an outcome, then acknowledges the job and tells the batch.
func (w *Worker) put(ctx context.Context, msg jetstream.Msg, job *Job, o *Outcome) {
	data, err := json.Marshal(o)
	if err == nil {
		_, err = w.st.results.PutBytes(ctx, job.Key, data)
	}
	if err != nil {
		w.logf("could not store the result of %s: %v; it goes back to the queue", job.Name, err)
		w.uncount(job.Key)
		msg.Nak()
		return
	}
	if o.Card != nil {
		w.logf("graded %s of batch %s: %.1f", job.Name, job.Batch, o.Card.Score)
	} else {
		w.logf("%s of batch %s is refused as bad input", job.Name, job.Batch)
	}
	w.done(ctx, msg, job)
}

// done acknowledges a job whose outcome is stored, and tells the batch.
func (w *Worker) done(ctx context.Context, msg jetstream.Msg, job *Job) {
	// Acknowledged once the server has it; if the ack is lost the job
	// comes back and finds its result.
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	msg.DoubleAck(actx)
	w.notify(ctx, DoneSubject, job, Notice{Kind: NoticeDone})
}

// failed records a grader error on job: it goes back to the queue, or to
// the dead-letter subject after MaxAttempts.
func (w *Worker) failed(ctx context.Context, msg jetstream.Msg, job *Job, a attempt, err error) {
	w.st.updateAttempt(ctx, job.Key, func(a *attempt) { a.LastError = err.Error() })
	if a.Starts >= MaxAttempts {
		w.dead(ctx, msg, job, a.Starts, err.Error())
		return
	}
	w.logf("the grader failed on %s of batch %s (attempt %d of %d): %v; it goes back to the queue", job.Name, job.Batch, a.Starts, MaxAttempts, err)
	msg.NakWithDelay(time.Second)
}

// dead sends job to the dead-letter subject with why, and removes it
// from the queue.
func (w *Worker) dead(ctx context.Context, msg jetstream.Msg, job *Job, attempts int, why string) {
	w.logf("%s of batch %s goes to %s.%s after %d attempts: %s", job.Name, job.Batch, DeadSubject, job.Batch, attempts, why)
	if err := w.notify(ctx, DeadSubject, job, Notice{Kind: NoticeDead, Error: why, Attempts: attempts}); err != nil {
		msg.Nak()
		return
	}
	msg.Term()
}

// notify publishes a notice on subject.BATCH, stored in the outcomes
// stream.
func (w *Worker) notify(ctx context.Context, subject string, job *Job, n Notice) error {
	n.Schema, n.Worker, n.Key, n.Name = NoticeSchema, w.opts.Name, job.Key, job.Name
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	_, err = w.js.Publish(ctx, subject+"."+job.Batch, data)
	return err
}
