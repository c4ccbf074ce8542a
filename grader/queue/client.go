package queue

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

// ClientOptions are a batch's side of the queue.
type ClientOptions struct {
	// Batch is the batch's id (see [BatchID]).
	Batch string
	// ExerciseHash is the catalog's hash of the batch's exercise, and
	// Version the batch's grader version ("" means grader.Version): a
	// worker that differs in either refuses its jobs.
	ExerciseHash, Version string
	// Force grades every job again, even one whose result exists (a
	// regrade).
	Force bool
	// Refused is called (from one goroutine at a time) with each refusal
	// of a worker, so the batch can say why a job waits.
	Refused func(Notice)
	// Poll is how often a waiting job's result is looked up in the
	// results store, besides the notices (default 5s): a notice missed
	// while the server restarted costs at most that.
	Poll time.Duration
}

// Client queues a batch's gradings and waits for their results. Its
// [Client.Grade] is a batch's grade function.
type Client struct {
	js   jetstream.JetStream
	st   *Stores
	opts ClientOptions
	run  string // this run's id: its jobs' message ids start with it

	mu      sync.Mutex
	waiters map[string][]chan Notice // by key

	stop context.CancelFunc
	done chan struct{}
}

// NewClient sets the queue up (see [Setup]) and starts following the
// batch's notices. Close stops it.
func NewClient(ctx context.Context, nc *nats.Conn, opts ClientOptions) (*Client, error) {
	if opts.Version == "" {
		opts.Version = grader.Version
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	st, err := Setup(ctx, js)
	if err != nil {
		return nil, err
	}
	// Only notices from now on: an earlier run's dead letters are not
	// this run's (it tries those jobs again).
	cons, err := js.OrderedConsumer(ctx, OutcomesStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{DoneSubject + "." + opts.Batch, DeadSubject + "." + opts.Batch, RefusedSubject + "." + opts.Batch},
		DeliverPolicy:  jetstream.DeliverNewPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("following the batch's outcomes: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return nil, fmt.Errorf("following the batch's outcomes: %w", err)
	}
	c := &Client{js: js, st: st, opts: opts, run: rand.Text(), waiters: map[string][]chan Notice{}, done: make(chan struct{})}
	var lctx context.Context
	lctx, c.stop = context.WithCancel(context.Background())
	go c.follow(lctx, it)
	return c, nil
}

// Close stops following the notices.
func (c *Client) Close() {
	c.stop()
	<-c.done
}

// follow hands each notice to the jobs waiting for it.
func (c *Client) follow(ctx context.Context, it jetstream.MessagesContext) {
	defer close(c.done)
	go func() {
		<-ctx.Done()
		it.Stop()
	}()
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return
			}
			continue // a missed heartbeat while the server restarts: the ordered consumer resets itself
		}
		var n Notice
		if json.Unmarshal(msg.Data(), &n) != nil || n.Schema != NoticeSchema {
			continue
		}
		if n.Kind == NoticeRefused {
			if c.opts.Refused != nil {
				c.opts.Refused(n)
			}
			continue
		}
		c.mu.Lock()
		for _, ch := range c.waiters[n.Key] {
			select {
			case ch <- n:
			default:
			}
		}
		c.mu.Unlock()
	}
}

