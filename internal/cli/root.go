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
	"sync/atomic"
	"syscall"

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
	// catalogDir points at the --catalog flag's value once the root
	// command has them (see newRootCmd); loadCatalog reads it.
	catalogDir *string
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
//
// A terminating signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT: Ctrl-C, a CI
// timeout, a closed terminal) cancels the command, which stops its
// sandboxed processes and removes its cgroups and scratch files; then
// Main says so once and returns 128+N, as shells expect of a program
// that signal N ended. A second signal ends the grader at once (the
// next run removes what it leaves).
func Main(args []string, s Streams) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, terminating...)
	defer signal.Stop(sigs)
	var caught atomic.Value // syscall.Signal
	go func() {
		select {
		case sig := <-sigs:
			caught.Store(sig)
			signal.Reset(terminating...)
			cancel()
		case <-ctx.Done():
		}
	}()
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	if sig, ok := caught.Load().(syscall.Signal); ok {
		fmt.Fprintf(s.Err, "grader: stopped by %s\n", signalName(sig))
		return 128 + int(sig)
	}
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

// terminating are the signals that stop a command cleanly.
var terminating = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return sig.String()
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
	cacheDir   string
	catalogDir string // --catalog: a catalog folder instead of the bundled one
	isolation  string
	// leftovers are what engine removed of killed gradings (for doctor).
	leftovers   []string
	leftoverErr error
}

func newRootCmd(s Streams) *cobra.Command {
	g := &globalOptions{}
	s.catalogDir = &g.catalogDir
	root := &cobra.Command{
		Use:   "grader",
		Short: "Grade candidates' Go code against hidden spec suites",
		Long: `grader grades a candidate's Go submission for an exercise: correctness, data races, goroutine leaks and latency, each in its own suite, in a sandbox, and prints a scorecard.

Exit codes: 0 done (graded); 1 graded below --fail-under, or 'verify' found a broken
exercise; 2 bad usage or input (the message says what to do); 3 the grader failed;
128+N stopped by signal N (130 for Ctrl-C, 143 for SIGTERM).`,
		Example: `  grader list
  grader init ratelimiter ./work
  grader grade ratelimiter ./work --out card.json
  grader report card.json`,
		Version:       grader.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.check()
		},
	}
	root.SetVersionTemplate("grader {{.Version}}\n")
	root.PersistentFlags().StringVar(&g.cacheDir, "cache", "", "the grader's cache directory (default $GRADER_CACHE, else /var/cache/grader as root, else the user cache dir)")
	root.PersistentFlags().StringVar(&g.catalogDir, "catalog", "", "a catalog folder (exercises/ and solutions/) to use instead of the bundled catalog (default $GRADER_CATALOG)")
	root.MarkPersistentFlagDirname("catalog")
	root.PersistentFlags().StringVar(&g.isolation, "isolation", "", "require this sandbox level: bwrap+cgroup, bwrap or none (default: the best available)")
	root.RegisterFlagCompletionFunc("isolation", fixedCompletions(string(sandbox.LevelFull), string(sandbox.LevelBwrap), string(sandbox.LevelNone)))
	root.MarkPersistentFlagDirname("cache")
	root.AddCommand(
		newListCmd(s),
		newShowCmd(s),
		newInitCmd(s),
		newGradeCmd(s, g),
		newBatchCmd(s, g),
		newMergeCmd(s),
		newQueueCmd(s),
		newWorkerCmd(s, g),
		newWatchCmd(s, g),
		newVerifyCmd(s, g),
		newReportCmd(s),
		newDoctorCmd(s, g),
		newInternalCmd(s),
		newNewCmd(s),
		newExportCmd(s),
		newCheckCmd(s, g),
	)
	return root
}

