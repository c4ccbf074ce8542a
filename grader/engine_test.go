package grader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/solutions"
)

// The box exercise: small enough to read, with every suite.
const (
	boxMeta = `{"title": "Box", "summary": "A box.", "difficulty": "easy",
  "suites": {"correctness": {"weight": 40}, "race": {"weight": 20}, "leak": {"weight": 20}, "latency": {"weight": 20}},
  "latency": [{"benchmark": "BenchmarkLatency_Get", "max_ratio": 4}]}`
	boxReference = `package box

type Box struct{ n int }

func New() *Box { return &Box{} }

func (b *Box) Put(n int) { b.n = n }

func (b *Box) Get() int { return b.n }
`
	boxSpec = `package box_test

import (
	"testing"

	"box"
)

func TestCorrectness_New(t *testing.T) {
	if box.New() == nil {
		t.Fatal("nil")
	}
}

func TestCorrectness_PutGet(t *testing.T) {
	b := box.New()
	b.Put(1)
	if b.Get() != 1 {
		t.Error("Get")
	}
}

func TestCorrectness_Zero(t *testing.T) {
	if box.New().Get() != 0 {
		t.Error("zero")
	}
}

func TestCorrectness_Twice(t *testing.T) {
	b := box.New()
	b.Put(1)
	b.Put(2)
	if b.Get() != 2 {
		t.Error("Get")
	}
}

func TestRace_Put(t *testing.T) { box.New().Put(1) }

func TestLeak_New(t *testing.T) { box.New() }

func BenchmarkLatency_Get(b *testing.B) {
	x := box.New()
	for b.Loop() {
		x.Get()
	}
}
`
)

func boxCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	ex := fstest.MapFS{
		"box/exercise.json":                  {Data: []byte(boxMeta)},
		"box/prompt.md":                      {Data: []byte("# Box\n")},
		"box/stub/box.go":                    {Data: []byte(boxReference)},
		"box/testdata/spec/spec_test.go":     {Data: []byte(boxSpec)},
		"box/testdata/public/public_test.go": {Data: []byte("package box_test\n")},
	}
	cat, err := catalog.Load(ex, fstest.MapFS{"box/box.go": {Data: []byte(boxReference)}})
	if err != nil {
		t.Fatal(err)
	}
	if b := cat.Broken(); len(b) > 0 {
		t.Fatal(b[0])
	}
	return cat
}

// fakeMachine stands in for the sandbox and the go command: a build
// writes its binary, a test process passes or fails each test its
// -test.run selects as told, and a benchmark process prints the same
// measurements for candidate and reference. It records what ran.
type fakeMachine struct {
	tests     []string          // the exercise's spec tests
	fail      map[string]bool   // tests that fail
	buildOut  string            // when set, candidate builds fail with it
	raceOut   string            // when set, candidate -race builds fail with it
	raceWaits chan struct{}     // when set, a candidate -race build waits for it to close
	panicOn   string            // a program that panics: "build race", a test's or a benchmark's name
	runErr    error             // when set, every sandboxed program fails to start with it
	onTest    func(test string) // when set, called as each test process starts
	linger    time.Duration     // how long each test process lasts
	forge     bool              // when set, benchmark processes print twice the results measured
	onTrusted func()            // when set, called as each reference build starts
	trustedN  int               // reference builds started

	mu         sync.Mutex
	ran        map[string]bool
	held, most int
}

func newFakeMachine(ex *catalog.Exercise) *fakeMachine {
	f := &fakeMachine{fail: map[string]bool{}, ran: map[string]bool{}}
	for _, t := range ex.Tests {
		f.tests = append(f.tests, t.Name)
	}
	return f
}

// engine returns an Engine of cat that runs its programs on f.
func (f *fakeMachine) engine(t *testing.T, cat *catalog.Catalog, parallel int) *Engine {
	e := newEngine(Options{Catalog: cat, Sandbox: &sandbox.Sandbox{}, CacheDir: t.TempDir(), Scratch: t.TempDir(), Parallel: parallel},
		goEnv{GOROOT: "/nonexistent/goroot", GOVERSION: "go1.26-fake"})
	e.sandboxed, e.trusted = f.sandboxed, f.trustedBuild
	return e
}

