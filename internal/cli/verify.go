package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
)

type verifyOptions struct {
	jobs    int
	slugs   []string
	seed    int64
	verbose bool
	repeat  int
	stress  bool
}

func newVerifyCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [SLUG...]",
		Short: "Prove the catalog: references score 100, stubs fail, fixtures lose points in their own suite only",
		Long: `verify grades every exercise's reference solution, stub, known-good and known-bad fixtures
and checks that the reference and each known-good fixture score 100, the stub keeps at most a
quarter of the correctness points, every suite has a known-bad fixture, each one loses points
in exactly the suite it targets, and every test needs only the API it tests (each exported
symbol is taken out of the reference in turn: only the tests that exercise it may go).
It exits with status 1 when any check fails.`,
		Example: `  grader verify ratelimiter
  grader verify -v ratelimiter lrucache
  grader verify --repeat 5 --stress ratelimiter     # a flake table`,
		ValidArgsFunction: completeSlugs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slugs = args
			return runVerify(cmd, s, g, opts)
		},
	}
	cmd.Flags().IntVar(&opts.jobs, "jobs", 2, "how many exercises are verified at once, 1 to 64 (their programs share one pool of a process per core)")
	cmd.Flags().Int64Var(&opts.seed, "seed", 1, "the seed for randomised specs")
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "print the scorecard of every failed check")
	cmd.Flags().IntVar(&opts.repeat, "repeat", 1, "grade every reference, stub and fixture this many times, each with a new seed, and print a flake table")
	cmd.Flags().BoolVar(&opts.stress, "stress", false, "with --repeat: keep every CPU busy with a CPU-bound load while grading")
	return cmd
}

func runVerify(cmd *cobra.Command, s Streams, g *globalOptions, opts *verifyOptions) error {
	if opts.repeat < 1 {
		return usagef("--repeat %d: use 1 or more", opts.repeat)
	}
	if err := checkJobs(opts.jobs); err != nil {
		return err
	}
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	for _, slug := range opts.slugs {
		if _, err := cat.Get(slug); err != nil {
			return err
		}
	}
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	var exs []*catalog.Exercise
	if len(opts.slugs) == 0 {
		exs = cat.List()
	}
	for _, slug := range opts.slugs {
		ex, err := cat.Get(slug)
		if err != nil {
			return err
		}
		exs = append(exs, ex)
	}
	color := s.color(s.OutTTY)
	mark := func(ok bool) string {
		switch {
		case ok && color:
			return "\x1b[32mok\x1b[0m  "
		case ok:
			return "ok  "
		case color:
			return "\x1b[31mFAIL\x1b[0m"
		}
		return "FAIL"
	}
	if opts.stress {
		stop := cpuLoad()
		defer stop()
	}
	flakes := flakeTable{}
	failed, total := 0, 0
	if len(opts.slugs) == 0 {
		for _, b := range cat.Broken() {
			total++
			failed++
			fmt.Fprintf(s.Out, "%s catalog: %v\n", mark(false), b)
		}
	}
	// Exercises are verified --jobs at a time, their programs sharing the
	// engine's one pool; each exercise's report is printed whole, in the
	// catalog's order, as soon as it and those before it are done. The
	// largest exercises (most subjects to grade) start first, so that
	// one does not run alone at the end.
	results := make([]verifyResult, len(exs))
	done := make([]chan struct{}, len(exs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	subjects := func(ex *catalog.Exercise) int { return len(ex.Fixtures) + len(ex.Good) }
	slices.SortStableFunc(order, func(a, b int) int { return subjects(exs[b]) - subjects(exs[a]) })
	next := make(chan int, len(order))
	for _, i := range order {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel() // before the wait: on an error the others stop
	for range min(opts.jobs, len(exs)) {
		wg.Go(func() {
			for i := range next {
				results[i] = verifyExercise(ctx, e, exs[i], opts, mark)
				if results[i].err != nil {
					cancel() // the others stop: the command fails anyway
				}
				close(done[i])
			}
		})
	}
	for i := range exs {
		<-done[i]
		r := results[i]
		s.Out.Write(r.out.Bytes())
		if r.err != nil {
			return r.err
		}
		total += r.total
		failed += r.failed
		for _, checks := range r.runs {
			flakes.add(checks)
		}
	}
	if opts.repeat > 1 {
		n := flakes.write(s, opts.repeat, opts.stress)
		total++
		if n > 0 {
			failed++
		}
	}
	fmt.Fprintf(s.Out, "%d passed, %d failed\n", total-failed, failed)
	if failed > 0 {
		return exitError{ExitBelow}
	}
	return nil
}

// verifyResult is one exercise's verification: its report, its counts
// of checks, and the checks of every run (for the flake table).
type verifyResult struct {
	out           bytes.Buffer
	total, failed int
	runs          [][]grader.Check
	err           error
}

// verifyExercise verifies one exercise, opts.repeat times, and writes its
// report into the result.
func verifyExercise(ctx context.Context, e *grader.Engine, ex *catalog.Exercise, opts *verifyOptions, mark func(bool) string) (r verifyResult) {
	w := &r.out
	start := time.Now()
	fmt.Fprintf(w, "%s\n", ex.Slug)
	// The candidate view shows each test's description in place of
	// its failure message: every hidden test needs one.
	undescribed := ex.Undescribed()
	r.total++
	if len(undescribed) > 0 {
		r.failed++
	}
	fmt.Fprintf(w, "  %s %-28s %s\n", mark(len(undescribed) == 0), "descriptions", "every hidden test has a doc comment, its candidate-safe description")
	if len(undescribed) > 0 {
		fmt.Fprintf(w, "       got: no doc comment on %s; write one sentence of what each checks, without its inputs or expected values\n", strings.Join(undescribed, ", "))
	}
	// A scaffold from 'grader new' is unfinished until its author
	// has replaced every TODO(author) mark.
	unfinished := kit.Unfinished(ex)
	r.total++
	if len(unfinished) > 0 {
		r.failed++
	}
	fmt.Fprintf(w, "  %s %-28s %s\n", mark(len(unfinished) == 0), "finished", "no "+kit.TODOMarker+" mark is left for the author to fill in")
	for _, u := range unfinished {
		fmt.Fprintf(w, "       got: %s\n", u)
	}
	for run := 2; run <= opts.repeat; run++ {
		// The extra runs only feed the flake table; each has a new seed.
		checks, err := e.Verify(ctx, ex, 0, nil)
		if err != nil {
			r.err = fmt.Errorf("verifying %s: %w", ex.Slug, err)
			return r
		}
		r.runs = append(r.runs, checks)
	}
	checks, err := e.Verify(ctx, ex, opts.seed, func(c grader.Check) {
		r.total++
		if !c.OK {
			r.failed++
		}
		fmt.Fprintf(w, "  %s %-28s %s\n", mark(c.OK), c.Subject, c.Claim)
		if !c.OK {
			fmt.Fprintf(w, "       got: %s\n", c.Detail)
			if opts.verbose && c.Card != nil {
				writeFailures(w, c)
			}
		}
	})
	if err != nil {
		r.err = fmt.Errorf("verifying %s: %w", ex.Slug, err)
		return r
	}
	r.runs = append(r.runs, checks)
	fmt.Fprintf(w, "  (%.1fs)\n", time.Since(start).Seconds())
	return r
}

// writeFailures lists the failing tests of a check's scorecard.
func writeFailures(w io.Writer, c grader.Check) {
	for _, suite := range c.Card.Suites {
		for _, t := range suite.Tests {
			if t.Status == "fail" {
				fmt.Fprintf(w, "       %s/%s: %s: %s\n", suite.Name, t.Name, t.Verdict, firstLine(t.Message))
			}
		}
	}
	if c.Card.Build.Output != "" {
		fmt.Fprintf(w, "       build: %s\n", firstLine(c.Card.Build.Output))
	}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i] + " …"
		}
	}
	return s
}

