package cli

import (
	"encoding/json"
	"errors"
	"os"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/scorecard"
)

type reportOptions struct {
	path    string
	format  string
	verbose bool
}

func newReportCmd(s Streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report CARD.json",
		Short: "Re-render a saved JSON scorecard",
		Example: `  grader grade ratelimiter ./sub --out card.json
  grader report card.json
  grader report -v card.json              # passing tests too
  grader report --format json card.json`,
		Args: exactArgs(1, "grader report CARD.json [--format text|json]"),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runReport(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "text or json")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions("text", "json"))
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "list passing tests too")
	return cmd
}

func runReport(s Streams, opts *reportOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usagef("--format %q: use text or json", opts.format)
	}
	f, err := os.Open(opts.path)
	if err != nil {
		return usagef("%v; pass a scorecard written by 'grader grade --format json'", err)
	}
	defer f.Close()
	card, err := scorecard.ReadJSON(f)
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return usagef("%s is not a JSON scorecard (a text scorecard cannot be read back): %v; write one with 'grader grade --out card.json'", opts.path, err)
	}
	if err != nil {
		return usageError{err}
	}
	if opts.format == "json" {
		return scorecard.WriteJSON(s.Out, card)
	}
	return scorecard.WriteText(s.Out, card, scorecard.TextOptions{Color: s.color(s.OutTTY), Verbose: opts.verbose})
}
