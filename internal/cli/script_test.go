package cli_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/internal/cli"
	"github.com/hiringtools/grader/internal/testcache"
	"github.com/hiringtools/grader/solutions"
)

// TestMain makes this test binary the grader when a script runs it as
// "grader", and when the grader runs a copy of itself as its build-cache
// helper (cacheProg copies os.Executable() to CACHE/bin/grader-HASH and
// runs that as GOCACHEPROG). Without the second case, the copy would run
// this whole test suite as the go command's cache program.
func TestMain(m *testing.M) {
	if strings.HasPrefix(filepath.Base(os.Args[0]), "grader-") {
		os.Exit(cli.Main(os.Args[1:], cli.System()))
	}
	testscript.Main(leakCheckedM{m}, map[string]func(){
		"grader": func() { os.Exit(cli.Main(os.Args[1:], cli.System())) },
	})
}

// leakCheckedM runs the tests, then looks for goroutines left behind.
type leakCheckedM struct{ m *testing.M }

func (l leakCheckedM) Run() int {
	code := l.m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on successful test run: %v\n", err)
			return 1
		}
	}
	return code
}

var update = flag.Bool("update", false, "rewrite the scripts' expected output (cmp stdout want) from what the grader prints")

// cacheDir is the grader cache the scripts share with the other tests
// that grade (see package testcache).
var cacheDir = testcache.Dir()

// TestScripts runs testdata/script/*.txtar against the real command. A
// script that grades for real (it builds and runs tests) starts with
// "[short] skip".
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("GRADER_CACHE", cacheDir)
			// The grader carries the spec's dependencies: every script
			// grades with an empty module cache and no module proxy.
			env.Setenv("GOMODCACHE", filepath.Join(env.WorkDir, ".modcache"))
			env.Setenv("GOPROXY", "off")
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"every-slug": cmdEverySlug,
			"card":       cmdCard,
			"tty-grader": cmdTTYGrader,
			"exits":      cmdExits,
			"zip":        cmdZip,           // batch_script_test.go
			"wait-card":  cmdWaitScorecard, // batch_script_test.go
			"free-port":  cmdFreePort,      // queue_script_test.go
			"dial":       cmdDial,          // queue_script_test.go
		},
	})
}

// cmdEverySlug checks that FILE (e.g. stdout) of 'grader list' has a row
// for every exercise of the catalog, in slug order:
//
//	every-slug stdout
func cmdEverySlug(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: every-slug FILE")
	}
	out := ts.ReadFile(args[0])
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	ts.Check(err)
	var rows []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		slug, _, _ := strings.Cut(l, " ")
		rows = append(rows, slug)
	}
	var want []string
	for _, e := range cat.List() {
		want = append(want, e.Slug)
	}
	if len(want) == 0 {
		ts.Fatalf("the catalog is empty")
	}
	if !slices.Equal(rows, want) {
		ts.Fatalf("list rows are for %v; want one row per exercise, in order: %v", rows, want)
	}
}

