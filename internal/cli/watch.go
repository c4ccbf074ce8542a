package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/watch"
)

type watchOptions struct {
	slug, dir string
	format    string
	view      string
	record    string
	suites    []string
	seed      int64
	candidate string
	debounce  time.Duration
	given     func(flag string) bool
}

func newWatchCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch SLUG DIR",
		Short: "Grade a folder again on every save, for live coding",
		Long: `watch grades the submission folder DIR, then grades it again each time a save
changes its package: on a terminal, a full screen shows each suite as it finishes
(correctness first, then race, leak and latency), the score and the failures; else,
a line per step. A save during a grading stops it and starts the next; a save that
leaves the package's files as they were is not graded again. Editors' swap, backup
and lock files, hidden folders (.git, .idea) and node_modules are never a save.
Every grading of a session uses one seed (--seed, or one drawn at the start).

Press q to quit. Ctrl-C, SIGTERM and a closed terminal stop the grading in
progress and remove its processes, cgroups and scratch files.

With --format json, stdout holds one scorecard per finished grading, one JSON
object a line, and the steps go to stderr. --record appends every finished
grading to a session file that 'grader report FILE.jsonl' draws as a timeline.

Exit codes: 0 quit with q; 2 bad usage or input; 3 the grader failed; 128+N
stopped by signal N (130 for Ctrl-C, 143 for SIGTERM, 129 for a closed terminal).`,
		Example: `  grader watch ratelimiter ./work
  grader watch ratelimiter ./work --suites correctness,race    # faster while live coding
  grader watch ratelimiter ./work --view candidate             # safe to share the screen
  grader watch ratelimiter ./work --record session.jsonl; grader report session.jsonl
  grader watch ratelimiter ./work --format json | jq -c '{score, passed}'`,
		Args:              exactArgs(2, "grader watch SLUG DIR"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveFilterDirs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slug, opts.dir = args[0], args[1]
			opts.given = cmd.Flags().Changed
			return runWatch(cmd.Context(), s, g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "text", "text (a screen on a terminal, else lines) or json (a scorecard per grading, one a line)")
	f.StringVar(&opts.view, "view", scorecard.ViewInterviewer, "whose screen: interviewer (all of it) or candidate (no hidden inputs, expected values or failure details)")
	f.StringVar(&opts.record, "record", "", "append every finished grading to this session file (JSON lines), for 'grader report'")
	f.StringSliceVar(&opts.suites, "suites", nil, "grade only these suites (comma-separated): correctness, race, leak, latency")
	f.Int64Var(&opts.seed, "seed", 0, "the seed of every grading of the session (default: one drawn at the start)")
	f.StringVar(&opts.candidate, "candidate", "", "a label for who is graded, recorded in the scorecards")
	f.DurationVar(&opts.debounce, "debounce", watch.DefaultQuiet, "how long a folder must stay unchanged before it is graded, 10ms to 10s")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions("text", "json"))
	cmd.RegisterFlagCompletionFunc("view", fixedCompletions(scorecard.Views...))
	cmd.RegisterFlagCompletionFunc("suites", completeSuites)
	return cmd
}

// checkWatchFlags checks every flag of a watch before anything is graded.
func checkWatchFlags(opts *watchOptions) error {
	given := opts.given
	if given == nil {
		given = func(string) bool { return false }
	}
	if opts.format != "text" && opts.format != "json" {
		return usagef("--format %q: use text or json", opts.format)
	}
	if !slices.Contains(scorecard.Views, opts.view) {
		return usagef("--view %q: use %s", opts.view, strings.Join(scorecard.Views, " or "))
	}
	if given("suites") {
		if len(opts.suites) == 0 {
			return usagef("--suites is empty: name one or more of %s (default: all)", strings.Join(scorecard.SuiteNames, ", "))
		}
		for _, n := range opts.suites {
			if !slices.Contains(scorecard.SuiteNames, n) {
				return usagef("unknown suite %q; the suites are %s", n, strings.Join(scorecard.SuiteNames, ", "))
			}
		}
	}
	if opts.debounce < 10*time.Millisecond || opts.debounce > 10*time.Second {
		return usagef("--debounce %s: use 10ms to 10s", opts.debounce)
	}
	fi, err := os.Stat(opts.dir)
	switch {
	case err != nil:
		return usagef("%s: %v; watch a folder that holds the package (grader init SLUG DIR makes one)", opts.dir, errors.Unwrap(err))
	case !fi.IsDir():
		return usagef("%s is not a folder: watch grades a folder as it is saved; grade an archive with 'grader grade'", opts.dir)
	}
	if opts.record != "" {
		if err := checkOut(opts.record); err != nil {
			return usagef("--record: %s", strings.TrimPrefix(err.Error(), "--out "))
		}
	}
	return nil
}