func argAfter(args []string, flag string) string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

func argValue(args []string, prefix string) string {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, prefix); ok {
			return v
		}
	}
	return ""
}

func (f *fakeMachine) record(what string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ran[what] = true
}

// runs is what ran, each once, sorted.
func (f *fakeMachine) runs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for r := range f.ran {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

func (f *fakeMachine) trustedBuild(_ context.Context, _ string, _ []string, _ string, args ...string) ([]byte, error) {
	f.record("reference build " + jobName(slices.Contains(args, "-race")))
	f.mu.Lock()
	f.trustedN++
	f.mu.Unlock()
	if f.onTrusted != nil {
		f.onTrusted()
	}
	return nil, os.WriteFile(argAfter(args, "-o"), []byte("reference"), 0o755)
}

func (f *fakeMachine) sandboxed(ctx context.Context, cmd sandbox.Cmd) (sandbox.Result, error) {
	if f.runErr != nil {
		return sandbox.Result{}, f.runErr
	}
	f.mu.Lock()
	f.held++
	f.most = max(f.most, f.held)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.held--
		f.mu.Unlock()
	}()
	if filepath.Base(cmd.Path) == "go" {
		race := slices.Contains(cmd.Args, "-race")
		f.record("build " + jobName(race))
		if f.panicOn == "build "+jobName(race) {
			panic("a fake bug in the build")
		}
		if race && f.raceWaits != nil {
			select {
			case <-f.raceWaits:
			case <-ctx.Done():
				return sandbox.Result{}, nil
			case <-time.After(time.Minute): // no deadlock when the wait is never ended; nothing is timed
				f.record("the race build waited in vain")
			}
		}
		out := f.buildOut
		if race && f.raceOut != "" {
			out = f.raceOut
		}
		if out != "" {
			return sandbox.Result{ExitCode: 1, Stderr: []byte(out)}, nil
		}
		return sandbox.Result{}, os.WriteFile(argAfter(cmd.Args, "-o"), []byte("candidate"), 0o755)
	}
	time.Sleep(f.linger) // lets processes overlap; nothing is timed
	count, _ := strconv.Atoi(argValue(cmd.Args, "-test.count="))
	count = max(count, 1)
	var out strings.Builder
	code := 0
	if pat := argValue(cmd.Args, "-test.bench="); pat != "" {
		for _, name := range f.tests {
			if ok, _ := regexp.MatchString(pat, name); ok {
				f.record("bench " + name)
				if f.panicOn == name {
					panic("a fake bug in a benchmark run")
				}
				lines := count
				if f.forge {
					lines *= 2
				}
				for range lines {
					fmt.Fprintf(&out, "%s-2   \t 1000000\t       100.0 ns/op\t       0 B/op\t       0 allocs/op\n", name)
				}
			}
		}
		out.WriteString("\x16PASS\n")
		return sandbox.Result{Stdout: []byte(out.String())}, nil
	}
	pat := argValue(cmd.Args, "-test.run=")
	for _, name := range f.tests {
		if ok, _ := regexp.MatchString(pat, name); !ok {
			continue
		}
		f.record("test " + name)
		if f.panicOn == name {
			panic("a fake bug in a test run")
		}
		if f.onTest != nil {
			f.onTest(name)
		}
		for range count {
			fmt.Fprintf(&out, "\x16=== RUN   %s\n", name)
			if f.fail[name] {
				fmt.Fprintf(&out, "    spec_test.go:3: wrong\n\x16--- FAIL: %s (0.00s)\n", name)
				code = 1
			} else {
				fmt.Fprintf(&out, "\x16--- PASS: %s (0.00s)\n", name)
			}
		}
	}
	if code == 0 {
		out.WriteString("\x16PASS\n")
	} else {
		out.WriteString("\x16FAIL\n")
	}
	return sandbox.Result{ExitCode: code, Stdout: []byte(out.String())}, ctx.Err()
}