// cmdCard decodes FILE as a JSON scorecard, strictly (no unknown fields,
// nothing after it), and checks what its arguments claim:
//
//	card FILE [score<N] [score>=N] [SUITE<N]... [passed=BOOL] [ignored=PATH]... [suite=SUITE:STATUS]...
//	          [build=STATUS] [policy=FILE:LINE:RULE]... [candidate=LABEL] [dirty=BOOL] [commit=40hex|none]
//	          [sha256=64hex|none] [graded_at=rfc3339] [selected=SUITE,...]
func cmdCard(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: card FILE [claim]...")
	}
	dec := json.NewDecoder(strings.NewReader(ts.ReadFile(args[0])))
	dec.DisallowUnknownFields()
	var c scorecard.Scorecard
	if err := dec.Decode(&c); err != nil {
		ts.Fatalf("%s is not a JSON scorecard: %v", args[0], err)
	}
	if _, err := dec.Token(); err != io.EOF {
		ts.Fatalf("%s holds more than one JSON value", args[0])
	}
	if c.Schema != scorecard.Schema {
		ts.Fatalf("schema %q, want %q", c.Schema, scorecard.Schema)
	}
	for _, claim := range args[1:] {
		var ok bool
		switch {
		case strings.HasPrefix(claim, "score<"):
			n, err := strconv.ParseFloat(strings.TrimPrefix(claim, "score<"), 64)
			ts.Check(err)
			ok = c.Score < n
		case strings.HasPrefix(claim, "score>="):
			n, err := strconv.ParseFloat(strings.TrimPrefix(claim, "score>="), 64)
			ts.Check(err)
			ok = c.Score >= n
		case strings.HasPrefix(claim, "passed="):
			b, err := strconv.ParseBool(strings.TrimPrefix(claim, "passed="))
			ts.Check(err)
			ok = c.Passed == b
		case strings.HasPrefix(claim, "ignored="):
			p := strings.TrimPrefix(claim, "ignored=")
			ok = slices.ContainsFunc(c.IgnoredFiles, func(f scorecard.Ignored) bool { return f.Path == p })
		case slices.ContainsFunc(scorecard.SuiteNames, func(n string) bool { return strings.HasPrefix(claim, n+"<") }):
			name, v, _ := strings.Cut(claim, "<")
			n, err := strconv.ParseFloat(v, 64)
			ts.Check(err)
			s := c.Suite(name)
			ok = s != nil && s.Score < n
		case strings.HasPrefix(claim, "build="):
			ok = c.Build.Status == strings.TrimPrefix(claim, "build=")
		case strings.HasPrefix(claim, "policy="):
			ok = slices.ContainsFunc(c.Policy, func(v scorecard.Violation) bool {
				return fmt.Sprintf("%s:%d:%s", v.File, v.Line, v.Rule) == strings.TrimPrefix(claim, "policy=")
			})
		case strings.HasPrefix(claim, "candidate="):
			ok = c.Candidate == strings.TrimPrefix(claim, "candidate=")
		case strings.HasPrefix(claim, "dirty="):
			b, err := strconv.ParseBool(strings.TrimPrefix(claim, "dirty="))
			ts.Check(err)
			ok = c.Dirty == b
		case strings.HasPrefix(claim, "commit="):
			ok = matchID(c.Commit, strings.TrimPrefix(claim, "commit="), 40)
		case strings.HasPrefix(claim, "sha256="):
			ok = matchID(c.SHA256, strings.TrimPrefix(claim, "sha256="), 64)
		case claim == "graded_at=rfc3339":
			_, err := time.Parse(time.RFC3339, c.GradedAt)
			ok = err == nil && strings.HasSuffix(c.GradedAt, "Z")
		case strings.HasPrefix(claim, "selected="):
			ok = slices.Equal(c.Selected, strings.Split(strings.TrimPrefix(claim, "selected="), ","))
		case strings.HasPrefix(claim, "suite="):
			name, status, _ := strings.Cut(strings.TrimPrefix(claim, "suite="), ":")
			s := c.Suite(name)
			ok = s != nil && s.Status == status
		default:
			ts.Fatalf("card: unknown claim %q", claim)
		}
		if !ok {
			summary, _ := json.MarshalIndent(struct {
				Score     float64               `json:"score"`
				Passed    bool                  `json:"passed"`
				Ignored   []scorecard.Ignored   `json:"ignored_files"`
				Suites    []string              `json:"suites"`
				Build     string                `json:"build"`
				Policy    []scorecard.Violation `json:"policy"`
				Candidate string                `json:"candidate"`
				Commit    string                `json:"commit"`
				Dirty     bool                  `json:"dirty"`
				SHA256    string                `json:"submission_sha256"`
				GradedAt  string                `json:"graded_at"`
			}{c.Score, c.Passed, c.IgnoredFiles, suiteStatuses(c), c.Build.Status, c.Policy, c.Candidate, c.Commit, c.Dirty, c.SHA256, c.GradedAt}, "", "  ")
			ts.Fatalf("card: %s is false of %s:\n%s", claim, args[0], summary)
		}
	}
}

// matchID checks an id field against a claim: "none" (absent), "40hex"
// or "64hex" (any lower-case hex id of that length), or the id itself.
func matchID(got, claim string, n int) bool {
	switch claim {
	case "none":
		return got == ""
	case fmt.Sprintf("%dhex", n):
		return len(got) == n && strings.Trim(got, "0123456789abcdef") == ""
	}
	return got == claim
}

func suiteStatuses(c scorecard.Scorecard) []string {
	var out []string
	for _, s := range c.Suites {
		out = append(out, fmt.Sprintf("%s:%s %.1f/%g", s.Name, s.Status, s.Score, s.MaxScore))
	}
	return out
}

// cmdExits runs a command as exec does, so that stdout and stderr can
// be checked next, and checks its exit code (testscript's "! exec" only
// says it was not 0):
//
//	exits CODE COMMAND ARGS...
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdTTYGrader runs the grader in this process with its stdout taken for
// a terminal, so that a script can check colour and NO_COLOR (testscript
// never gives an exec'd command a terminal for stdout). The script's
// environment is the grader's; its directory is not, so paths in ARGS
// must be absolute ($WORK/...). What the grader prints is this command's
// stdout and stderr.
//
//	[!] tty-grader ARGS...
func cmdTTYGrader(ts *testscript.TestScript, neg bool, args []string) {
	code := cli.Main(args, cli.Streams{
		In: strings.NewReader(""), Out: ts.Stdout(), Err: ts.Stderr(), OutTTY: true,
		Getenv: ts.Getenv,
	})
	if (code != 0) != neg {
		ts.Fatalf("tty-grader exited %d", code)
	}
}
