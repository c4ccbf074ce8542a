package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/scorecard"
)

type listOptions struct{}

func newListCmd(s Streams) *cobra.Command {
	opts := &listOptions{}
	return &cobra.Command{
		Use:   "list",
		Short: "List the exercises: slug, title, difficulty, suites",
		Example: `  grader list
  grader list | grep medium`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runList(s, opts) },
	}
}

func runList(s Streams, _ *listOptions) error {
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tTITLE\tDIFFICULTY\tSUITES (weight)")
	for _, e := range cat.List() {
		var suites []string
		for _, name := range scorecard.SuiteNames {
			suites = append(suites, fmt.Sprintf("%s %g", name, e.Meta.Suites[name].Weight))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Slug, e.Meta.Title, e.Meta.Difficulty, strings.Join(suites, ", "))
	}
	return tw.Flush()
}