func (c *Client) wait(key string) (<-chan Notice, func()) {
	ch := make(chan Notice, 1)
	c.mu.Lock()
	c.waiters[key] = append(c.waiters[key], ch)
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		ws := c.waiters[key]
		for i, w := range ws {
			if w == ch {
				c.waiters[key] = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
		if len(c.waiters[key]) == 0 {
			delete(c.waiters, key)
		}
	}
}

// Grade has a worker grade sub (see the package doc) and returns its
// scorecard, labelled with cfg's candidate and submission, its pass mark
// that of cfg.Threshold. A submission a worker refused as bad input is a
// [grader.InputError]; one dead-lettered is an error with the grader's
// last message. It is a batch's [batch.GradeFunc]. A server that does
// not answer (restarting) is waited for at every step, not an error of
// the submission. When ctx ends first, the job stays queued: the batch's
// next run finds its result.
func (c *Client) Grade(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error) {
	job := &Job{
		Schema: JobSchema, Batch: c.opts.Batch, Name: cfg.Candidate, Submission: cfg.Submission,
		Exercise: cfg.Exercise, ExerciseHash: c.opts.ExerciseHash, GraderVersion: c.opts.Version,
		Suites: cfg.Suites, Seed: cfg.Seed, Limits: cfg.Limits, SHA256: sub.SHA256, Force: c.opts.Force,
	}
	job.Key = job.resultKey()
	if !c.opts.Force {
		if o, err := c.result(ctx, job.Key, time.Time{}); err == nil {
			return label(o, cfg)
		}
	}
	notices, done := c.wait(job.Key)
	defer done()
	// Each step of queueing waits out a server that does not answer
	// (restarting): each is idempotent, and the job's message id makes
	// a publish repeated within the duplicate window one job.
	if err := c.putSubmission(ctx, sub); err != nil {
		return nil, err
	}
	// A job an earlier run had dead-lettered gets its attempts again.
	if err := retry(ctx, tryTimeout, nil, func(ctx context.Context) error {
		if err := c.st.attempts.Delete(ctx, job.Key); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
			return err
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("queueing %s: %w", cfg.Candidate, err)
	}
	data, err := json.Marshal(job)
	if err != nil {
		return nil, err
	}
	// One job per key in a run (two candidates with the same files share
	// it); a later run queues again what an earlier one dead-lettered.
	msgID := c.run + "." + job.Key
	if c.opts.Force {
		msgID += "." + rand.Text() // a regrade is a new job
	}
	if err := retry(ctx, tryTimeout, nil, func(ctx context.Context) error {
		_, err := c.js.Publish(ctx, JobsSubject+"."+c.opts.Batch, data, jetstream.WithMsgID(msgID))
		return err
	}); err != nil {
		return nil, fmt.Errorf("queueing %s: %w", cfg.Candidate, err)
	}
	since := time.Now()
	tick := time.NewTicker(c.opts.Poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case n := <-notices:
			if n.Kind == NoticeDead {
				return nil, fmt.Errorf("the grader failed on it %d times (dead-lettered on %s.%s): %s", n.Attempts, DeadSubject, c.opts.Batch, n.Error)
			}
			o, err := c.result(ctx, job.Key, time.Time{})
			if err != nil && unreachable(err) && ctx.Err() == nil {
				// The server went down after the notice: the result
				// is stored, and the next poll reads it.
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("reading the result of %s: %w", cfg.Candidate, err)
			}
			return label(o, cfg)
		case <-tick.C:
			// A regrade's job must be newer than the result it finds.
			var after time.Time
			if c.opts.Force {
				after = since
			}
			if o, err := c.result(ctx, job.Key, after); err == nil {
				return label(o, cfg)
			}
		}
	}
}

// result reads the outcome stored under key, when it was stored after
// after (any time when after is zero), with each request bounded by
// tryTimeout: a request the server took just before it went down is
// never answered, and the poll must not wait for it.
func (c *Client) result(ctx context.Context, key string, after time.Time) (*Outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, tryTimeout)
	defer cancel()
	if !after.IsZero() {
		info, err := c.st.results.GetInfo(ctx, key)
		if err != nil {
			return nil, err
		}
		if !info.ModTime.After(after) {
			return nil, jetstream.ErrObjectNotFound // only an older result
		}
	}
	return c.st.outcome(ctx, key)
}

// label returns o's scorecard for the submission cfg names, or its
// refusal as an input error.
func label(o *Outcome, cfg grader.Config) (*scorecard.Scorecard, error) {
	if o.Card == nil {
		return nil, &grader.InputError{Err: errors.New(o.Refused)}
	}
	card := o.Card
	card.Candidate, card.Submission = cfg.Candidate, cfg.Submission
	card.Tally(cfg.Threshold)
	return card, nil
}

// putSubmission stores sub under its hash, unless it is there, waiting
// out a server that does not answer.
func (c *Client) putSubmission(ctx context.Context, sub *intake.Submission) error {
	if retry(ctx, tryTimeout, nil, func(ctx context.Context) error {
		_, err := c.st.submissions.GetInfo(ctx, sub.SHA256)
		return err
	}) == nil {
		return nil
	}
	data, err := json.Marshal(submissionOf(sub))
	if err != nil {
		return err
	}
	if err := retry(ctx, putTimeout, nil, func(ctx context.Context) error {
		_, err := c.st.submissions.PutBytes(ctx, sub.SHA256, data)
		return err
	}); err != nil {
		return fmt.Errorf("storing the submission %s: %w", sub.SHA256[:12], err)
	}
	return nil
}
