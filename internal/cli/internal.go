package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/sandbox/cacheprog"
)

// newInternalCmd holds commands the grader runs itself, inside the
// sandbox; they are not for people.
func newInternalCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{Use: "internal", Hidden: true, Short: "commands the grader runs itself"}
	var cfg cacheprog.Config
	cp := &cobra.Command{
		Use:   "cacheprog --write DIR [--read DIR]...",
		Short: "serve the Go build cache in layers to the go command (GOCACHEPROG)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cacheprog.Serve(cmd.Context(), s.In, s.Out, cfg)
		},
	}
	cp.Flags().StringArrayVar(&cfg.ReadDirs, "read", nil, "a read-only cache layer")
	cp.Flags().StringVar(&cfg.WriteDir, "write", "", "the cache layer that takes new entries")
	cmd.AddCommand(cp, newModuleCmd(s))
	return cmd
}

type moduleOptions struct{ slug, submission, out string }

func newModuleCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "module SLUG SUBMISSION OUT",
		Short: "write the module a grading of SUBMISSION builds (its package files, the whole hidden spec, gradertest, the vendored spec dependencies) into OUT",
		Long: `Writes into OUT, which must not exist or be empty, the module the grader
builds for a grading of SUBMISSION against exercise SLUG, with the whole
hidden spec: for exercise authors and benchmarks (scripts/try-exercise.sh,
scripts/bench.sh). It runs nothing; 'go test' in OUT builds offline, and
runs the code without a sandbox: use it on trusted code only.`,
		Args: exactArgs(3, "grader internal module SLUG SUBMISSION OUT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runModule(cmd.Context(), s, moduleOptions{slug: args[0], submission: args[1], out: args[2]})
		},
	}
}

func runModule(ctx context.Context, s Streams, opts moduleOptions) error {
	ex, err := lookup(s, opts.slug)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(opts.out); err == nil && len(entries) > 0 {
		return usagef("%s is not empty; give a new or empty directory", opts.out)
	}
	sub, err := intake.Load(ctx, opts.submission, intake.DefaultLimits())
	if err != nil {
		var refused *intake.RefusedError
		if errors.As(err, &refused) {
			return &grader.InputError{Err: err}
		}
		return fmt.Errorf("reading the submission: %w", err)
	}
	files := make([]catalog.File, len(sub.Files))
	for i, f := range sub.Files {
		files[i] = catalog.File{Name: f.Name, Data: f.Data}
	}
	return grader.WriteModule(opts.out, ex, files, ex.Spec)
}

// cacheProg returns the GOCACHEPROG command line for candidate builds:
// a copy of this executable, under the cache directory, where sandbox
// users can run it (the original may sit in a home directory they cannot
// enter).
func cacheProg(cache string) ([]string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding the grader's executable: %w", err)
	}
	f, err := os.Open(self)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	dst := filepath.Join(cache, "bin", "grader-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(dst); err == nil {
		return []string{dst, "internal", "cacheprog"}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".grader-*")
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(tmp, f); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := tmp.Chmod(0o755); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	return []string{dst, "internal", "cacheprog"}, os.Rename(tmp.Name(), dst)
}
