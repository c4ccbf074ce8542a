package batch_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fake is a grader that needs no sandbox: a submission's score is in its
// source, as "// pass N" (N of 4 correctness tests pass), and "// panic"
// makes the grader panic.
type fake struct {
	version string
	mu      sync.Mutex
	graded  []string // the candidates graded, in order
	// before, if set, runs first in each grading, with its 1-based number.
	before func(ctx context.Context, n int) error
}

func (f *fake) grade(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error) {
	f.mu.Lock()
	f.graded = append(f.graded, cfg.Candidate)
	n := len(f.graded)
	f.mu.Unlock()
	if f.before != nil {
		if err := f.before(ctx, n); err != nil {
			return nil, err
		}
	}
	src := string(sub.Files[0].Data)
	if strings.Contains(src, "// panic") {
		panic("fake grader bug")
	}
	pass := 4
	if m := regexp.MustCompile(`// pass (\d)`).FindStringSubmatch(src); m != nil {
		pass, _ = strconv.Atoi(m[1])
	}
	cfg.Handler.Event(grader.Event{Kind: grader.KindBuild, Status: grader.StatusStart})
	return fakeCard(cfg, sub.SHA256, f.version, pass, "bwrap+cgroup"), nil
}

func (f *fake) gradedNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.graded)
	sort.Strings(out)
	return out
}

func fakeCard(cfg grader.Config, sha, version string, pass int, level string) *scorecard.Scorecard {
	c := scorecard.New(cfg.Exercise, cfg.Submission)
	c.Candidate, c.SHA256, c.GraderVersion = cfg.Candidate, sha, version
	c.Isolation.Level = level
	c.Build.Status = scorecard.BuildOK
	c.DurationMS = 61_400
	weights := map[string]float64{scorecard.Correctness: 40, scorecard.Race: 20, scorecard.Leak: 20, scorecard.Latency: 20}
	for _, name := range scorecard.SuiteNames {
		s := scorecard.Suite{Name: name, Weight: weights[name]}
		if len(cfg.Suites) > 0 && !slices.Contains(cfg.Suites, name) {
			s.Status = scorecard.StatusSkipped
		}
		for i := range 4 {
			st := scorecard.StatusPass
			if name == scorecard.Correctness && i >= pass {
				st = scorecard.StatusFail
			}
			s.Tests = append(s.Tests, scorecard.Test{Name: "Test" + strconv.Itoa(i), Status: st})
		}
		c.Suites = append(c.Suites, s)
	}
	c.Tally(cfg.Threshold)
	return c
}

// submissions writes a batch folder: each name maps to the source of its
// one file; a name ending in .zip is written as a zip archive, any other
// as a folder.
func submissions(t *testing.T, subs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range subs {
		writeSub(t, dir, name, src)
	}
	return dir
}

