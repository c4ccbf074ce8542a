package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/queue"
	"github.com/hiringtools/grader/grader/sandbox"
)

type batchOptions struct {
	slug, dir, out string
	suites         []string
	failUnder      float64
	seed           int64
	jobs           int
	regrade, apply bool
	against        []string
	memoryMB       int64
	timeout        time.Duration
	pids           int
	outputKB       int64
	progress       string
	shard          string // --shard I/N
	q              queueFlags
	given          func(flag string) bool
}

func newBatchCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch SLUG DIR --out RESULTS",
		Short: "Grade every submission in a folder, with a summary; run again to resume",
		Long: `batch grades every entry of DIR as one submission named after the entry: a folder,
a git repository, a .zip, a .tar.gz or a git .bundle (ada.zip is "ada"); entries whose
names start with a dot are skipped. A submission that cannot be graded (a refused
archive, a grader error) is recorded for it and never stops the others.

RESULTS gets NAME.json (each scorecard, written atomically), errors/NAME.json (why a
submission has none), src/NAME/ (the package files graded), summary.csv and summary.md;
the summary is printed as a table on stdout.

Similarity is advisory: evidence for a person to judge, not a verdict. The graded
submissions are compared with each other (and with earlier rounds, --against), the
exercise's stub and public tests and what most of them share left out; the pairs alike
beyond chance are flagged "similar (advisory)" in the summaries and listed under the
table. similarity.csv has every pair (similarity, longest shared fragment in lines),
similarity.json their matching regions for 'grader report RESULTS --format html'.

Run it again and it grades only what is missing or changed (the package files' hash,
the grader version, the suites), so a stopped batch is finished by running it again.
--regrade grades everything again and shows who moved and by how much; nothing is
replaced until you run it with --regrade --apply, which reuses that regrade's gradings.

Exit codes: 0 every submission graded; 1 one graded below --fail-under (or not built,
with --fail-under); 2 bad usage, or a submission was refused; 3 the grader failed on
one; 128+N stopped by signal N (130 for Ctrl-C, 143 for SIGTERM): the finished
scorecards stay, and the next run resumes. The highest applicable code wins.

--queue grades on the workers of a queue ('grader queue serve', 'grader worker')
instead of on this machine: the same results folder, summaries and exit codes. A
submission the grader failed on 3 times is reported as a grader error; a worker of
another grader version or catalog refuses the jobs, and the batch prints why. --jobs
does not apply: every submission is queued at once, and the workers' slots bound the
gradings. See docs/deploy.md.
--shard I/N grades only every Nth submission from the Ith (1 to N), for a scheduler
that runs N copies, each into its own results folder; 'grader merge' joins them.`,
		Example: `  grader batch ratelimiter ./submissions --out ./results
  grader batch ratelimiter ./submissions --out ./results --fail-under 70 --jobs 3
  grader batch ratelimiter ./submissions --out ./results --suites correctness,race
  grader batch ratelimiter ./submissions --out ./results --against ./spring-results
  grader batch ratelimiter ./submissions --out ./results --regrade           # who moved?
  grader batch ratelimiter ./submissions --out ./results --regrade --apply   # replace
  grader batch ratelimiter ./submissions --out ./results --queue nats://queue:4222  # on workers
  grader batch ratelimiter ./submissions --out ./results-2 --shard 2/4   # a quarter; see 'grader merge'`,
		Args:              exactArgs(2, "grader batch SLUG DIR --out RESULTS"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveFilterDirs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slug, opts.dir = args[0], args[1]
			opts.given = cmd.Flags().Changed
			return runBatch(cmd, s, g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "the results folder (created if missing; required)")
	f.IntVar(&opts.jobs, "jobs", 2, "how many submissions are graded at once, 1 to 64 (their programs share one pool of a process per core)")
	f.BoolVar(&opts.regrade, "regrade", false, "grade every submission again and show who moved; replaces nothing without --apply")
	f.BoolVar(&opts.apply, "apply", false, "with --regrade: replace the results with the regrade's")
	f.StringSliceVar(&opts.against, "against", nil, "also compare for similarity (advisory) with an earlier round: its results folder or folder of submissions (repeatable)")
	f.StringSliceVar(&opts.suites, "suites", nil, "grade only these suites (comma-separated): correctness, race, leak, latency")
	f.Float64Var(&opts.failUnder, "fail-under", 0, "exit with status 1 when any score (0 to 100) is below this")
	f.Int64Var(&opts.seed, "seed", 0, "the seed for randomised specs (default random per grading; scorecards record it)")
	f.Int64Var(&opts.memoryMB, "memory-mb", 0, fmt.Sprintf("memory limit of each test process in MiB, %d to %d (default %d)", limitRanges["memory-mb"].min, limitRanges["memory-mb"].max, grader.DefaultLimits.MemoryBytes>>20))
	f.DurationVar(&opts.timeout, "timeout", 0, "wall-time limit of each test process, 1s to 24h (default: the exercise's suite timeouts)")
	f.IntVar(&opts.pids, "pids", 0, fmt.Sprintf("process and thread limit of each test process, %d to %d (default %d)", limitRanges["pids"].min, limitRanges["pids"].max, grader.DefaultLimits.Pids))
	f.Int64Var(&opts.outputKB, "output-kb", 0, fmt.Sprintf("output limit of each test process in KiB, %d to %d (default %d)", limitRanges["output-kb"].min, limitRanges["output-kb"].max, grader.DefaultLimits.OutputBytes>>10))
	f.StringVar(&opts.progress, "progress", "auto", "progress on stderr: auto (bars on a terminal, else plain lines), plain or none")
	f.StringVar(&opts.shard, "shard", "", "grade only share I of N (1 to N) of the submissions, such as 2/4; join the shares' results with 'grader merge'")
	opts.q.add(cmd, true)
	cmd.MarkFlagDirname("out")
	cmd.RegisterFlagCompletionFunc("progress", fixedCompletions("auto", "plain", "none"))
	cmd.RegisterFlagCompletionFunc("suites", completeSuites)
	return cmd
}

