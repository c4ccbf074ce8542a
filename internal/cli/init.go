package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

type initOptions struct {
	slug, dir string
}

func newInitCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "init SLUG DIR",
		Short: "Create a candidate workspace: the stub, the prompt, a go.mod and the public tests",
		Long:  "init creates DIR with what a candidate needs to start: the stub to complete, the prompt as README.md, a go.mod, and the public tests (the hidden spec is not included). Grade it as it is with 'grader grade SLUG DIR'.",
		Example: `  grader init ratelimiter ./work
  cd work && go test            # the public tests
  grader grade ratelimiter ./work`,
		Args:              exactArgs(2, "grader init SLUG DIR"),
		ValidArgsFunction: completeSlugThen(cobra.ShellCompDirectiveFilterDirs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(s, &initOptions{slug: args[0], dir: args[1]})
		},
	}
}

func runInit(s Streams, opts *initOptions) error {
	e, err := lookup(s, opts.slug)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(opts.dir); err == nil && !fi.IsDir() {
		return usagef("%s is a file; choose a new directory for the workspace", opts.dir)
	}
	if entries, err := os.ReadDir(opts.dir); err == nil && len(entries) > 0 {
		return usagef("%s is not empty; choose a new directory so nothing is overwritten", opts.dir)
	}
	files := map[string][]byte{
		"go.mod":    []byte(fmt.Sprintf("module %s\n\ngo 1.26\n", e.Slug)),
		"README.md": []byte(e.CandidatePrompt()),
	}
	for _, f := range e.Stub {
		files[f.Name] = f.Data
	}
	for _, f := range e.Public {
		files[f.Name] = f.Data
	}
	// The directory is the user's choice: a folder that cannot be made
	// or written is bad input, not a failure of the grader.
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return usagef("cannot create the workspace: %v; choose a directory you can write", pathErr(err))
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(opts.dir, name), data, 0o644); err != nil {
			return usagef("cannot write the workspace: %v; choose a directory you can write", pathErr(err))
		}
	}
	fmt.Fprintf(s.Out, "created %s for %s (%s)\n  read %s, complete %s, run 'go test' there for the public tests,\n  and grade it with: grader grade %s %s\n",
		opts.dir, e.Slug, e.Meta.Title, filepath.Join(opts.dir, "README.md"), filepath.Join(opts.dir, e.Stub[0].Name), e.Slug, opts.dir)
	return nil
}

// pathErr is err as "PATH: REASON", without the operation a PathError
// names (mkdir, open) that means nothing to the user.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
