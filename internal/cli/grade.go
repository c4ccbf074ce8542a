package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/internal/atomicfile"
)

type gradeOptions struct {
	slug, path string
	format     string
	out        string
	suites     []string
	failUnder  float64
	seed       int64
	verbose    bool
	memoryMB   int64
	timeout    time.Duration
	pids       int
	outputKB   int64
	progress   string
	rev        string // --rev: a commit of a git submission
	candidate  string // --candidate: a label for the scorecard
	view       string // --view: interviewer or candidate
	// given reports whether a flag was on the command line (so that a
	// given 0 is told apart from the default).
	given func(flag string) bool
}

func newGradeCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &gradeOptions{}
	cmd := &cobra.Command{
		Use:   "grade SLUG PATH",
		Short: "Grade a submission: a directory, .zip, .tar.gz, git repository or bundle",
		Long: `grade builds the submission at PATH with the exercise's hidden spec in a sandbox,
runs the correctness, race, leak and latency suites, and prints the scorecard.
Every flag is checked before anything is graded.

Exit codes: 0 graded; 1 graded below --fail-under; 2 bad usage or input;
3 the grader failed; 128+N stopped by signal N (130 for Ctrl-C, 143 for SIGTERM).`,
		Example: `  grader grade ratelimiter ./work
  grader grade ratelimiter ./sub.zip --out card.json      # JSON, from the extension
  grader grade ratelimiter ./sub --out card.html           # one self-contained page
  grader grade ratelimiter ./sub --suites correctness,race --fail-under 70
  grader grade ratelimiter ./sub --progress json 2>events.jsonl`,
		Args:              exactArgs(2, "grader grade SLUG PATH"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveDefault),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slug, opts.path = args[0], args[1]
			opts.given = cmd.Flags().Changed
			return runGrade(cmd, s, g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "", "scorecard format: "+strings.Join(report.Names(), ", ")+" (default: from --out's extension, else text)")
	f.StringVar(&opts.out, "out", "", "write the scorecard to this file instead of stdout (.json writes JSON, .md Markdown, .xml JUnit, .html HTML)")
	f.StringSliceVar(&opts.suites, "suites", nil, "grade only these suites (comma-separated): "+strings.Join(scorecard.SuiteNames, ", "))
	f.Float64Var(&opts.failUnder, "fail-under", 0, "exit with status 1 when the score (0 to 100) is below this")
	f.Int64Var(&opts.seed, "seed", 0, "the seed for randomised specs (default random; the scorecard records it)")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list passing tests too")
	f.Int64Var(&opts.memoryMB, "memory-mb", 0, fmt.Sprintf("memory limit of each test process in MiB, %d to %d (default %d)", limitRanges["memory-mb"].min, limitRanges["memory-mb"].max, grader.DefaultLimits.MemoryBytes>>20))
	f.DurationVar(&opts.timeout, "timeout", 0, "wall-time limit of each test process, 1s to 24h (default: the exercise's suite timeouts)")
	f.IntVar(&opts.pids, "pids", 0, fmt.Sprintf("process and thread limit of each test process, %d to %d (default %d)", limitRanges["pids"].min, limitRanges["pids"].max, grader.DefaultLimits.Pids))
	f.Int64Var(&opts.outputKB, "output-kb", 0, fmt.Sprintf("output limit of each test process in KiB, %d to %d (default %d)", limitRanges["output-kb"].min, limitRanges["output-kb"].max, grader.DefaultLimits.OutputBytes>>10))
	f.StringVar(&opts.rev, "rev", "", "grade this commit (id, branch or tag) of a git repository or bundle, instead of the working tree")
	f.StringVar(&opts.candidate, "candidate", "", "a label for who is graded (a name or an id), recorded in the scorecard")
	f.StringVar(&opts.progress, "progress", "auto", "progress on stderr: auto (a line on a terminal, else none), json (one event per line) or none")
	f.StringVar(&opts.view, "view", scorecard.ViewInterviewer, "whose scorecard: interviewer (all of it) or candidate (scores, test names and descriptions; no hidden inputs, expected values or failure details)")
	cmd.RegisterFlagCompletionFunc("view", fixedCompletions(scorecard.Views...))
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions(report.Names()...))
	cmd.RegisterFlagCompletionFunc("progress", fixedCompletions("auto", "json", "none"))
	cmd.RegisterFlagCompletionFunc("suites", completeSuites)
	return cmd
}

