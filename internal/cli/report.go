package cli

import (
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
		Args:  exactArgs(1, "grader report CARD.json [--format text|json]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runReport(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "text or json")
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "list passing tests too")
	return cmd
}

func runReport(s Streams, opts *reportOptions) error {
	f, err := os.Open(opts.path)
	if err != nil {
		return usagef("%v; pass a scorecard written by 'grader grade --format json'", err)
	}
	defer f.Close()
	card, err := scorecard.ReadJSON(f)
	if err != nil {
		return usageError{err}
	}
	switch opts.format {
	case "json":
		return scorecard.WriteJSON(s.Out, card)
	case "text":
		return scorecard.WriteText(s.Out, card, scorecard.TextOptions{Color: s.color(s.OutTTY), Verbose: opts.verbose})
	}
	return usagef("--format %q: use text or json", opts.format)
}