func writeSub(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if strings.HasSuffix(name, ".zip") {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("sub.go")
		w.Write([]byte(src))
		zw.Close()
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "sub.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listing lists the files under dir, relative and sorted.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func options(dir, results string, f *fake) batch.Options {
	return batch.Options{
		Dir: dir, Results: results, Jobs: 2, Grade: f.grade, Version: f.version,
		Config: grader.Config{Exercise: "ratelimiter", Suites: []string{"correctness", "race"}},
	}
}

func TestList(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"ada", "bob.git", ".hidden", "results"} {
		os.Mkdir(filepath.Join(dir, d), 0o755)
	}
	for _, f := range []string{"cy.zip", "dee.TAR.GZ", "eve.tgz", "fay.bundle", "notes.txt", ".DS_Store"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	got, err := batch.List(dir, filepath.Join(dir, "results"))
	if err != nil {
		t.Fatal(err)
	}
	want := []batch.Entry{
		{"ada", filepath.Join(dir, "ada")}, {"bob.git", filepath.Join(dir, "bob.git")},
		{"cy", filepath.Join(dir, "cy.zip")}, {"dee", filepath.Join(dir, "dee.TAR.GZ")},
		{"eve", filepath.Join(dir, "eve.tgz")}, {"fay", filepath.Join(dir, "fay.bundle")},
		{"notes.txt", filepath.Join(dir, "notes.txt")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}

	os.WriteFile(filepath.Join(dir, "ADA.zip"), nil, 0o644)
	if _, err := batch.List(dir, ""); err == nil || !strings.Contains(err.Error(), `ADA.zip and ada would both be named "ada"`) {
		t.Errorf("List with ada and ADA.zip: %v; want an error naming both", err)
	}
	os.Remove(filepath.Join(dir, "ADA.zip"))
	os.WriteFile(filepath.Join(dir, "Batch.tgz"), nil, 0o644)
	if _, err := batch.List(dir, ""); err == nil || !strings.Contains(err.Error(), `clash with the results' batch.json`) {
		t.Errorf("List with Batch.tgz: %v; want an error", err)
	}
	os.Remove(filepath.Join(dir, "Batch.tgz"))
	os.Mkdir(filepath.Join(dir, "similarity"), 0o755)
	if _, err := batch.List(dir, ""); err == nil || !strings.Contains(err.Error(), `clash with the results' similarity.json`) {
		t.Errorf("List with similarity/: %v; want an error", err)
	}
}

// TestRunRecordsEachFailureAndResumes grades a batch with a refused
// archive and a submission that makes the grader panic, and runs it
// again: only what failed or changed is graded again.
func TestRunRecordsEachFailureAndResumes(t *testing.T) {
	dir := submissions(t, map[string]string{
		"ada":     "package ratelimiter // pass 4\n",
		"bob.zip": "package ratelimiter // pass 3\n",
		"cy":      "package ratelimiter // pass 1\n",
		"panicky": "package ratelimiter // panic\n",
		".hidden": "package ratelimiter\n",
	})
	os.WriteFile(filepath.Join(dir, "bad.zip"), []byte("not a zip"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes\n"), 0o644)
	results := filepath.Join(t.TempDir(), "results")
	f := &fake{version: "v1"}
	rep, err := batch.Run(context.Background(), options(dir, results, f))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ada", "bob", "cy", "panicky"}, f.gradedNames()); diff != "" {
		t.Errorf("graded (-want +got):\n%s", diff)
	}
	wantFiles := []string{
		"ada.json", "batch.json", "bob.json", "cy.json",
		"errors/bad.json", "errors/notes.md.json", "errors/panicky.json",
		"src/ada/sub.go", "src/bob/sub.go", "src/cy/sub.go",
	}
	if diff := cmp.Diff(wantFiles, listing(t, results)); diff != "" {
		t.Errorf("results folder (-want +got):\n%s", diff)
	}
	type outcome struct {
		Name, Kind string
		Score      float64
		UpToDate   bool
	}
	outcomes := func(rep *batch.Report) []outcome {
		var out []outcome
		for _, r := range rep.Results {
			o := outcome{Name: r.Name, UpToDate: r.UpToDate}
			if r.Card != nil {
				o.Score = r.Card.Score
			} else {
				o.Kind = r.Failure.Kind
			}
			out = append(out, o)
		}
		return out
	}
	want := []outcome{
		{Name: "ada", Score: 100}, {Name: "bad", Kind: "refused"}, {Name: "bob", Score: 83.3},
		{Name: "cy", Score: 16.7}, {Name: "notes.md", Kind: "refused"}, {Name: "panicky", Kind: "error"},
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	panicked, err := os.ReadFile(filepath.Join(results, "errors", "panicky.json"))
	if err != nil || !strings.Contains(string(panicked), "the grader panicked: fake grader bug") || !strings.Contains(string(panicked), `"stack"`) {
		t.Errorf("errors/panicky.json: %v\n%s", err, panicked)
	}
	src, _ := os.ReadFile(filepath.Join(results, "src", "bob", "sub.go"))
	if string(src) != "package ratelimiter // pass 3\n" {
		t.Errorf("src/bob/sub.go holds %q", src)
	}

	// Again: only the failure is tried again.
	f2 := &fake{version: "v1"}
	rep, err = batch.Run(context.Background(), options(dir, results, f2))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"panicky"}, f2.gradedNames()); diff != "" {
		t.Errorf("second run graded (-want +got):\n%s", diff)
	}
	for i := range want {
		want[i].UpToDate = want[i].Kind == ""
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}

	// A changed submission, a fixed one and a new one are graded; the
	// others are not.
	writeSub(t, dir, "cy", "package ratelimiter // pass 2\n")
	writeSub(t, dir, "panicky", "package ratelimiter // pass 4\n")
	writeSub(t, dir, "dee", "package ratelimiter // pass 4\n")
	f3 := &fake{version: "v1"}
	if _, err := batch.Run(context.Background(), options(dir, results, f3)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cy", "dee", "panicky"}, f3.gradedNames()); diff != "" {
		t.Errorf("third run graded (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(results, "errors", "panicky.json")); err == nil {
		t.Error("panicky has a scorecard now, and still an error file")
	}

	// Another grader version, or other suites, grade everything again.
	f4 := &fake{version: "v2"}
	if _, err := batch.Run(context.Background(), options(dir, results, f4)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ada", "bob", "cy", "dee", "panicky"}, f4.gradedNames()); diff != "" {
		t.Errorf("new version graded (-want +got):\n%s", diff)
	}
	f5 := &fake{version: "v2"}
	opts := options(dir, results, f5)
	opts.Config.Suites = nil
	if _, err := batch.Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ada", "bob", "cy", "dee", "panicky"}, f5.gradedNames()); diff != "" {
		t.Errorf("all suites graded (-want +got):\n%s", diff)
	}
}

// TestRunStoppedHalfWayResumes stops a batch during its third grading,
// as a signal does, and runs it again: the finished scorecards stay, the
// stopped grading leaves nothing, and the second run grades the rest, so
// that every scorecard is there once.
func TestRunStoppedHalfWayResumes(t *testing.T) {
	subs := map[string]string{}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		subs[n] = "package ratelimiter // pass 4 " + n + "\n"
	}
	dir := submissions(t, subs)
	results := filepath.Join(t.TempDir(), "results")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fake{version: "v1", before: func(ctx context.Context, n int) error {
		if n == 3 {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}}
	opts := options(dir, results, f)
	opts.Jobs = 1
	if _, err := batch.Run(ctx, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run stopped half-way: %v; want context.Canceled", err)
	}
	want := []string{"a.json", "b.json", "batch.json", "src/a/sub.go", "src/b/sub.go"}
	if diff := cmp.Diff(want, listing(t, results)); diff != "" {
		t.Errorf("results of the stopped run (-want +got):\n%s", diff)
	}

	f2 := &fake{version: "v1"}
	rep, err := batch.Run(context.Background(), options(dir, results, f2))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"c", "d", "e"}, f2.gradedNames()); diff != "" {
		t.Errorf("the second run graded (-want +got):\n%s", diff)
	}
	want = []string{"a.json", "b.json", "batch.json", "c.json", "d.json", "e.json",
		"src/a/sub.go", "src/b/sub.go", "src/c/sub.go", "src/d/sub.go", "src/e/sub.go"}
	if diff := cmp.Diff(want, listing(t, results)); diff != "" {
		t.Errorf("results after resuming (-want +got):\n%s", diff)
	}
	if len(rep.Results) != 5 {
		t.Errorf("%d results, want 5", len(rep.Results))
	}
}

