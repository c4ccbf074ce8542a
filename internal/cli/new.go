package cli

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/kit"
)

// slugRE is what a slug may be: a Go package name in lower case, as the
// catalog requires.
var slugRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

type newOptions struct{ slug string }

func newNewCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "new SLUG",
		Short: "Start a new exercise in a catalog folder (--catalog DIR or $GRADER_CATALOG)",
		Long: `new writes the scaffold of exercise SLUG into the catalog folder that --catalog
or GRADER_CATALOG names (creating it if needed): exercises/SLUG/ with
exercise.json, prompt.md, the stub, a hidden spec with one test per suite and
a public test, and the reference in solutions/SLUG/, for a toy API (Double)
to replace with the exercise's own. It loads at once; 'grader verify SLUG'
then says what is left to write: every TODO(author) mark, and a known-bad
fixture for each suite. See docs/exercise-format.md.`,
		Example: `  grader new queue --catalog ./our-catalog
  grader verify queue --catalog ./our-catalog     # what is left to write`,
		Args: exactArgs(1, "grader new SLUG --catalog DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNew(s, &newOptions{slug: args[0]})
		},
	}
}

func runNew(s Streams, opts *newOptions) error {
	dir := catalogDirOf(s)
	if dir == "" {
		return usagef("name the catalog folder to write into: grader new %s --catalog DIR (or set GRADER_CATALOG); the bundled catalog is built into the binary", opts.slug)
	}
	if !slugRE.MatchString(opts.slug) {
		return usagef("%q cannot be a slug: it is the Go package name, lower-case letters and digits, starting with a letter", opts.slug)
	}
	for _, sub := range []string{"exercises", "solutions"} {
		if _, err := os.Stat(filepath.Join(dir, sub, opts.slug)); err == nil {
			return usagef("%s already has %s/%s; choose another slug so nothing is overwritten", dir, sub, opts.slug)
		}
	}
	files := kit.Scaffold(opts.slug)
	paths := slices.Sorted(maps.Keys(files))
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return usagef("cannot write the exercise: %v; choose a catalog folder you can write", pathErr(err))
		}
		if err := os.WriteFile(full, []byte(files[p]), 0o644); err != nil {
			return usagef("cannot write the exercise: %v; choose a catalog folder you can write", pathErr(err))
		}
	}
	fmt.Fprintf(s.Out, "created exercise %s in %s:\n  %s\n", opts.slug, dir, strings.Join(paths, "\n  "))
	fmt.Fprintf(s.Out, "replace the toy API (Double) with the exercise's own, then see what is left to write with:\n  grader verify %s --catalog %s\n", opts.slug, dir)
	return nil
}