func runWatch(ctx context.Context, s Streams, g *globalOptions, opts *watchOptions) error {
	if err := checkWatchFlags(opts); err != nil {
		return err
	}
	// An unknown slug is bad usage, said before the screen opens.
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	if _, err := cat.Get(opts.slug); err != nil {
		return err
	}
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(opts.dir)
	if err != nil {
		return err
	}
	// One seed for the whole session, so that two gradings of the same
	// code are the same grading.
	seed := opts.seed
	if seed == 0 {
		seed = rand.Int64N(1<<31) + 1
	}
	cfg := grader.Config{Exercise: opts.slug, Submission: opts.dir, Suites: opts.suites, Seed: seed, Candidate: opts.candidate}
	out := newWatchOutput(s, opts, dir)
	out.session = time.Now()
	wo := watch.Options{
		Dir:   dir,
		Quiet: opts.debounce,
		Grade: func(ctx context.Context, sub *intake.Submission, h grader.Handler) (*scorecard.Scorecard, error) {
			c := cfg
			c.Handler = h
			return e.GradeSubmission(ctx, c, sub)
		},
		Report: out.report,
	}
	if opts.record != "" {
		wo.Exclude = []string{opts.record}
	}
	if s.OutTTY && opts.format == "text" {
		return runWatchScreen(ctx, s, out, wo)
	}
	err = watch.Run(ctx, wo)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // stopped: Main says by what
	}
	return err
}

// watchOutput turns a watch's updates into its outputs: the screen or
// lines, the JSON scorecards, the session record.
type watchOutput struct {
	s       Streams
	opts    *watchOptions
	dir     string
	session time.Time
	lines   watch.Lines
	screen  func(watch.Update) // set when a screen shows the updates

	mu      sync.Mutex
	started map[int]time.Time // when each grading started, for the record
	warned  map[string]bool
}

func newWatchOutput(s Streams, opts *watchOptions, dir string) *watchOutput {
	return &watchOutput{s: s, opts: opts, dir: dir, started: map[int]time.Time{}, warned: map[string]bool{}}
}

// report receives every update of the watch, one at a time.
func (o *watchOutput) report(u watch.Update) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if u.Kind == watch.Started {
		o.started[u.Run] = u.Time
	}
	if u.Kind == watch.Graded && o.opts.record != "" {
		rec := watch.NewRecord(o.session, u.Run, o.started[u.Run], u.Card)
		if err := watch.AppendRecord(o.opts.record, rec); err != nil {
			u2 := watch.Update{Kind: watch.Failed, Time: u.Time, Err: fmt.Errorf("recording grading #%d in %s: %w", u.Run, o.opts.record, err)}
			defer o.show(u2)
		}
	}
	if u.Kind == watch.Graded || u.Kind == watch.Failed || u.Kind == watch.Canceled {
		delete(o.started, u.Run)
	}
	if o.opts.view == scorecard.ViewCandidate {
		u = candidateUpdate(u)
	}
	o.show(u)
}

func (o *watchOutput) show(u watch.Update) {
	if u.Kind == watch.Graded && o.screen == nil { // the screen shows them itself
		for _, w := range u.Card.Warnings {
			if !o.warned[w] {
				o.warned[w] = true
				fmt.Fprintln(o.s.Err, "grader: warning:", w)
			}
		}
	}
	switch {
	case o.screen != nil:
		o.screen(u)
	case o.opts.format == "json":
		if u.Kind == watch.Graded {
			line, err := json.Marshal(u.Card)
			if err == nil {
				fmt.Fprintf(o.s.Out, "%s\n", line)
			}
		}
		writeLines(o.s.Err, o.lines.Apply(u))
	default:
		writeLines(o.s.Out, o.lines.Apply(u))
	}
}

func writeLines(w io.Writer, lines []string) {
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// candidateUpdate is u as a candidate may see it: no test's failure
// message (it can spell out a hidden scenario), the compiler's and the
// policy's messages about the candidate's own files only, and the
// scorecard in the candidate view.
func candidateUpdate(u watch.Update) watch.Update {
	switch u.Event.Kind {
	case grader.KindPolicy, grader.KindAPI, grader.KindBuild:
		// As scorecard.CandidateView keeps a build's output: the hidden
		// spec's files are the only test files a grading builds.
		var keep []string
		for _, l := range strings.Split(u.Event.Message, "\n") {
			if !strings.Contains(l, "_test.go") {
				keep = append(keep, l)
			}
		}
		u.Event.Message = strings.Join(keep, "\n")
	default:
		u.Event.Message = ""
	}
	if u.Card != nil {
		u.Card = scorecard.CandidateView(u.Card)
	}
	return u
}