// TestRegrade shows who moved before anything is replaced, and replaces
// only with Apply, reusing the gradings the regrade already did.
func TestRegrade(t *testing.T) {
	dir := submissions(t, map[string]string{
		"ada": "package ratelimiter // pass 4\n",
		"bob": "package ratelimiter // pass 2\n",
		"cy":  "package ratelimiter // pass 3\n",
	})
	results := filepath.Join(t.TempDir(), "results")
	if _, err := batch.Run(context.Background(), options(dir, results, &fake{version: "v1"})); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, n := range listing(t, results) {
		before[n], _ = os.ReadFile(filepath.Join(results, n))
	}

	// The new grader fails one more of bob's tests, and panics on cy.
	regrader := func() *fake {
		f := &fake{version: "v2"}
		return f
	}
	f := regrader()
	opts := options(dir, results, f)
	opts.Regrade = true
	opts.Grade = func(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error) {
		switch cfg.Candidate {
		case "bob":
			sub.Files[0].Data = []byte("package ratelimiter // pass 1\n")
		case "cy":
			sub.Files[0].Data = []byte("package ratelimiter // panic\n")
		}
		return f.grade(ctx, cfg, sub)
	}
	rep, err := batch.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var moves bytes.Buffer
	batch.WriteMoves(&moves, rep.Moves)
	wantMoves := "candidate  before  after  change  suites\n" +
		"bob        66.7    16.7   -50.0   correctness -10.0, race -20.0\n" +
		"cy         83.3    error  -\n" +
		"2 moved, 1 unchanged\n"
	if diff := cmp.Diff(wantMoves, moves.String()); diff != "" {
		t.Errorf("moves (-want +got):\n%s", diff)
	}
	for n, data := range before {
		now, err := os.ReadFile(filepath.Join(results, n))
		if err != nil || !bytes.Equal(now, data) && n != "batch.json" {
			t.Errorf("a regrade without apply changed %s", n)
		}
	}

	// Apply: what the regrade graded is not graded again (cy's error is).
	f2 := regrader()
	opts.Grade = func(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error) {
		if cfg.Candidate == "cy" {
			sub.Files[0].Data = []byte("package ratelimiter // panic\n")
		}
		return f2.grade(ctx, cfg, sub)
	}
	opts.Apply = true
	rep, err = batch.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cy"}, f2.gradedNames()); diff != "" {
		t.Errorf("regrade --apply graded (-want +got):\n%s", diff)
	}
	moves.Reset()
	batch.WriteMoves(&moves, rep.Moves)
	if diff := cmp.Diff(wantMoves, moves.String()); diff != "" {
		t.Errorf("moves of the applied regrade (-want +got):\n%s", diff)
	}
	want := []string{"ada.json", "batch.json", "bob.json", "errors/cy.json", "src/ada/sub.go", "src/bob/sub.go"}
	if diff := cmp.Diff(want, listing(t, results)); diff != "" {
		t.Errorf("results after apply (-want +got):\n%s", diff)
	}
	bob, _ := os.ReadFile(filepath.Join(results, "bob.json"))
	if !strings.Contains(string(bob), `"score": 16.7`) {
		t.Errorf("bob.json after apply:\n%s", bob)
	}
}

