// Package cli is the grader's command line: one file per command, each an
// options struct filled from flags and a run function that takes the
// options and the [Streams], so commands are tested with buffers.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/solutions"
)

// Exit codes, the one place they are decided.
const (
	ExitGraded      = 0 // graded (or the command succeeded)
	ExitBelow       = 1 // graded below --fail-under, or 'verify' found a broken exercise
	ExitBadInput    = 2 // bad usage or bad input: the message says what to do
	ExitGraderError = 3 // the grader itself failed
)

// Streams are a command's input and outputs.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	OutTTY bool // Out is a terminal
	ErrTTY bool
	Getenv func(string) string
}

// System returns the process's standard streams.
func System() Streams {
	return Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())), ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Getenv: os.Getenv,
	}
}

// color reports whether output to a terminal may use colour.
func (s Streams) color(tty bool) bool { return tty && s.Getenv("NO_COLOR") == "" }

// usageError is bad usage: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitError carries a chosen exit code with no further message.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs the grader with args and returns the exit code.
func Main(args []string, s Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitGraded
	}
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	fmt.Fprintln(s.Err, "grader:", err)
	var usage usageError
	var input *grader.InputError
	var notFound *catalog.NotFoundError
	switch {
	case errors.As(err, &usage), errors.As(err, &input), errors.As(err, &notFound):
		return ExitBadInput
	case isCobraUsage(err):
		return ExitBadInput
	}
	return ExitGraderError
}

// isCobraUsage recognises cobra's own flag and argument errors, which
// have no type of their own.
func isCobraUsage(err error) bool {
	for _, m := range []string{"unknown flag", "unknown command", "unknown shorthand", "accepts ", "requires ",
		"invalid argument", "flag needs an argument"} {
		if strings.Contains(err.Error(), m) {
			return true
		}
	}
	return false
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	cacheDir  string
	isolation string
}

func newRootCmd(s Streams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:           "grader",
		Short:         "Grade candidates' Go code against hidden spec suites",
		Long:          "grader grades a candidate's Go submission for an exercise: correctness, data races, goroutine leaks and latency, each in its own suite, in a sandbox, and prints a scorecard.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.cacheDir, "cache", "", "the grader's cache directory (default $GRADER_CACHE, else /var/cache/grader as root, else the user cache dir)")
	root.PersistentFlags().StringVar(&g.isolation, "isolation", "", "require this sandbox level: bwrap+cgroup, bwrap or none (default: the best available)")
	root.AddCommand(
		newListCmd(s),
		newShowCmd(s),
		newInitCmd(s),
		newGradeCmd(s, g),
		newVerifyCmd(s, g),
		newReportCmd(s),
		newDoctorCmd(s, g),
		newInternalCmd(s),
	)
	return root
}

// loadCatalog loads the embedded catalog. Exercises that fail to load
// are left out, with a warning on s.Err.
func loadCatalog(s Streams) (*catalog.Catalog, error) {
	c, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		return nil, fmt.Errorf("the built-in catalog cannot be read (a bug in this grader build): %w", err)
	}
	for _, b := range c.Broken() {
		fmt.Fprintf(s.Err, "grader: warning: left out of the catalog: %v\n", b)
	}
	return c, nil
}

// cacheDir picks the grader's cache directory.
func (g *globalOptions) resolveCache(s Streams) (string, error) {
	if g.cacheDir != "" {
		return filepath.Abs(g.cacheDir)
	}
	if d := s.Getenv("GRADER_CACHE"); d != "" {
		return filepath.Abs(d)
	}
	if os.Geteuid() == 0 {
		return "/var/cache/grader", nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding a cache directory: %w; set --cache", err)
	}
	return filepath.Join(d, "grader"), nil
}

// engine builds the grading engine the grade and verify commands use.
func (g *globalOptions) engine(s Streams) (*grader.Engine, *sandbox.Sandbox, error) {
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		return nil, nil, fmt.Errorf("the built-in catalog cannot be read (a bug in this grader build): %w", err)
	}
	cache, err := g.resolveCache(s)
	if err != nil {
		return nil, nil, err
	}
	switch g.isolation {
	case "", string(sandbox.LevelFull), string(sandbox.LevelBwrap), string(sandbox.LevelNone):
	default:
		return nil, nil, usagef("--isolation %q: use %s, %s or %s", g.isolation, sandbox.LevelFull, sandbox.LevelBwrap, sandbox.LevelNone)
	}
	scratch := filepath.Join(cache, "scratch")
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return nil, nil, fmt.Errorf("creating %s: %w", scratch, err)
	}
	sb, err := sandbox.New(sandbox.Options{Require: sandbox.Level(g.isolation), Scratch: scratch})
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("%w; run 'grader doctor'", err)}
	}
	prog, err := cacheProg(cache)
	if err != nil {
		return nil, nil, fmt.Errorf("installing the build-cache helper: %w", err)
	}
	e, err := grader.New(grader.Options{Catalog: cat, Sandbox: sb, CacheDir: cache, Scratch: scratch, CacheProg: prog})
	if err != nil {
		return nil, nil, err
	}
	return e, sb, nil
}
