package kit_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
)

// capturedRun is a Runner that returns what the engine's RunKit returned
// for a real kit once (testdata/runs/NAME.json, from 'go vet' and 'go
// test -race -json' in the sandbox), so that the check's judgement is
// tested without Go or a sandbox.
type capturedRun struct {
	res *kit.RunResult
	req *kit.RunRequest
}

func (c *capturedRun) RunKit(_ context.Context, req kit.RunRequest) (*kit.RunResult, error) {
	c.req = &req
	return c.res, nil
}

// writeKit writes the kit of ex into a new folder and returns it.
func writeKit(t *testing.T, ex *catalog.Exercise) string {
	t.Helper()
	files, _, err := kit.Cut(ex, "test")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "kit")
	if err := kit.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// finding is what a test compares of a kit.Finding: the check, where,
// and the suites it costs; the messages are the script tests' business.
type finding struct{ Check, File, Costs string }

func TestCheck(t *testing.T) {
	type testCase struct {
		name     string
		code     string // the candidate's ratelimiter.go, a testdata/runs file; "" for the stub
		run      string // testdata/runs/<run>.json, the captured RunKit result
		want     []finding
		passed   []string
		notRun   []string // public tests not run
		leakFile bool     // the leak check was added to the tests run
		reason   string
	}
	run := func(t *testing.T, tc testCase) {
		ex, err := bundled(t).Get("ratelimiter")
		if err != nil {
			t.Fatal(err)
		}
		dir := writeKit(t, ex)
		if tc.code != "" {
			code, err := os.ReadFile(filepath.Join("testdata", "runs", tc.code))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "ratelimiter.go"), code, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(filepath.Join("testdata", "runs", tc.run+".json"))
		if err != nil {
			t.Fatal(err)
		}
		runner := &capturedRun{res: &kit.RunResult{}}
		if err := json.Unmarshal(data, runner.res); err != nil {
			t.Fatal(err)
		}
		r, err := kit.Check(context.Background(), dir, runner)
		if err != nil {
			t.Fatal(err)
		}
		var got []finding
		for _, f := range r.Findings {
			got = append(got, finding{f.Check, f.File, f.Costs})
			if f.Check == kit.CheckVet && !strings.Contains(f.Message, "costs no points") {
				t.Errorf("a vet finding does not say it costs no points: %s", f.Message)
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("findings (-want +got):\n%s%s", diff, tc.reason)
		}
		if diff := cmp.Diff(tc.passed, r.Passed); diff != "" {
			t.Errorf("passed (-want +got):\n%s", diff)
		}
		var notRun []string
		for _, p := range r.PublicTests {
			if p.Status == "not_run" {
				notRun = append(notRun, p.Name)
			}
		}
		if diff := cmp.Diff(tc.notRun, notRun); diff != "" {
			t.Errorf("public tests not run (-want +got):\n%s", diff)
		}
		if r.OK != (len(tc.want) == 0) || r.HiddenSuites {
			t.Errorf("ok %v, hidden suites run %v", r.OK, r.HiddenSuites)
		}
		leak := false
		for _, f := range runner.req.Tests {
			leak = leak || f.Name == "zz_grader_leakcheck_test.go"
		}
		if leak != tc.leakFile || len(runner.req.Warm) != 1 {
			t.Errorf("leak check run: %v, warm files %d", leak, len(runner.req.Warm))
		}
	}
	for _, tc := range []testCase{
		{
			name: "race, leak and a missing method", code: "race-leak-missing-wait.go.txt", run: "race-leak-missing-wait",
			want: []finding{
				{kit.CheckAPI, "", "every suite with tests that use it"},
				{kit.CheckGofmt, "ratelimiter.go", ""},
				{kit.CheckRace, "", "race"},
				{kit.CheckLeak, "", "leak"},
			},
			passed:   []string{"the import and language rules", "it type-checks", "go vet"},
			notRun:   []string{"TestWaitGivesUpWithContext", "TestStopReleasesWait"},
			leakFile: true,
		},
		{
			name: "the stub fails its public tests", run: "stub",
			want: []finding{
				{kit.CheckTests, "", "correctness"}, {kit.CheckTests, "", "correctness"},
				{kit.CheckTests, "", "correctness"}, {kit.CheckTests, "", "correctness"},
			},
			passed: []string{"the import and language rules", "the API: every symbol of .grader/kit.json is declared as it says",
				"it type-checks", "gofmt", "go vet", "no goroutines left running after the public tests"},
			leakFile: true,
		},
		{
			name: "vet finds a bad format", code: "vet.go.txt", run: "vet",
			reason: "the grader builds with -vet=off, so a vet finding is advice that costs no suite, and the public tests still run",
			want:   []finding{{kit.CheckVet, "ratelimiter.go", ""}},
			passed: []string{"the import and language rules", "the API: every symbol of .grader/kit.json is declared as it says",
				"it type-checks", "gofmt", "the public tests pass with -race (4)", "no goroutines left running after the public tests"},
			leakFile: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// A kit of an exercise that allows a module (jwtauth allows
// github.com/golang-jwt/jwt/v5) says so in kit.json, and its check lets
// a submission built on that module through the import rule and the
// type check, as a grading does, and asks for it to be vendored when the
// public tests run; a module the exercise does not allow is still
// refused.
func TestCheckAllowsTheExercisesModules(t *testing.T) {
	ex, err := bundled(t).Get("jwtauth")
	if err != nil {
		t.Fatal(err)
	}
	var good []byte
	for _, g := range ex.Good {
		if g.Name == "golang-jwt" {
			good = g.Files[0].Data
		}
	}
	if !strings.Contains(string(good), `"github.com/golang-jwt/jwt/v5"`) {
		t.Fatal("jwtauth has no known-good fixture golang-jwt built on github.com/golang-jwt/jwt/v5")
	}
	check := func(code string) (*kit.Report, *capturedRun) {
		dir := writeKit(t, ex)
		if err := os.WriteFile(filepath.Join(dir, "jwtauth.go"), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := kit.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"github.com/golang-jwt/jwt/v5"}, m.Imports.Modules); diff != "" {
			t.Errorf("kit.json's imports.modules (-want +got):\n%s", diff)
		}
		runner := &capturedRun{res: &kit.RunResult{}}
		r, err := kit.Check(context.Background(), dir, runner)
		if err != nil {
			t.Fatal(err)
		}
		return r, runner
	}
	r, runner := check(string(good))
	for _, f := range r.Findings {
		if f.Check == kit.CheckPolicy || f.Check == kit.CheckCompile {
			t.Errorf("the golang-jwt solution: %s %s:%d: %s %s", f.Check, f.File, f.Line, f.Message, f.Detail)
		}
	}
	if runner.req == nil || !slices.Equal(runner.req.Modules, []string{"github.com/golang-jwt/jwt/v5"}) {
		t.Errorf("the public tests' run did not ask for the module: %+v", runner.req)
	}

	other := strings.Replace(string(good), `"github.com/golang-jwt/jwt/v5"`, "jwt \"github.com/golang-jwt/jwt/v4\"", 1)
	r, _ = check(other)
	refused := false
	for _, f := range r.Findings {
		refused = refused || f.Check == kit.CheckPolicy && strings.Contains(f.Message, "github.com/golang-jwt/jwt/v4")
	}
	if !refused {
		t.Errorf("a module the exercise does not allow was not refused: %+v", r.Findings)
	}
}