func TestRunRefusesAnotherExercisesResults(t *testing.T) {
	dir := submissions(t, map[string]string{"ada": "package ratelimiter\n"})
	results := t.TempDir()
	if _, err := batch.Run(context.Background(), options(dir, results, &fake{version: "v1"})); err != nil {
		t.Fatal(err)
	}
	opts := options(dir, results, &fake{version: "v1"})
	opts.Config.Exercise = "lrucache"
	if _, err := batch.Run(context.Background(), opts); !errors.Is(err, batch.ErrOtherExercise) {
		t.Errorf("Run into a ratelimiter batch's results for lrucache: %v; want ErrOtherExercise", err)
	}
}

// TestRunInsideTheSubmissionsFolder: results kept inside the submissions
// folder are not a submission.
func TestRunInsideTheSubmissionsFolder(t *testing.T) {
	dir := submissions(t, map[string]string{"ada": "package ratelimiter\n"})
	f := &fake{version: "v1"}
	if _, err := batch.Run(context.Background(), options(dir, filepath.Join(dir, "results"), f)); err != nil {
		t.Fatal(err)
	}
	rep, err := batch.Run(context.Background(), options(dir, filepath.Join(dir, "results"), f))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || rep.Results[0].Name != "ada" {
		t.Errorf("results %+v; want ada's alone", rep.Results)
	}
}

// A submission taken out of the folder since an earlier run is no longer
// the batch's: the next run moves its files to removed/, where reports do
// not look, and says so; a shard of the batch counts the whole folder.
func TestRunMovesRemovedSubmissionsAside(t *testing.T) {
	dir := submissions(t, map[string]string{
		"ada":     "package ratelimiter // pass 4\n",
		"bob":     "package ratelimiter // pass 3\n",
		"bad.zip": "",
	})
	os.WriteFile(filepath.Join(dir, "bad.zip"), []byte("not a zip"), 0o644)
	results := filepath.Join(t.TempDir(), "results")
	if _, err := batch.Run(context.Background(), options(dir, results, &fake{version: "v1"})); err != nil {
		t.Fatal(err)
	}
	// A shard sees the whole folder: nothing is gone.
	opts := options(dir, results, &fake{version: "v1"})
	opts.Shard = batch.Shard{Index: 2, Count: 2}
	rep, err := batch.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Removed) > 0 {
		t.Errorf("a shard removed %v", rep.Removed)
	}

	os.RemoveAll(filepath.Join(dir, "bob"))
	os.Remove(filepath.Join(dir, "bad.zip"))
	f := &fake{version: "v1"}
	rep, err = batch.Run(context.Background(), options(dir, results, f))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"bad", "bob"}, rep.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	if len(f.gradedNames()) > 0 {
		t.Errorf("graded %v; ada was up to date", f.gradedNames())
	}
	want := []string{
		"ada.json", "batch.json",
		"removed/bob.json", "removed/errors/bad.json", "removed/src/bob/sub.go",
		"src/ada/sub.go",
	}
	if diff := cmp.Diff(want, listing(t, results)); diff != "" {
		t.Errorf("results folder (-want +got):\n%s", diff)
	}

	// Put back, it is graded again (its old results stay in removed/
	// until it is taken out again).
	writeSub(t, dir, "bob", "package ratelimiter // pass 2\n")
	f = &fake{version: "v1"}
	if rep, err = batch.Run(context.Background(), options(dir, results, f)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"bob"}, f.gradedNames()); diff != "" || len(rep.Removed) > 0 {
		t.Errorf("graded (-want +got):\n%s\nremoved %v", diff, rep.Removed)
	}
}