// flakeTable collects, for every graded subject, the scores and test
// verdicts of repeated gradings.
type flakeTable map[string]*flakeRow

type flakeRow struct {
	exercise, subject string
	scores            map[float64]int
	tests             map[string]map[string]int // test -> status -> count
}

func (f flakeTable) add(checks []grader.Check) {
	for _, c := range checks {
		if c.Card == nil {
			continue
		}
		key := c.Exercise + "/" + c.Subject
		row := f[key]
		if row == nil {
			row = &flakeRow{exercise: c.Exercise, subject: c.Subject, scores: map[float64]int{}, tests: map[string]map[string]int{}}
			f[key] = row
		}
		row.scores[c.Card.Score]++
		for _, suite := range c.Card.Suites {
			for _, t := range suite.Tests {
				if row.tests[t.Name] == nil {
					row.tests[t.Name] = map[string]int{}
				}
				row.tests[t.Name][t.Status]++
			}
		}
	}
}

// write prints the table and returns how many subjects were flaky.
func (f flakeTable) write(s Streams, runs int, stress bool) int {
	load := "idle"
	if stress {
		load = "with a CPU-bound load beside it"
	}
	fmt.Fprintf(s.Out, "\nrepeatability: each subject graded %d times, %s\n", runs, load)
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  SUBJECT\tSCORES (count)\tVERDICT")
	flaky := 0
	for _, key := range slices.Sorted(maps.Keys(f)) {
		row := f[key]
		var scores []string
		for _, sc := range slices.Sorted(maps.Keys(row.scores)) {
			scores = append(scores, fmt.Sprintf("%.1f (%d)", sc, row.scores[sc]))
		}
		verdict := "stable"
		if len(row.scores) > 1 {
			flaky++
			var flips []string
			for _, name := range slices.Sorted(maps.Keys(row.tests)) {
				if st := row.tests[name]; len(st) > 1 {
					flips = append(flips, fmt.Sprintf("%s pass %d/%d", name, st["pass"], st["pass"]+st["fail"]))
				}
			}
			verdict = "FLAKY: " + strings.Join(flips, ", ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", key, strings.Join(scores, ", "), verdict)
	}
	tw.Flush()
	return flaky
}

// cpuLoad keeps every CPU busy until the returned function is called.
func cpuLoad() (stop func()) {
	done := make(chan struct{})
	for range runtime.NumCPU() {
		go func() {
			x := 0
			for {
				select {
				case <-done:
					return
				default:
					for i := range 1 << 16 {
						x += i
					}
				}
			}
		}()
	}
	return func() { close(done) }
}
