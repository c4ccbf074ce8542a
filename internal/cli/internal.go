package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

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
	cmd.AddCommand(cp)
	return cmd
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
