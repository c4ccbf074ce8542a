package cli

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
)

type verifyOptions struct {
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
	for _, ex := range exs {
		start := time.Now()
		fmt.Fprintf(s.Out, "%s\n", ex.Slug)
		// The candidate view shows each test's description in place of
		// its failure message: every hidden test needs one.
		undescribed := ex.Undescribed()
		total++
		if len(undescribed) > 0 {
			failed++
		}
		fmt.Fprintf(s.Out, "  %s %-28s %s\n", mark(len(undescribed) == 0), "descriptions", "every hidden test has a doc comment, its candidate-safe description")
		if len(undescribed) > 0 {
			fmt.Fprintf(s.Out, "       got: no doc comment on %s; write one sentence of what each checks, without its inputs or expected values\n", strings.Join(undescribed, ", "))
		}
		// A scaffold from 'grader new' is unfinished until its author
		// has replaced every TODO(author) mark.
		unfinished := kit.Unfinished(ex)
		total++
		if len(unfinished) > 0 {
			failed++
		}
		fmt.Fprintf(s.Out, "  %s %-28s %s\n", mark(len(unfinished) == 0), "finished", "no "+kit.TODOMarker+" mark is left for the author to fill in")
		for _, u := range unfinished {
			fmt.Fprintf(s.Out, "       got: %s\n", u)
		}
		for run := 2; run <= opts.repeat; run++ {
			// The extra runs only feed the flake table; each has a new seed.
			checks, err := e.Verify(cmd.Context(), ex, 0, nil)
			if err != nil {
				return fmt.Errorf("verifying %s: %w", ex.Slug, err)
			}
			flakes.add(checks)
		}
		checks, err := e.Verify(cmd.Context(), ex, opts.seed, func(c grader.Check) {
			total++
			if !c.OK {
				failed++
			}
			fmt.Fprintf(s.Out, "  %s %-28s %s\n", mark(c.OK), c.Subject, c.Claim)
			if !c.OK {
				fmt.Fprintf(s.Out, "       got: %s\n", c.Detail)
				if opts.verbose && c.Card != nil {
					writeFailures(s, c)
				}
			}
		})
		if err != nil {
			return fmt.Errorf("verifying %s: %w", ex.Slug, err)
		}
		flakes.add(checks)
		fmt.Fprintf(s.Out, "  (%.1fs)\n", time.Since(start).Seconds())
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

// writeFailures lists the failing tests of a check's scorecard.
func writeFailures(s Streams, c grader.Check) {
	for _, suite := range c.Card.Suites {
		for _, t := range suite.Tests {
			if t.Status == "fail" {
				fmt.Fprintf(s.Out, "       %s/%s: %s: %s\n", suite.Name, t.Name, t.Verdict, firstLine(t.Message))
			}
		}
	}
	if c.Card.Build.Output != "" {
		fmt.Fprintf(s.Out, "       build: %s\n", firstLine(c.Card.Build.Output))
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
