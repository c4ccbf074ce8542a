package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/queue"
)

type workerOptions struct {
	q       queueFlags
	name    string
	jobs    int
	ackWait time.Duration
	// version, when set, is the grader version the worker claims to be:
	// a hidden flag for the tests of refusals (a worker of another
	// version), documented in docs/deploy.md. Never set it in production.
	version string
}

func newWorkerCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &workerOptions{}
	cmd := &cobra.Command{
		Use:   "worker --queue URL",
		Short: "Grade the jobs of batches queued with 'grader batch --queue'",
		Long: `worker pulls jobs from the queue, one per free slot (--jobs), grades each in this
machine's sandbox, stores its scorecard, and only then acknowledges it. While a grading
runs the worker reports progress, so a long one is not given to another worker; a
worker that dies mid-grading loses nothing: the job goes to another worker once
--ack-wait has passed. A submission the grader fails on 3 times goes to the dead-letter
subject with its error, and its batch reports it.

A worker takes only jobs of its own grader version and catalog: it refuses others and
says why, and the batch shows the refusal; the job waits for a worker that can.

It runs until stopped (Ctrl-C, SIGTERM), handing the jobs in hand back to the queue.
Credentials come from a file or the environment, never the command line: --creds (a
NATS credentials file), --tls-cert/--tls-key/--tls-ca, or $GRADER_QUEUE_TOKEN.`,
		Example: `  grader worker --queue nats://queue.internal:4222
  grader worker --queue nats://queue.internal:4222 --jobs 4 --creds /etc/grader/worker.creds`,
		Args: exactArgs(0, "grader worker --queue URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWorker(cmd, s, g, opts)
		},
	}
	opts.q.add(cmd, false)
	f := cmd.Flags()
	f.StringVar(&opts.name, "name", "", "the worker's name in logs and notices (default HOST-PID)")
	f.IntVar(&opts.jobs, "jobs", 2, "how many jobs are graded at once, 1 to 64 (their programs share one pool of a process per core)")
	f.DurationVar(&opts.ackWait, "ack-wait", queue.DefaultAckWait, "how long a job waits for progress from its worker before another worker gets it, 3s to 1h (the same for every worker)")
	f.StringVar(&opts.version, "claim-version", "", "for tests only: claim this grader version")
	f.MarkHidden("claim-version")
	return cmd
}

func runWorker(cmd *cobra.Command, s Streams, g *globalOptions, opts *workerOptions) error {
	if opts.q.url == "" {
		return usagef("--queue is required: the URL of 'grader queue serve' or of a NATS cluster, such as --queue nats://127.0.0.1:4222")
	}
	if err := checkJobs(opts.jobs); err != nil {
		return err
	}
	if opts.ackWait < 3*time.Second || opts.ackWait > time.Hour {
		return usagef("--ack-wait %s: use 3s to 1h", opts.ackWait)
	}
	if opts.name == "" {
		host, _ := os.Hostname()
		opts.name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	co, err := opts.q.options(s, "grader worker "+opts.name)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	co.Retry = true
	nc, err := queue.Connect(co)
	if err != nil {
		return connectError(err)
	}
	defer nc.Close()
	hashes := map[string]string{}
	for _, ex := range cat.List() {
		hashes[ex.Slug] = ex.Hash()
	}
	version := grader.Version
	if opts.version != "" {
		version = opts.version
	}
	w, err := queue.NewWorker(cmd.Context(), nc, queue.WorkerOptions{
		Name: opts.name, Grade: e.GradeSubmission, Version: version, Slots: opts.jobs, AckWait: opts.ackWait, Log: s.Err,
		ExerciseHash: func(slug string) (string, bool) { h, ok := hashes[slug]; return h, ok },
	})
	if err != nil {
		if cmd.Context().Err() != nil {
			return nil
		}
		return err
	}
	fmt.Fprintf(s.Err, "worker %s: grader %s, %d slot(s), pulling from %s\n", opts.name, version, opts.jobs, opts.q.url)
	return w.Run(cmd.Context())
}
