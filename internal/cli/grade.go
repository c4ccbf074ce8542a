package cli

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
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
}

func newGradeCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &gradeOptions{}
	cmd := &cobra.Command{
		Use:   "grade SLUG PATH",
		Short: "Grade a submission: a directory, .zip, .tar.gz, git repository or bundle",
		Long: `grade builds the submission at PATH with the exercise's hidden spec in a sandbox,
runs the correctness, race, leak and latency suites, and prints the scorecard.

Exit codes: 0 graded; 1 graded below --fail-under; 2 bad usage or input; 3 the grader failed.`,
		Args: exactArgs(2, "grader grade SLUG PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slug, opts.path = args[0], args[1]
			return runGrade(cmd, s, g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "text", "scorecard format: text or json")
	f.StringVar(&opts.out, "out", "", "write the scorecard to this file instead of stdout")
	f.StringSliceVar(&opts.suites, "suites", nil, "grade only these suites (comma-separated): correctness, race, leak, latency")
	f.Float64Var(&opts.failUnder, "fail-under", 0, "exit with status 1 when the score is below this")
	f.Int64Var(&opts.seed, "seed", 0, "the seed for randomised specs (default random; the scorecard records it)")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list passing tests too")
	f.Int64Var(&opts.memoryMB, "memory-mb", 0, fmt.Sprintf("memory limit of each test process in MiB (default %d)", grader.DefaultLimits.MemoryBytes>>20))
	f.DurationVar(&opts.timeout, "timeout", 0, "wall-time limit of each test process (default: the exercise's suite timeouts)")
	f.IntVar(&opts.pids, "pids", 0, fmt.Sprintf("process and thread limit of each test process (default %d)", grader.DefaultLimits.Pids))
	f.Int64Var(&opts.outputKB, "output-kb", 0, fmt.Sprintf("output limit of each test process in KiB (default %d)", grader.DefaultLimits.OutputBytes>>10))
	return cmd
}

func runGrade(cmd *cobra.Command, s Streams, g *globalOptions, opts *gradeOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usagef("--format %q: use text or json", opts.format)
	}
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	cfg := grader.Config{
		Exercise: opts.slug, Submission: opts.path, Suites: opts.suites, Seed: opts.seed, Threshold: opts.failUnder,
		Limits: sandbox.Limits{MemoryBytes: opts.memoryMB << 20, WallTime: opts.timeout, Pids: opts.pids, OutputBytes: opts.outputKB << 10},
	}
	if s.ErrTTY {
		cfg.Handler = &progress{w: s, start: time.Now()}
	}
	card, err := e.Grade(cmd.Context(), cfg)
	if p, ok := cfg.Handler.(*progress); ok {
		p.done()
	}
	if err != nil {
		return err
	}
	for _, w := range card.Warnings {
		fmt.Fprintln(s.Err, "grader: warning:", w)
	}
	var buf bytes.Buffer
	tty := s.OutTTY && opts.out == ""
	if opts.format == "json" {
		err = scorecard.WriteJSON(&buf, card)
	} else {
		err = scorecard.WriteText(&buf, card, scorecard.TextOptions{Color: s.color(tty), Verbose: opts.verbose})
	}
	if err != nil {
		return err
	}
	if opts.out != "" {
		if err := os.WriteFile(opts.out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing the scorecard: %w", err)
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
	case "build":
		line = "building (" + ev.Status + ")"
	case "test":
		p.tests++
		if ev.Status != scorecard.StatusPass {
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