// limitRanges are the values the limit flags accept: below the minimum a
// Go test process cannot run at all, so its verdicts would blame the
// candidate for the grader's setting; the maximum keeps the unit
// conversion from overflowing.
var limitRanges = map[string]struct{ min, max int64 }{
	"memory-mb": {64, 1 << 20},
	"pids":      {16, 1 << 22},
	"output-kb": {16, 1 << 20},
}

// checkGradeFlags checks every flag of a grading before anything is
// graded, and settles the format from --out's extension.
func checkGradeFlags(opts *gradeOptions) error {
	given := opts.given
	if given == nil {
		given = func(string) bool { return false }
	}
	f, err := settleFormat(opts.format, opts.out)
	if err != nil {
		return err
	}
	opts.format = f.Name
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
	if math.IsNaN(opts.failUnder) || opts.failUnder < 0 || opts.failUnder > 100 {
		return usagef("--fail-under %g: use a score from 0 to 100", opts.failUnder)
	}
	for _, l := range []struct {
		name, unit string
		v          int64
	}{{"memory-mb", " MiB", opts.memoryMB}, {"pids", "", int64(opts.pids)}, {"output-kb", " KiB", opts.outputKB}} {
		r := limitRanges[l.name]
		if given(l.name) && (l.v < r.min || l.v > r.max) {
			return usagef("--%s %d: use %d to %d%s, or leave it out for the default", l.name, l.v, r.min, r.max, l.unit)
		}
	}
	if given("timeout") && (opts.timeout < time.Second || opts.timeout > 24*time.Hour) {
		return usagef("--timeout %s: use 1s to 24h, or leave it out for the exercise's suite timeouts", opts.timeout)
	}
	switch opts.progress {
	case "auto", "json", "none":
	default:
		return usagef("--progress %q: use auto, json or none", opts.progress)
	}
	if _, err := scorecard.View(scorecard.New("", ""), opts.view); err != nil {
		return usagef("--%v", err)
	}
	return nil
}

// checkOut checks, before grading, that the scorecard can be written to
// path: its folder exists and it is not a folder itself.
func checkOut(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("--out %s is a directory; name a file, such as %s", path, filepath.Join(path, "card.json"))
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("--out %s: the folder %s does not exist; create it first", path, dir)
	case err != nil:
		return usagef("--out %s: %v", path, err)
	case !fi.IsDir():
		return usagef("--out %s: %s is not a folder", path, dir)
	}
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return usagef("--out %s: the folder %s is not writable; choose another", path, dir)
	}
	return nil
}

func runGrade(cmd *cobra.Command, s Streams, g *globalOptions, opts *gradeOptions) error {
	if err := checkGradeFlags(opts); err != nil {
		return err
	}
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	cfg := grader.Config{
		Exercise: opts.slug, Submission: opts.path, Suites: opts.suites, Seed: opts.seed, Threshold: opts.failUnder,
		Rev: opts.rev, Candidate: opts.candidate,
		Limits: sandbox.Limits{MemoryBytes: opts.memoryMB << 20, WallTime: opts.timeout, Pids: opts.pids, OutputBytes: opts.outputKB << 10},
	}
	switch {
	case opts.progress == "json":
		cfg.Handler = &jsonProgress{w: s.Err, start: time.Now()}
	case opts.progress == "auto" && s.ErrTTY:
		cfg.Handler = &progress{w: s, start: time.Now()}
	}
	card, err := e.Grade(cmd.Context(), cfg)
	if p, ok := cfg.Handler.(*progress); ok {
		p.done()
	}
	if err != nil {
		return err
	}
	if w := kitMismatch(s, opts.slug, opts.path); w != "" {
		card.Warnings = append(card.Warnings, w)
	}
	for _, w := range card.Warnings {
		fmt.Fprintln(s.Err, "grader: warning:", w)
	}
	if card, err = scorecard.View(card, opts.view); err != nil {
		return err
	}
	var buf bytes.Buffer
	tty := s.OutTTY && opts.out == ""
	in := report.Single(card)
	if opts.format == "html" {
		in.Entries[0].Sources = gradedSources(cmd.Context(), opts, card)
	}
	if err := report.Render(&buf, opts.format, in, report.Options{Color: s.color(tty), Verbose: opts.verbose}); err != nil {
		return err
	}
	if opts.out != "" {
		if err := atomicfile.Write(opts.out, buf.Bytes(), 0o644); err != nil {
			// The grading is not lost: the scorecard goes to stdout.
			s.Out.Write(buf.Bytes())
			return fmt.Errorf("writing the scorecard to %s: %w; it is printed on stdout instead", opts.out, err)
		}
		fmt.Fprintf(s.Err, "grader: %s scored %.1f/100; scorecard written to %s\n", card.Exercise, card.Score, opts.out)
	} else if _, err := s.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	if opts.failUnder > 0 && !card.Passed {
		return exitError{ExitBelow}
	}
	return nil
}