// check checks the global flags, before any command runs.
func (g *globalOptions) check() error {
	switch g.isolation {
	case "", string(sandbox.LevelFull), string(sandbox.LevelBwrap), string(sandbox.LevelNone):
	default:
		return usagef("--isolation %q: use %s, %s or %s", g.isolation, sandbox.LevelFull, sandbox.LevelBwrap, sandbox.LevelNone)
	}
	if g.cacheDir != "" {
		if fi, err := os.Stat(g.cacheDir); err == nil && !fi.IsDir() {
			return usagef("--cache %s is a file; name a directory (it is created if missing)", g.cacheDir)
		}
	}
	return nil
}

// loadCatalog loads the catalog the command works on (see
// openCatalog). Exercises that fail to load are left out, with a warning
// on s.Err.
func loadCatalog(s Streams) (*catalog.Catalog, error) {
	c, err := openCatalog(s)
	if err != nil {
		return nil, err
	}
	for _, b := range c.Broken() {
		fmt.Fprintf(s.Err, "grader: warning: left out of the catalog: %v\n", b)
	}
	return c, nil
}

// catalogDirOf returns the catalog folder s names: --catalog, else
// $GRADER_CATALOG; "" for the bundled catalog.
func catalogDirOf(s Streams) string {
	if s.catalogDir != nil && *s.catalogDir != "" {
		return *s.catalogDir
	}
	if s.Getenv != nil {
		return s.Getenv("GRADER_CATALOG")
	}
	return ""
}

// openCatalog loads the catalog folder --catalog or $GRADER_CATALOG
// names, else the catalog bundled in the binary; a binary built with
// -tags nocatalog has none, and says so.
func openCatalog(s Streams) (*catalog.Catalog, error) {
	if dir := catalogDirOf(s); dir != "" {
		c, err := catalog.LoadDir(dir)
		if err != nil {
			return nil, usageError{err}
		}
		return c, nil
	}
	if !exercises.Bundled {
		return nil, usagef("this grader was built without a catalog (-tags nocatalog); pass --catalog DIR or set GRADER_CATALOG to a catalog folder")
	}
	c, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		return nil, fmt.Errorf("the built-in catalog cannot be read (a bug in this grader build): %w", err)
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
	cat, err := openCatalog(s)
	if err != nil {
		return nil, nil, err
	}
	return g.engineFor(s, cat)
}

// engineFor builds a grading engine for the catalog cat; 'grader check'
// passes none, since a candidate's grader has no catalog.
func (g *globalOptions) engineFor(s Streams, cat *catalog.Catalog) (*grader.Engine, *sandbox.Sandbox, error) {
	cache, err := g.resolveCache(s)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := os.Stat(cache); err == nil && !fi.IsDir() {
		return nil, nil, usagef("the cache %s is a file; set --cache or GRADER_CACHE to a directory", cache)
	}
	sb, err := sandbox.New(sandbox.Options{Require: sandbox.Level(g.isolation), Scratch: filepath.Join(cache, "scratch")})
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("%w; run 'grader doctor'", err)}
	}
	// The cache holds the hidden specs' builds and every grading's
	// scratch directory: nobody but the grader (and the sandbox runs it
	// mounts parts of it for) may read it.
	scratch := filepath.Join(cache, "scratch")
	for _, d := range []string{cache, scratch} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, nil, fmt.Errorf("creating %s: %w", d, err)
		}
		if err := sb.PrivateDir(d); err != nil {
			return nil, nil, fmt.Errorf("making %s private: %w", d, err)
		}
	}
	prog, err := cacheProg(cache)
	if err != nil {
		return nil, nil, fmt.Errorf("installing the build-cache helper: %w", err)
	}
	e, err := grader.New(grader.Options{Catalog: cat, Sandbox: sb, CacheDir: cache, Scratch: scratch, CacheProg: prog})
	if err != nil {
		return nil, nil, err
	}
	// What killed gradings left behind goes before anything else runs.
	g.leftovers, g.leftoverErr = e.RemoveLeftovers()
	return e, sb, nil
}