// recorder is a Handler that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) Event(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

// lines are the events in short: kind, status, suite, test, and for an
// end of a suite and done the score. Race and leak run at once, so their
// events are put in suite order, each suite's in the order they came.
// Within a suite, tests run several at a time, so each run of test
// events is put in name order.
func (r *recorder) lines() []string {
	r.mu.Lock()
	evs := slices.Clone(r.events)
	r.mu.Unlock()
	concurrent := func(ev Event) bool { return ev.Suite == scorecard.Race || ev.Suite == scorecard.Leak }
	if i := slices.IndexFunc(evs, concurrent); i >= 0 {
		j := i
		for j < len(evs) && concurrent(evs[j]) {
			j++
		}
		slices.SortStableFunc(evs[i:j], func(a, b Event) int { return strings.Compare(b.Suite, a.Suite) }) // race before leak
	}
	for i := 0; i < len(evs); {
		j := i
		for j < len(evs) && evs[j].Kind == KindTest && evs[j].Suite == evs[i].Suite {
			j++
		}
		slices.SortStableFunc(evs[i:j], func(a, b Event) int { return strings.Compare(a.Test, b.Test) })
		i = max(j, i+1)
	}
	var out []string
	for _, ev := range evs {
		l := string(ev.Kind) + " " + string(ev.Status)
		for _, s := range []string{ev.Suite, ev.Test} {
			if s != "" {
				l += " " + s
			}
		}
		if ev.Max > 0 && ev.Status != StatusStart {
			l += fmt.Sprintf(" %g/%g", ev.Score, ev.Max)
		}
		out = append(out, l)
	}
	return out
}

func boxFiles(src string) []catalog.File { return []catalog.File{{Name: "box.go", Data: []byte(src)}} }

// The events of a grading whose submission builds, up to its suites,
// when the grading builds the reference.
var builtEvents = []string{
	"policy ok", "api ok", "reference start", "reference ok", "build start", "build ok",
}

