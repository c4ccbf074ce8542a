package grader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
)

// The tm exercise grades tests: two mutants of a one-function reference.
func tmCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	const impl = "package tm\n\nfunc Double(n int) int { return 2 * n }\n"
	ex := fstest.MapFS{
		"tm/exercise.json":   {Data: []byte(`{"title": "T", "summary": "S", "difficulty": "easy", "suites": {"mutants": {"weight": 100}}}`)},
		"tm/prompt.md":       {Data: []byte("# Tm\n")},
		"tm/stub/tm.go":      {Data: []byte(impl)},
		"tm/stub/tm_test.go": {Data: []byte("package tm\n")},
		"tm/testdata/mutants/negatives/overlay.go": {Data: []byte("// Behaviour: negative numbers double too.\n\npackage tm\n\nfunc Double(n int) int { return 2 * max(n, 0) }\n")},
		"tm/testdata/mutants/zero/overlay.go":      {Data: []byte("// Behaviour: zero doubles to zero.\n\npackage tm\n\nfunc Double(n int) int { return 2*n + 1 }\n")},
	}
	cat, err := catalog.Load(ex, fstest.MapFS{"tm/tm.go": {Data: []byte(impl)}, "tm/tm_test.go": {Data: []byte("package tm\n")}})
	if err != nil || len(cat.Broken()) > 0 {
		t.Fatal(err, cat.Broken())
	}
	return cat
}

// TestGradeTests grades a candidate's tests behind the sandbox seam: a
// build writes its binary, and a run of it fails when the mutant its
// environment selects is one the candidate's tests catch.
func TestGradeTests(t *testing.T) {
	type testCase struct {
		name     string
		files    []catalog.File
		buildOut string
		failOn   []string // GRADER_MUTANT values whose runs fail ("" is the reference)
		want     []scorecard.Test
		build    string
		score    float64
	}
	tests := []catalog.File{{Name: "tm.go", Data: []byte("package tm\n")}, {Name: "tm_test.go", Data: []byte("package tm\n")}}
	run := func(t *testing.T, tc testCase) {
		var ran []string
		var mu = make(chan struct{}, 1)
		e := newEngine(Options{Catalog: tmCatalog(t), Sandbox: &sandbox.Sandbox{}, CacheDir: t.TempDir(), Scratch: t.TempDir(), Parallel: 2},
			goEnv{GOROOT: "/nonexistent/goroot", GOVERSION: "go1.26-fake"})
		e.trusted = func(_ context.Context, _ string, _ []string, _ string, args ...string) ([]byte, error) {
			return nil, os.WriteFile(argAfter(args, "-o"), []byte("reference"), 0o755)
		}
		e.sandboxed = func(_ context.Context, cmd sandbox.Cmd) (sandbox.Result, error) {
			if filepath.Base(cmd.Path) == "go" {
				if tc.buildOut != "" {
					return sandbox.Result{ExitCode: 1, Stderr: []byte(tc.buildOut)}, nil
				}
				return sandbox.Result{}, os.WriteFile(argAfter(cmd.Args, "-o"), []byte("candidate"), 0o755)
			}
			id := ""
			for _, v := range cmd.Env {
				if s, ok := strings.CutPrefix(v, catalog.MutantEnv+"="); ok {
					id = s
				}
			}
			mu <- struct{}{}
			ran = append(ran, id)
			<-mu
			if slices.Contains(tc.failOn, id) {
				return sandbox.Result{ExitCode: 1, Stdout: []byte("\x16=== RUN   TestDouble\n    tm_test.go:9: Double(-1) = 0, want -2\n\x16--- FAIL: TestDouble (0.00s)\n\x16FAIL\n")}, nil
			}
			return sandbox.Result{Stdout: []byte("\x16=== RUN   TestDouble\n\x16--- PASS: TestDouble (0.00s)\n\x16PASS\n")}, nil
		}
		files := tc.files
		if files == nil {
			files = tests
		}
		card, err := e.GradeFiles(context.Background(), Config{Exercise: "tm", Seed: 1}, "sub", files)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range card.Suites {
			names = append(names, s.Name)
		}
		got := card.Suite(scorecard.Mutants).Tests
		for i := range got {
			got[i].DurationMS = 0
		}
		if diff := cmp.Diff(tc.want, got); diff != "" || card.Build.Status != tc.build || card.Score != tc.score || !slices.Equal(names, []string{"mutants"}) {
			t.Errorf("mutants (-want +got):\n%s\nbuild %s, score %v, suites %v", diff, card.Build.Status, card.Score, names)
		}
	}
	for _, tc := range []testCase{
		{
			name: "one mutant killed, one survives", failOn: []string{"1"}, build: scorecard.BuildOK, score: 50,
			want: []scorecard.Test{
				{Name: "negatives", Status: scorecard.StatusPass, Verdict: scorecard.VerdictPassed, Message: "killed: TestDouble failed", Description: "negative numbers double too."},
				{Name: "zero", Status: scorecard.StatusFail, Verdict: scorecard.VerdictSurvived, Message: "untested: zero doubles to zero.", Description: "zero doubles to zero."},
			},
		},
		{
			name: "the tests fail against the reference", failOn: []string{"", "1", "2"}, build: scorecard.BuildOK, score: 0,
			want: []scorecard.Test{
				{Name: "negatives", Status: scorecard.StatusFail, Verdict: scorecard.VerdictReferenceFailed, Description: "negative numbers double too.",
					Message: "not run: your tests fail against the correct implementation, so they cannot tell a bug from it: TestDouble failed\ntm_test.go:9: Double(-1) = 0, want -2"},
				{Name: "zero", Status: scorecard.StatusFail, Verdict: scorecard.VerdictReferenceFailed, Description: "zero doubles to zero.",
					Message: "not run: your tests fail against the correct implementation, so they cannot tell a bug from it: TestDouble failed\ntm_test.go:9: Double(-1) = 0, want -2"},
			},
		},
		{
			name: "the tests do not compile", buildOut: "./tm_test.go:3:1: syntax error\n", build: scorecard.BuildFailed, score: 0,
			want: []scorecard.Test{
				{Name: "negatives", Status: scorecard.StatusFail, Verdict: scorecard.VerdictBuildFailed, Message: "not run: your tests do not compile (see build)", Description: "negative numbers double too."},
				{Name: "zero", Status: scorecard.StatusFail, Verdict: scorecard.VerdictBuildFailed, Message: "not run: your tests do not compile (see build)", Description: "zero doubles to zero."},
			},
		},
		{
			name: "no test files", files: []catalog.File{{Name: "tm.go", Data: []byte("package tm\n")}}, build: scorecard.BuildFailed, score: 0,
			want: []scorecard.Test{
				{Name: "negatives", Status: scorecard.StatusFail, Verdict: scorecard.VerdictBuildFailed, Message: "not run: the submission has no _test.go files", Description: "negative numbers double too."},
				{Name: "zero", Status: scorecard.StatusFail, Verdict: scorecard.VerdictBuildFailed, Message: "not run: the submission has no _test.go files", Description: "zero doubles to zero."},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
