package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/kit"
)

type exportOptions struct{ slug, out string }

func newExportCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "export SLUG OUT",
		Short: "Write the candidate's kit: prompt, stub, go.mod, public tests and .grader/kit.json, never the hidden spec",
		Long: `export writes what a candidate gets for an exercise into OUT, a new folder, or a
zip archive when OUT ends in .zip: the prompt as README.md, the stub, a go.mod,
the public tests, and .grader/kit.json (the exercise, the kit's version and a
hash of the hidden spec it was cut from, the API the grader requires as Go
declarations, the import rule, and the suites, weights and budgets in words).
It never writes the hidden spec, the reference solution, the fixtures or the
hidden tests' names. In the kit, 'grader check' checks a candidate's work
without them.`,
		Example: `  grader export ratelimiter ./ratelimiter-kit
  grader export ratelimiter ratelimiter-kit.zip
  grader export --catalog ./our-catalog queue ./queue-kit`,
		Args:              exactArgs(2, "grader export SLUG OUT"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveDefault),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(s, &exportOptions{slug: args[0], out: args[1]})
		},
	}
}

func runExport(s Streams, opts *exportOptions) error {
	ex, err := lookup(s, opts.slug)
	if err != nil {
		return err
	}
	files, m, err := kit.Cut(ex, grader.Version)
	if err != nil {
		return err
	}
	if err := kit.Write(opts.out, files); err != nil {
		if errors.Is(err, kit.ErrExists) {
			return usageError{err}
		}
		return usagef("cannot write the kit: %v; choose a folder you can write", pathErr(err))
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	fmt.Fprintf(s.Out, "wrote the %s kit %s to %s: %s\n", ex.Slug, m.KitVersion, opts.out, strings.Join(names, ", "))
	dir := opts.out
	if strings.EqualFold(filepath.Ext(dir), ".zip") {
		dir = strings.TrimSuffix(filepath.Base(dir), filepath.Ext(dir))
	}
	fmt.Fprintf(s.Out, "  a candidate checks their work there with: grader check %s\n", dir)
	return nil
}

// kitMismatch returns a warning when the submission at path is a
// candidate's kit (it has .grader/kit.json) cut for another exercise, or
// from another version of the hidden spec than the one that grades it:
// the API and public tests the candidate worked to may differ. "" when it
// is not a kit, or matches.
func kitMismatch(s Streams, slug, path string) string {
	m, err := kit.ReadManifest(path)
	if err != nil {
		return ""
	}
	cat, err := openCatalog(s)
	if err != nil {
		return ""
	}
	ex, err := cat.Get(slug)
	if err != nil {
		return ""
	}
	switch {
	case m.Exercise != slug:
		return fmt.Sprintf("the submission is a kit of exercise %s, graded as %s", m.Exercise, slug)
	case m.SpecSHA256 != kit.SpecSHA256(ex.Spec):
		return fmt.Sprintf("the candidate's kit %s was cut from another version of the hidden spec than the one that graded it: the API and public tests they worked to may differ ('grader export %s' cuts a current kit)", m.KitVersion, slug)
	}
	return ""
}
