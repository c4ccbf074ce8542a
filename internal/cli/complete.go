package cli

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/scorecard"
)

// Shell completion ('grader completion bash' and the like): exercise
// slugs for SLUG arguments and the allowed values of flags.

// slugCompletions returns the slugs that start with prefix of the
// catalog cmd works on (--catalog, $GRADER_CATALOG or the bundled one),
// each with its title.
func slugCompletions(cmd *cobra.Command, prefix string) []string {
	s := Streams{Getenv: os.Getenv}
	if f := cmd.Flags().Lookup("catalog"); f != nil {
		dir := f.Value.String()
		s.catalogDir = &dir
	}
	cat, err := openCatalog(s)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range cat.List() {
		if strings.HasPrefix(e.Slug, prefix) {
			out = append(out, e.Slug+"\t"+e.Meta.Title)
		}
	}
	return out
}

// completeSlugThen completes the first argument with a slug and the
// later ones as rest says (files, directories or nothing).
func completeSlugThen(rest cobra.ShellCompDirective) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return slugCompletions(cmd, toComplete), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, rest
	}
}

// completeSlugs completes every argument with a slug not given yet.
func completeSlugs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, c := range slugCompletions(cmd, toComplete) {
		slug, _, _ := strings.Cut(c, "\t")
		if !contains(args, slug) {
			out = append(out, c)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fixedCompletions completes a flag with one of values.
func fixedCompletions(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSuites completes the last name of a comma-separated --suites
// value with the suites not named yet.
func completeSuites(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	named := strings.Split(done, ",")
	var out []string
	for _, n := range scorecard.SuiteNames {
		if strings.HasPrefix(n, last) && !contains(named, n) {
			out = append(out, done+n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
