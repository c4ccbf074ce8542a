package cli

import (
	"fmt"

	"github.com/hiringtools/grader/grader/catalog"

	"github.com/spf13/cobra"
)

type showOptions struct{ slug string }

func newShowCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "show SLUG",
		Short: "Print the prompt a candidate gets for an exercise",
		Example: `  grader show ratelimiter
  grader show ratelimiter > prompt.md`,
		Args:              exactArgs(1, "grader show SLUG; run 'grader list' for the slugs"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveNoFileComp),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(s, &showOptions{slug: args[0]})
		},
	}
}

func runShow(s Streams, opts *showOptions) error {
	e, err := lookup(s, opts.slug)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(s.Out, e.CandidatePrompt())
	return err
}

// exactArgs is cobra.ExactArgs with a usage error that says what to type.
func exactArgs(n int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("usage: %s", usage)
		}
		return nil
	}
}

// lookup loads the catalog and returns the exercise slug.
func lookup(s Streams, slug string) (*catalog.Exercise, error) {
	cat, err := loadCatalog(s)
	if err != nil {
		return nil, err
	}
	return cat.Get(slug)
}