func TestEngineGrade(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	allTests := []string{"test TestCorrectness_New", "test TestCorrectness_PutGet", "test TestCorrectness_Twice", "test TestCorrectness_Zero"}
	type testCase struct {
		name     string
		files    []catalog.File
		suites   []string
		fail     []string // tests that fail
		buildOut string
		raceOut  string
		forge    bool
		want     []string // events, see recorder.lines
		wantRuns []string
		wantCard func(c *scorecard.Scorecard) string // "" when the scorecard is right
		reason   string
	}
	run := func(t *testing.T, tc testCase) {
		f := newFakeMachine(ex)
		for _, n := range tc.fail {
			f.fail[n] = true
		}
		f.buildOut, f.raceOut, f.forge = tc.buildOut, tc.raceOut, tc.forge
		e := f.engine(t, cat, 2)
		rec := &recorder{}
		card, err := e.GradeFiles(context.Background(), Config{Exercise: "box", Suites: tc.suites, Seed: 1, Handler: rec}, "sub", tc.files)
		if err != nil {
			t.Fatalf("GradeFiles: %v", err)
		}
		if diff := cmp.Diff(tc.want, rec.lines()); diff != "" {
			t.Errorf("events (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
		if diff := cmp.Diff(tc.wantRuns, f.runs()); diff != "" {
			t.Errorf("programs run (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
		if tc.wantCard != nil {
			if msg := tc.wantCard(card); msg != "" {
				t.Error(msg)
			}
		}
	}
	for _, tc := range []testCase{
		{
			name:  "every suite passes",
			files: boxFiles(boxReference),
			want: append(slices.Clone(builtEvents),
				"suite start correctness", "test pass correctness TestCorrectness_New", "test pass correctness TestCorrectness_PutGet",
				"test pass correctness TestCorrectness_Twice", "test pass correctness TestCorrectness_Zero", "suite pass correctness 40/40",
				"suite start race", "test pass race TestRace_Put", "suite pass race 20/20",
				"suite start leak", "test pass leak TestLeak_New", "suite pass leak 20/20",
				"suite start latency", "test pass latency BenchmarkLatency_Get", "suite pass latency 20/20",
				"done pass 100/100"),
			wantRuns: append(append([]string{"bench BenchmarkLatency_Get", "build plain", "build race", "reference build plain", "reference build race"},
				allTests...), "test TestLeak_New", "test TestRace_Put"),
		},
		{
			name:   "a test judged without an event of its own still gets one before its suite ends",
			files:  boxFiles(boxReference),
			suites: []string{scorecard.Latency},
			forge:  true,
			want: append(append([]string{"suite skipped correctness 0/40", "suite skipped race 0/20", "suite skipped leak 0/20"}, builtEvents...),
				"suite start latency", "test fail latency BenchmarkLatency_Get", "suite fail latency 0/20", "done pass 0/100"),
			wantRuns: []string{"bench BenchmarkLatency_Get", "build plain", "reference build plain", "reference build race"},
			reason:   "forged benchmark output is a tamper verdict, which the latency runner returns without an event",
		},
		{
			name:  "fewer than half of correctness pass: race, leak and latency are withheld and not run",
			files: boxFiles(boxReference),
			fail:  []string{"TestCorrectness_PutGet", "TestCorrectness_Zero", "TestCorrectness_Twice"},
			want: append(slices.Clone(builtEvents),
				"suite start correctness", "test pass correctness TestCorrectness_New", "test fail correctness TestCorrectness_PutGet",
				"test fail correctness TestCorrectness_Twice", "test fail correctness TestCorrectness_Zero", "suite fail correctness 10/40",
				"suite withheld race 0/20", "suite withheld leak 0/20", "suite withheld latency 0/20",
				"done pass 10/100"),
			wantRuns: append([]string{"build plain", "build race", "reference build plain", "reference build race"}, allTests...),
			wantCard: func(c *scorecard.Scorecard) string {
				for _, s := range c.Suites[1:] {
					if s.Status != scorecard.StatusWithheld || !s.Gated {
						return fmt.Sprintf("suite %s: status %s, gated %v; want withheld and gated", s.Name, s.Status, s.Gated)
					}
				}
				return ""
			},
		},
		{
			name:  "half of correctness pass: nothing is withheld",
			files: boxFiles(boxReference),
			fail:  []string{"TestCorrectness_PutGet", "TestCorrectness_Zero"},
			want: append(slices.Clone(builtEvents),
				"suite start correctness", "test pass correctness TestCorrectness_New", "test fail correctness TestCorrectness_PutGet",
				"test pass correctness TestCorrectness_Twice", "test fail correctness TestCorrectness_Zero", "suite fail correctness 20/40",
				"suite start race", "test pass race TestRace_Put", "suite pass race 20/20",
				"suite start leak", "test pass leak TestLeak_New", "suite pass leak 20/20",
				"suite start latency", "test pass latency BenchmarkLatency_Get", "suite pass latency 20/20",
				"done pass 80/100"),
			wantRuns: append(append([]string{"bench BenchmarkLatency_Get", "build plain", "build race", "reference build plain", "reference build race"},
				allTests...), "test TestLeak_New", "test TestRace_Put"),
			reason: "the gate withholds below half (scorecard.GateFraction), not at half",
		},
		{
			name:   "unselected suites end as skipped before anything runs, and the race build is not made",
			files:  boxFiles(boxReference),
			suites: []string{scorecard.Correctness},
			want: append(append([]string{"suite skipped race 0/20", "suite skipped leak 0/20", "suite skipped latency 0/20"}, builtEvents...),
				"suite start correctness", "test pass correctness TestCorrectness_New", "test pass correctness TestCorrectness_PutGet",
				"test pass correctness TestCorrectness_Twice", "test pass correctness TestCorrectness_Zero", "suite pass correctness 40/40",
				"done pass 100/100"),
			wantRuns: append([]string{"build plain", "reference build plain", "reference build race"}, allTests...),
		},
		{
			name:  "a policy breach builds and runs nothing",
			files: boxFiles(strings.Replace(boxReference, "package box\n", "package box\n\nimport \"os\"\n\nvar _ = os.Args\n", 1)),
			want: []string{"policy fail", "suite fail correctness 0/40", "suite fail race 0/20", "suite fail leak 0/20", "suite fail latency 0/20",
				"done fail 0/100"},
			wantCard: func(c *scorecard.Scorecard) string {
				if c.Build.Status != scorecard.BuildRejected || len(c.Policy) == 0 {
					return fmt.Sprintf("build %q with %d violations; want rejected with the import of os", c.Build.Status, len(c.Policy))
				}
				return ""
			},
		},
		{
			name:  "a submission that does not type-check builds and runs nothing",
			files: boxFiles(boxReference + "\nfunc broken() int { return \"no\" }\n"),
			want: []string{"policy ok", "api fail", "suite fail correctness 0/40", "suite fail race 0/20", "suite fail leak 0/20", "suite fail latency 0/20",
				"done fail 0/100"},
			wantCard: func(c *scorecard.Scorecard) string {
				if c.Build.Status != scorecard.BuildFailed || !strings.Contains(c.Build.Output, "box.go:") {
					return fmt.Sprintf("build %q %q; want failed at box.go", c.Build.Status, c.Build.Output)
				}
				return ""
			},
		},
		{
			name:     "a build that fails runs no test",
			files:    boxFiles(boxReference),
			buildOut: "./box.go:9:2: something the type checker let through\n",
			want: append(slices.Clone(builtEvents[:len(builtEvents)-1]), "build fail",
				"suite fail correctness 0/40", "suite fail race 0/20", "suite fail leak 0/20", "suite fail latency 0/20", "done fail 0/100"),
			wantRuns: []string{"build plain", "build race", "reference build plain", "reference build race"},
			wantCard: func(c *scorecard.Scorecard) string {
				if c.Build.Status != scorecard.BuildFailed || !strings.Contains(c.Build.Output, "box.go:9:2") {
					return fmt.Sprintf("build %q %q; want failed at box.go:9:2", c.Build.Status, c.Build.Output)
				}
				return ""
			},
		},
		{
			name:    "a -race build that fails after correctness ran ends the grading as a build failure",
			files:   boxFiles(boxReference),
			raceOut: "./box.go:9:2: something only the race build finds\n",
			want: append(append(slices.Clone(builtEvents),
				"suite start correctness", "test pass correctness TestCorrectness_New", "test pass correctness TestCorrectness_PutGet",
				"test pass correctness TestCorrectness_Twice", "test pass correctness TestCorrectness_Zero", "suite pass correctness 40/40"),
				"build fail", "suite fail correctness 0/40", "suite fail race 0/20", "suite fail leak 0/20", "suite fail latency 0/20", "done fail 0/100"),
			wantRuns: append([]string{"build plain", "build race", "reference build plain", "reference build race"}, allTests...),
			wantCard: func(c *scorecard.Scorecard) string {
				if c.Build.Status != scorecard.BuildFailed || !strings.Contains(c.Build.Output, "box.go:9:2") {
					return fmt.Sprintf("build %q %q; want failed at box.go:9:2", c.Build.Status, c.Build.Output)
				}
				return ""
			},
			reason: "correctness runs while the -race build still runs; when that build fails, a later build-failed event and every suite's failure supersede what correctness told",
		},
		{
			name:  "tests that need missing API fail as the suite starts, and are not run",
			files: boxFiles(strings.Replace(boxReference, "func (b *Box) Get() int { return b.n }\n", "", 1)),
			want: []string{"policy ok", "api ok", "reference start", "reference ok", "build start", "build ok",
				"suite start correctness", "test pass correctness TestCorrectness_New", "test fail correctness TestCorrectness_PutGet",
				"test fail correctness TestCorrectness_Twice", "test fail correctness TestCorrectness_Zero", "suite fail correctness 10/40",
				"suite withheld race 0/20", "suite withheld leak 0/20", "suite withheld latency 0/20", "done pass 10/100"},
			wantRuns: []string{"build plain", "build race", "reference build plain", "reference build race", "test TestCorrectness_New"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestBuildPipeline checks that the correctness suite runs while the
// -race build is still running, and that a -race build failure found
// after it ran gives the very scorecard of a build that failed at once.
func TestBuildPipeline(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("correctness runs before the race build ends", func(t *testing.T) {
		f := newFakeMachine(ex)
		f.raceWaits = make(chan struct{})
		var once sync.Once
		f.onTest = func(string) { once.Do(func() { close(f.raceWaits) }) }
		card, err := f.engine(t, cat, 2).GradeFiles(context.Background(), Config{Exercise: "box", Seed: 1}, "sub", boxFiles(boxReference))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(f.runs(), "the race build waited in vain") || card.Score != 100 {
			t.Errorf("score %v, programs run %q; want 100, and a test started while the race build ran", card.Score, f.runs())
		}
	})
	t.Run("a race build failure gives the scorecard of a build failure", func(t *testing.T) {
		const out = "./box.go:9:2: something the type checker let through\n"
		grade := func(f *fakeMachine) *scorecard.Scorecard {
			card, err := f.engine(t, cat, 2).GradeFiles(context.Background(), Config{Exercise: "box", Seed: 1}, "sub", boxFiles(boxReference))
			if err != nil {
				t.Fatal(err)
			}
			card.DurationMS = 0
			return card
		}
		both, race := newFakeMachine(ex), newFakeMachine(ex)
		both.buildOut, race.raceOut = out, out
		if diff := cmp.Diff(grade(both), grade(race)); diff != "" {
			t.Errorf("scorecard (-both builds fail +the race build fails after correctness ran):\n%s", diff)
		}
	})
}

// TestEnginePanics checks that a panic in any of a grading's goroutines
// (a build, the grading's own, a suite's, a benchmark side's) ends that
// grading with an error that holds the stack, and leaves the process and
// the engine able to grade the next submission.
func TestEnginePanics(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, panicOn, in string }{
		{"in the race build", "build race", "the race build"},
		{"in the plain build", "build plain", "the plain build"},
		{"in the correctness suite, run by the grading's goroutine", "TestCorrectness_New", "the grading"},
		{"in a race test, run by the race suite's goroutines", "TestRace_Put", "the race run of TestRace_Put"},
		{"in a leak test", "TestLeak_New", "the run of TestLeak_New"},
		{"in a benchmark run", "BenchmarkLatency_Get", "a benchmark run of ^BenchmarkLatency_Get$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeMachine(ex)
			f.panicOn = tc.panicOn
			e := f.engine(t, cat, 2)
			rec := &recorder{}
			card, err := e.GradeFiles(context.Background(), Config{Exercise: "box", Seed: 1, Handler: rec}, "sub", boxFiles(boxReference))
			if err == nil || card != nil {
				t.Fatalf("GradeFiles returned %v, %v; want an error", card, err)
			}
			for _, want := range []string{"a panic in " + tc.in, "a fake bug", "goroutine ", "engine_test.go"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q:\n%v", want, err)
				}
			}
			if last := rec.events[len(rec.events)-1]; last.Kind != KindError {
				t.Errorf("the last event is %s %s; want an error event", last.Kind, last.Status)
			}
			f.panicOn = ""
			if card, err := e.GradeFiles(context.Background(), Config{Exercise: "box", Seed: 1}, "sub", boxFiles(boxReference)); err != nil || card.Score != 100 {
				t.Errorf("the next grading on the same engine: %v; want 100, no error", err)
			}
			if e.pool.free != 2 {
				t.Errorf("%d free slots after the gradings; want 2", e.pool.free)
			}
		})
	}
}

// TestEngineErrors checks that a grading that returns an error ends in
// one error event.
func TestEngineErrors(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	type testCase struct {
		name    string
		cfg     Config
		setup   func(f *fakeMachine, cancel context.CancelFunc)
		want    []string
		wantErr func(error) bool
	}
	run := func(t *testing.T, tc testCase) {
		f := newFakeMachine(ex)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if tc.setup != nil {
			tc.setup(f, cancel)
		}
		e := f.engine(t, cat, 2)
		rec := &recorder{}
		cfg := tc.cfg
		cfg.Handler = rec
		card, err := e.GradeFiles(ctx, cfg, "sub", boxFiles(boxReference))
		if err == nil || card != nil || !tc.wantErr(err) {
			t.Errorf("GradeFiles returned %v, %v", card, err)
		}
		if diff := cmp.Diff(tc.want, rec.lines()); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if last := rec.events[len(rec.events)-1]; last.Message != err.Error() {
			t.Errorf("the error event says %q; want the error, %q", last.Message, err)
		}
	}
	for _, tc := range []testCase{
		{
			name:    "an unknown exercise",
			cfg:     Config{Exercise: "boxx"},
			want:    []string{"error error"},
			wantErr: func(err error) bool { var ie *InputError; return errors.As(err, &ie) },
		},
		{
			name:    "an unknown suite",
			cfg:     Config{Exercise: "box", Suites: []string{"speed"}},
			want:    []string{"error error"},
			wantErr: func(err error) bool { var ie *InputError; return errors.As(err, &ie) },
		},
		{
			name:    "the sandbox cannot start the build",
			cfg:     Config{Exercise: "box"},
			setup:   func(f *fakeMachine, _ context.CancelFunc) { f.runErr = errors.New("bwrap: no permission") },
			want:    append(slices.Clone(builtEvents[:len(builtEvents)-1]), "error error"),
			wantErr: func(err error) bool { return strings.Contains(err.Error(), "bwrap: no permission") },
		},
		{
			name:    "a context cancelled before the grading",
			cfg:     Config{Exercise: "box"},
			setup:   func(_ *fakeMachine, cancel context.CancelFunc) { cancel() },
			want:    []string{"policy ok", "api ok", "error error"},
			wantErr: func(err error) bool { return errors.Is(err, context.Canceled) },
		},
		{
			name: "a context cancelled during the correctness suite",
			cfg:  Config{Exercise: "box", Suites: []string{scorecard.Correctness, scorecard.Race}},
			setup: func(f *fakeMachine, cancel context.CancelFunc) {
				f.onTest = func(test string) {
					if test == "TestCorrectness_New" {
						cancel()
					}
				}
			},
			want:    append(append([]string{"suite skipped leak 0/20", "suite skipped latency 0/20"}, builtEvents...), "suite start correctness", "error error"),
			wantErr: func(err error) bool { return errors.Is(err, context.Canceled) },
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestGradeSubmissionRecords checks that a submission read by someone
// else is recorded as Grade records one it reads itself.
func TestGradeSubmissionRecords(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	e := newFakeMachine(ex).engine(t, cat, 2)
	sub := &intake.Submission{
		Kind:    intake.KindGit,
		Files:   []intake.File{{Name: "box.go", Data: []byte(boxReference)}},
		Ignored: []intake.Ignored{{Path: "box_test.go", Reason: "a test file"}, {Path: "go.mod", Reason: "the grader owns the module file"}},
		SHA256:  "5e1f", Commit: "0123abcd", Dirty: true,
	}
	card, err := e.GradeSubmission(context.Background(), Config{Exercise: "box", Submission: "./sub", Candidate: "Ada", Suites: []string{scorecard.Correctness}}, sub)
	if err != nil {
		t.Fatal(err)
	}
	type recorded struct {
		Submission, Candidate, SHA256, Commit string
		Dirty                                 bool
		Ignored                               []scorecard.Ignored
		Score                                 float64
		Timed                                 bool
	}
	want := recorded{Submission: "./sub", Candidate: "Ada", SHA256: "5e1f", Commit: "0123abcd", Dirty: true,
		Ignored: []scorecard.Ignored{{Path: "box_test.go", Reason: "a test file"}, {Path: "go.mod", Reason: "the grader owns the module file"}},
		Score:   100, Timed: true}
	_, perr := time.Parse(time.RFC3339, card.GradedAt)
	got := recorded{card.Submission, card.Candidate, card.SHA256, card.Commit, card.Dirty, card.IgnoredFiles, card.Score, perr == nil && card.DurationMS >= 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorecard (-want +got):\n%s", diff)
	}
}

// TestEnginePoolBound grades several submissions at once on one engine,
// two of them on exercises of the catalog, and checks that no more than
// Options.Parallel of their programs ever run at once.
func TestEnginePoolBound(t *testing.T) {
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get("ttlcache")
	if err != nil {
		t.Fatal(err)
	}
	const parallel = 2
	f := newFakeMachine(ex)
	f.linger = time.Millisecond
	e := f.engine(t, cat, parallel)
	const gradings = 3
	cards := make([]*scorecard.Scorecard, gradings)
	errs := make([]error, gradings)
	var wg sync.WaitGroup
	for i := range gradings {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cards[i], errs[i] = e.GradeFiles(context.Background(), Config{Exercise: "ttlcache", Seed: 1, Suites: []string{scorecard.Correctness, scorecard.Race, scorecard.Leak}},
				"reference", ex.Reference)
		}()
	}
	wg.Wait()
	for i := range gradings {
		if errs[i] != nil {
			t.Fatalf("grading %d: %v", i, errs[i])
		}
		if cards[i].Score != 100 {
			t.Errorf("grading %d scored %v; want 100", i, cards[i].Score)
		}
	}
	if f.most > parallel {
		t.Errorf("%d sandboxed programs ran at once; want at most Parallel, %d", f.most, parallel)
	}
	if e.pool.free != parallel {
		t.Errorf("%d free slots after every grading; want %d", e.pool.free, parallel)
	}
}

// TestReferenceStops checks that a grading waiting for another's build of
// the reference stops as soon as it is cancelled, and that a reference
// build stopped half-way is built again by the next grading, not kept as
// a failure.
func TestReferenceStops(t *testing.T) {
	cat := boxCatalog(t)
	ex, err := cat.Get("box")
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeMachine(ex)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.onTrusted = func() {
		once.Do(func() {
			close(entered)
			<-release
		})
	}
	e := f.engine(t, cat, 2)
	cfg := Config{Exercise: "box", Suites: []string{scorecard.Correctness}}
	grade := func(ctx context.Context) chan error {
		done := make(chan error, 1)
		go func() {
			_, err := e.GradeFiles(ctx, cfg, "sub", boxFiles(boxReference))
			done <- err
		}()
		return done
	}
	ctxA, cancelA := context.WithCancel(context.Background())
	defer cancelA()
	a := grade(ctxA)
	<-entered // a builds the reference
	ctxB, cancelB := context.WithCancel(context.Background())
	b := grade(ctxB)
	cancelB()
	if err := <-b; !errors.Is(err, context.Canceled) {
		t.Errorf("the grading waiting for the reference returned %v; want context.Canceled", err)
	}
	cancelA()
	close(release)
	if err := <-a; !errors.Is(err, context.Canceled) {
		t.Errorf("the grading stopped while building the reference returned %v; want context.Canceled", err)
	}
	if err := <-grade(context.Background()); err != nil {
		t.Errorf("the next grading: %v; want the reference built again", err)
	}
	if f.trustedN != 3 {
		t.Errorf("%d reference builds; want 3 (the stopped plain one, then plain and race)", f.trustedN)
	}
}
