package cli

import (
	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/kit"
)

type checkOptions struct {
	dir    string
	format string
}

func newCheckCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check your work in a candidate's kit before you send it (the hidden suites are not run)",
		Long: `check is for the candidate: run it in the kit 'grader export' made (DIR, default
the current folder). With only the kit and this binary, it checks that your
package compiles and declares the API in .grader/kit.json exactly, the import
and language rules, gofmt and go vet, and runs the public tests in the sandbox
with -race and a check for goroutines left running. It says what would cost
points. The hidden suites are not in the kit and are not run.

Exit codes: 0 nothing found; 1 something found; 2 bad usage or not a kit;
3 the grader failed.`,
		Example: `  cd ratelimiter-kit && grader check
  grader check ./ratelimiter-kit --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			return runCheck(cmd, s, g, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "text or json")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions("text", "json"))
	return cmd
}

func runCheck(cmd *cobra.Command, s Streams, g *globalOptions, opts *checkOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usagef("--format %q: use text or json", opts.format)
	}
	m, err := kit.ReadManifest(opts.dir)
	if err != nil {
		return usageError{err}
	}
	e, _, err := g.engineFor(s, nil)
	if err != nil {
		return err
	}
	r, err := kit.Check(cmd.Context(), opts.dir, e)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		err = kit.WriteJSON(s.Out, r)
	} else {
		err = kit.WriteText(s.Out, r, m)
	}
	if err != nil {
		return err
	}
	if !r.OK {
		return exitError{ExitBelow}
	}
	return nil
}