// checkBatchFlags checks every flag of a batch before anything is read.
func checkBatchFlags(opts *batchOptions) error {
	// The flags a batch shares with grade are checked as grade checks them.
	if err := checkGradeFlags(&gradeOptions{
		suites: opts.suites, failUnder: opts.failUnder, memoryMB: opts.memoryMB, timeout: opts.timeout,
		pids: opts.pids, outputKB: opts.outputKB, progress: "auto", given: opts.given,
	}); err != nil {
		return err
	}
	switch opts.progress {
	case "auto", "plain", "none":
	default:
		return usagef("--progress %q: use auto, plain or none", opts.progress)
	}
	if err := checkJobs(opts.jobs); err != nil {
		return err
	}
	if opts.apply && !opts.regrade {
		return usagef("--apply replaces the results with a regrade's; add --regrade")
	}
	if _, err := parseShard(opts.shard); err != nil {
		return err
	}
	if opts.q.url == "" && (opts.q.creds != "" || opts.q.cert != "" || opts.q.key != "" || opts.q.ca != "") {
		return usagef("--creds and --tls-* are the queue's credentials; add --queue URL, or leave them out to grade here")
	}
	if opts.out == "" {
		return usagef("--out is required: name the results folder, such as --out results")
	}
	if fi, err := os.Stat(opts.out); err == nil && !fi.IsDir() {
		return usagef("--out %s is a file; name a folder (it is created if missing)", opts.out)
	}
	if err := checkAgainst(opts.against, opts.dir, opts.out); err != nil {
		return err
	}
	fi, err := os.Stat(opts.dir)
	switch {
	case err != nil:
		return usagef("%v; DIR is a folder of submissions, one entry each", err)
	case !fi.IsDir():
		return usagef("%s is not a folder; DIR is a folder of submissions, one entry each (to grade one, use 'grader grade')", opts.dir)
	}
	// The results in DIR itself would be taken for submissions next time.
	if out, err := os.Stat(opts.out); err == nil && os.SameFile(out, fi) {
		return usagef("--out %s is the submissions folder; name another folder, such as %s", opts.out, filepath.Join(opts.dir, "results"))
	}
	return nil
}