// gradedSources reads the submission again for a report that shows the
// candidate's code, and returns its files only when they are the ones
// graded (their hash is the scorecard's); otherwise none, and the report
// goes without.
func gradedSources(ctx context.Context, opts *gradeOptions, card *scorecard.Scorecard) []report.Source {
	sub, err := intake.LoadRev(ctx, opts.path, opts.rev, intake.DefaultLimits())
	if err != nil || card.SHA256 == "" || sub.SHA256 != card.SHA256 {
		return nil
	}
	var out []report.Source
	for _, f := range sub.Files {
		out = append(out, report.Source{Name: f.Name, Text: string(f.Data)})
	}
	return out
}

// jsonProgress writes each event of a grading as one JSON line, for
// programs that follow a grading (and the tests that stop one mid-way).
type jsonProgress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
}

func (p *jsonProgress) Event(ev grader.Event) {
	var score, maxScore *float64
	if ev.Max > 0 && ev.Status != grader.StatusStart { // a suite's end, done
		score, maxScore = &ev.Score, &ev.Max
	}
	line, _ := json.Marshal(struct {
		TimeMS  int64              `json:"time_ms"`
		Kind    grader.EventKind   `json:"kind"`
		Suite   string             `json:"suite,omitempty"`
		Test    string             `json:"test,omitempty"`
		Status  grader.EventStatus `json:"status,omitempty"`
		Message string             `json:"message,omitempty"`
		Score   *float64           `json:"score,omitempty"`
		Max     *float64           `json:"max,omitempty"`
	}{time.Since(p.start).Milliseconds(), ev.Kind, ev.Suite, ev.Test, ev.Status, ev.Message, score, maxScore})
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "%s\n", line)
}

// progress shows a grading's steps on a terminal's stderr, on one line.
type progress struct {
	w     Streams
	start time.Time
	mu    sync.Mutex
	tests int
	fails int
}

func (p *progress) Event(ev grader.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := ""
	switch ev.Kind {
	case grader.KindIntake:
		line = "reading the submission"
	case grader.KindReference:
		line = "building the reference"
	case grader.KindPolicy, grader.KindAPI:
		if ev.Status != grader.StatusFail {
			return
		}
		line = string(ev.Kind) + ": " + firstLine(ev.Message)
	case grader.KindBuild:
		line = "building (" + string(ev.Status) + ")"
	case grader.KindSuite:
		if ev.Status == grader.StatusStart {
			line = fmt.Sprintf("%d tests run, %d failed · %s", p.tests, p.fails, ev.Suite)
		} else {
			line = fmt.Sprintf("%d tests run, %d failed · %s %s %g/%g", p.tests, p.fails, ev.Suite, ev.Status, ev.Score, ev.Max)
		}
	case grader.KindError:
		line = "stopped: " + firstLine(ev.Message)
	case grader.KindTest:
		p.tests++
		if ev.Status != grader.StatusPass {
			p.fails++
		}
		line = fmt.Sprintf("%d tests run, %d failed · %s %s", p.tests, p.fails, ev.Suite, ev.Test)
	}
	if len(line) > 76 {
		line = line[:76]
	}
	fmt.Fprintf(p.w.Err, "\r\x1b[K%5.1fs %s", time.Since(p.start).Seconds(), line)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w.Err, "\r\x1b[K")
}
