package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/catalog"
)

type verifyOptions struct {
	slugs   []string
	seed    int64
	verbose bool
}

func newVerifyCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [SLUG...]",
		Short: "Prove the catalog: references score 100, stubs fail, fixtures lose points in their own suite only",
		Long: `verify grades every exercise's reference solution, stub and known-bad fixtures and checks
that the reference scores 100, the stub keeps at most a quarter of the correctness points,
every suite has a fixture, and each fixture loses points in exactly the suite it targets.
It exits with status 1 when any check fails.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.slugs = args
			return runVerify(cmd, s, g, opts)
		},
	}
	cmd.Flags().Int64Var(&opts.seed, "seed", 1, "the seed for randomised specs")
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "print the scorecard of every failed check")
	return cmd
}

func runVerify(cmd *cobra.Command, s Streams, g *globalOptions, opts *verifyOptions) error {
	e, _, err := g.engine(s)
	if err != nil {
		return err
	}
	cat, err := loadCatalog()
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
	failed, total := 0, 0
	for _, ex := range exs {
		start := time.Now()
		fmt.Fprintf(s.Out, "%s\n", ex.Slug)
		_, err := e.Verify(cmd.Context(), ex, opts.seed, func(c grader.Check) {
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
		fmt.Fprintf(s.Out, "  (%.1fs)\n", time.Since(start).Seconds())
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