func runBatch(cmd *cobra.Command, s Streams, g *globalOptions, opts *batchOptions) error {
	if err := checkBatchFlags(opts); err != nil {
		return err
	}
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	ex, err := cat.Get(opts.slug)
	if err != nil {
		return err
	}
	entries, err := batch.List(opts.dir, opts.out)
	if err != nil {
		return usagef("%v; DIR is a folder of submissions, one entry each", err)
	}
	shard, _ := parseShard(opts.shard)
	var grade batch.GradeFunc
	jobs := opts.jobs
	if opts.q.url != "" {
		// The workers grade: this machine only queues and collects.
		co, err := opts.q.options(s, "grader batch "+opts.out)
		if err != nil {
			return err
		}
		nc, err := queue.Connect(co)
		if err != nil {
			return connectError(err)
		}
		defer nc.Close()
		var refusals sync.Map
		client, err := queue.NewClient(cmd.Context(), nc, queue.ClientOptions{
			Batch: queue.BatchID(opts.out), ExerciseHash: ex.Hash(), Force: opts.regrade,
			Refused: func(n queue.Notice) {
				// Once per worker and reason: a job is refused again by
				// the same worker until one that can takes it.
				if _, seen := refusals.LoadOrStore(n.Worker+"\x00"+n.Error, true); !seen {
					fmt.Fprintf(s.Err, "grader: %s: %s\n", n.Name, n.Error)
				}
			},
		})
		if err != nil {
			return err
		}
		defer client.Close()
		grade = client.Grade
		// Every submission waits on the queue at once; the workers'
		// slots bound the gradings.
		jobs = max(1, len(shard.Of(entries)))
	} else {
		e, _, err := g.engine(s)
		if err != nil {
			return err
		}
		grade = e.GradeSubmission
	}
	var prog batchProgress
	switch {
	case opts.progress == "none":
	case opts.progress == "auto" && s.ErrTTY:
		prog = newBarProgress(s.Err)
	default:
		prog = &lineProgress{w: s.Err}
	}
	bopts := batch.Options{
		Dir: opts.dir, Results: opts.out, Jobs: jobs, Regrade: opts.regrade, Apply: opts.apply,
		Grade: grade, Shard: shard,
		Config: grader.Config{
			Exercise: opts.slug, Suites: opts.suites, Seed: opts.seed, Threshold: opts.failUnder,
			Limits: sandbox.Limits{MemoryBytes: opts.memoryMB << 20, WallTime: opts.timeout, Pids: opts.pids, OutputBytes: opts.outputKB << 10},
		},
	}
	if prog != nil {
		bopts.Progress = prog
	}
	rep, err := batch.Run(cmd.Context(), bopts)
	if prog != nil {
		prog.Close()
	}
	if err != nil {
		if cmd.Context().Err() != nil {
			fmt.Fprintf(s.Err, "grader: batch stopped; the finished scorecards are in %s, and running the same command again grades the rest\n", opts.out)
			return err
		}
		if errors.Is(err, batch.ErrOtherExercise) {
			return usageError{err}
		}
		return err
	}

	if len(rep.Removed) > 0 {
		fmt.Fprintf(s.Err, "grader: no longer in %s: %s; their results are moved to %s, out of the summaries and reports\n",
			opts.dir, strings.Join(rep.Removed, ", "), filepath.Join(opts.out, "removed"))
	}
	sum := batch.Summarize(opts.slug, opts.failUnder, rep.Results)
	// Checks of the batch as a whole (similarity) flag its rows here,
	// with sum.Flag, before the summaries are written.
	var out bytes.Buffer
	if opts.regrade {
		if err := batch.WriteMoves(&out, rep.Moves); err != nil {
			return err
		}
		if !opts.apply {
			out.WriteTo(s.Out)
			fmt.Fprintf(s.Err, "grader: nothing was replaced; the regrade waits in %s: run the same command with --apply to replace the results with it\n",
				filepath.Join(opts.out, ".regrade"))
			return batchExit(s, sum.Counts(), opts)
		}
		out.WriteString("\n")
	}
	simil, err := batchSimilarity(cmd.Context(), ex, opts.out, opts.against, rep.Results, sum, s.Err)
	if err != nil {
		return err
	}
	if err := batch.WriteSummaries(opts.out, sum); err != nil {
		return err
	}
	if err := sum.WriteText(&out); err != nil {
		return err
	}
	if err := writeSimilarity(&out, simil, opts.out); err != nil {
		return err
	}
	if _, err := out.WriteTo(s.Out); err != nil {
		return err
	}
	return batchExit(s, sum.Counts(), opts)
}

// batchExit says how the batch ended and picks its exit code: a grader
// failure over a refused submission over a score below --fail-under.
func batchExit(s Streams, c batch.Counts, opts *batchOptions) error {
	switch {
	case c.Errors > 0:
		fmt.Fprintf(s.Err, "grader: the grader failed on %d submission(s); see %s; running the same command again retries them\n",
			c.Errors, filepath.Join(opts.out, "errors"))
		return exitError{ExitGraderError}
	case c.Refused > 0:
		fmt.Fprintf(s.Err, "grader: %d submission(s) refused as bad input; see %s\n", c.Refused, filepath.Join(opts.out, "errors"))
		return exitError{ExitBadInput}
	case opts.failUnder > 0 && c.Below > 0:
		return exitError{ExitBelow}
	}
	return nil
}

// parseShard reads --shard I/N; "" is the whole batch.
func parseShard(v string) (batch.Shard, error) {
	if v == "" {
		return batch.Shard{}, nil
	}
	i, n, ok := strings.Cut(v, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 1 || index > count {
		return batch.Shard{}, usagef("--shard %q: use I/N with 1 <= I <= N, such as 2/4 (a Kubernetes Indexed Job passes $((JOB_COMPLETION_INDEX+1))/N)", v)
	}
	return batch.Shard{Index: index, Count: count}, nil
}
