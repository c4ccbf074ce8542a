// Package grader is the grading engine: it takes a candidate's submission
// for an exercise and returns a [scorecard.Scorecard].
//
// A grading goes: intake (the submission's package files, see package
// intake), the policy check (package policy), the API check against the
// reference (package apicheck, which also prunes spec tests that need
// missing API), the build of the sandbox module (the submission, the
// pruned hidden spec, the grader's own go.mod and vendored test
// dependencies) inside the sandbox, once plain and once with -race, and
// then the hidden tests in sandboxed processes (a suite's tests together,
// and alone each test that does not pass there; package verdict judges each),
// and the latency suite's interleaved rounds against the reference
// (package latency). Every outcome of the submission is a verdict in the
// scorecard; [Engine.Grade] returns an error only for bad input (an
// unknown exercise, a refused submission) or a failure of the grader.
package grader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/specdeps"
	"github.com/hiringtools/grader/grader/suite"
	"github.com/hiringtools/grader/grader/verdict"
)

// Version is the grader's version, recorded in every scorecard and
// printed by 'grader --version': it comes from the build (see
// buildVersion), not from a hand-kept constant.
var Version = buildVersion()

// Config is one grading job.
type Config struct {
	// Exercise is the exercise's slug.
	Exercise string
	// Submission is the path of the submission: a directory, a .zip, a
	// .tar.gz, a git repository or a git bundle.
	Submission string
	// Suites selects suites by name; nil means all four.
	Suites []string
	// Seed is handed to randomised specs; 0 picks one at random, which
	// the scorecard records.
	Seed int64
	// Rev, if not "", grades that commit of a git repository or bundle
	// instead of its working tree (or a bundle's HEAD).
	Rev string
	// Candidate is an optional label recorded in the scorecard.
	Candidate string
	// Threshold is the pass mark for Scorecard.Passed.
	Threshold float64
	// Limits overrides the resource limits of each test process; zero
	// fields keep the defaults (see DefaultLimits).
	Limits sandbox.Limits
	// Handler receives progress events; nil means none.
	Handler Handler
}

// DefaultLimits are the resource limits of one test process. Wall time
// comes from the exercise's suite timeouts.
var DefaultLimits = sandbox.Limits{
	CPUTime:     120 * time.Second,
	MemoryBytes: 2 << 30,
	Pids:        512,
	OpenFiles:   256,
	FileBytes:   64 << 20,
	OutputBytes: 1 << 20,
}

// buildLimits bound one build.
var buildLimits = sandbox.Limits{
	WallTime:    5 * time.Minute,
	CPUTime:     10 * time.Minute,
	MemoryBytes: 4 << 30,
	Pids:        1024,
	OpenFiles:   4096,
	FileBytes:   1 << 30,
	OutputBytes: 1 << 20,
}

// Options configure an [Engine].
type Options struct {
	// Catalog is the exercise catalog.
	Catalog *catalog.Catalog
	// Sandbox runs builds and tests.
	Sandbox *sandbox.Sandbox
	// CacheDir holds the grader's Go build cache and reference builds;
	// it must not be readable by other users' submissions, and is shared
	// by every grading.
	CacheDir string
	// Scratch is the parent of each grading's scratch directory; "" is
	// os.TempDir().
	Scratch string
	// CacheProg is the command line of the GOCACHEPROG program that
	// serves the shared build cache read-only to candidate builds (the
	// grader's own 'internal cacheprog' command); nil makes candidate
	// builds use the shared cache directly, read-write.
	CacheProg []string
	// Parallel is how many test processes run at once; 0 means the
	// number of CPUs.
	Parallel int
	// Debug, when set, receives the raw output of every build, which the
	// scorecard only summarises. It may name hidden spec files: it is
	// for the grader's maintainers, not for candidates.
	Debug io.Writer
}

// Engine grades submissions. It is safe for concurrent use, and caches
// per exercise what every grading of that exercise shares.
type Engine struct {
	opts  Options
	goEnv goEnv
	pool  *pool // the programs of every grading: Options.Parallel at once

	// sandboxed runs one program in the sandbox (a candidate build, a
	// test or benchmark process) and trusted runs the go command on the
	// host (a reference build). New sets the real ones; the engine's
	// tests set recorded results, so that they build and run nothing.
	sandboxed func(context.Context, sandbox.Cmd) (sandbox.Result, error)
	trusted   func(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error)

	mu     sync.Mutex
	models map[string]*modelOnce
	refs   map[string]*refOnce
}

type goEnv struct {
	GOROOT, GOVERSION string
}

type modelOnce struct {
	once  sync.Once
	model *apicheck.Model
	err   error
}

// New returns an Engine. It fails when Go is not installed.
func New(opts Options) (*Engine, error) {
	var env goEnv
	out, err := exec.Command("go", "env", "-json", "GOROOT", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("running 'go env': %w; the grader needs Go 1.26 on PATH", err)
	}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("reading 'go env': %w", err)
	}
	if err := os.MkdirAll(filepath.Join(opts.CacheDir, "gocache"), 0o755); err != nil {
		return nil, fmt.Errorf("creating the grader's cache: %w", err)
	}
	e := newEngine(opts, env)
	e.sandboxed = opts.Sandbox.Run
	e.trusted = runTrusted
	return e, nil
}

// newEngine is an Engine of opts and Go env, without its ways to run
// programs (see New).
func newEngine(opts Options, env goEnv) *Engine {
	if opts.Parallel <= 0 {
		opts.Parallel = runtime.NumCPU()
	}
	if opts.Scratch == "" {
		opts.Scratch = os.TempDir()
	}
	return &Engine{opts: opts, goEnv: env, pool: newPool(opts.Parallel),
		models: map[string]*modelOnce{}, refs: map[string]*refOnce{}}
}

// runTrusted runs name with args in dir on the host, with exactly env,
// and returns its combined output.
func runTrusted(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	return cmd.CombinedOutput()
}

// InputError is bad input from the user: an unknown exercise or suite, or
// a refused submission. The CLI maps it to exit code 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Grade grades cfg.Submission against cfg.Exercise: it reads the
// submission (see package intake) and hands it to [Engine.GradeSubmission].
func (e *Engine) Grade(ctx context.Context, cfg Config) (*scorecard.Scorecard, error) {
	start := time.Now()
	ex, _, err := e.job(cfg)
	if err != nil {
		return nil, e.fail(cfg.Handler, err)
	}
	e.emit(cfg.Handler, Event{Kind: KindIntake, Status: StatusStart})
	lim := intake.DefaultLimits()
	lim.Tests = ex.GradesTests() // the submission is the candidate's tests
	sub, err := intake.LoadRev(ctx, cfg.Submission, cfg.Rev, lim)
	if err != nil {
		var refused *intake.RefusedError
		if errors.As(err, &refused) {
			err = &InputError{err}
		} else {
			err = fmt.Errorf("reading the submission: %w", err)
		}
		return nil, e.fail(cfg.Handler, err)
	}
	e.emit(cfg.Handler, Event{Kind: KindIntake, Status: StatusOK})
	return e.gradeSubmission(ctx, cfg, sub, start)
}

// GradeSubmission grades a submission already read, by a batch or a queue
// worker, against cfg.Exercise; cfg.Submission and cfg.Rev are only
// recorded. The scorecard records everything [Engine.Grade]'s does:
// the content hash, commit, ignored files and the whole duration.
func (e *Engine) GradeSubmission(ctx context.Context, cfg Config, sub *intake.Submission) (*scorecard.Scorecard, error) {
	return e.gradeSubmission(ctx, cfg, sub, time.Now())
}

func (e *Engine) gradeSubmission(ctx context.Context, cfg Config, sub *intake.Submission, start time.Time) (*scorecard.Scorecard, error) {
	ex, suites, err := e.job(cfg)
	if err != nil {
		return nil, e.fail(cfg.Handler, err)
	}
	files := make([]catalog.File, len(sub.Files))
	for i, f := range sub.Files {
		files[i] = catalog.File{Name: f.Name, Data: f.Data}
	}
	card, err := e.grade(ctx, ex, cfg, suites, files)
	if err != nil {
		return nil, e.fail(cfg.Handler, err)
	}
	card.Submission = cfg.Submission
	card.Candidate = cfg.Candidate
	card.SHA256, card.Commit, card.Dirty = sub.SHA256, sub.Commit, sub.Dirty
	card.GradedAt = start.UTC().Format(time.RFC3339)
	for _, ig := range sub.Ignored {
		card.IgnoredFiles = append(card.IgnoredFiles, scorecard.Ignored{Path: ig.Path, Reason: ig.Reason})
	}
	card.DurationMS = time.Since(start).Milliseconds()
	e.emit(cfg.Handler, Event{Kind: KindDone, Status: doneStatus(card), Score: card.Score, Max: card.MaxScore})
	return card, nil
}

// GradeFiles grades files given in memory, such as a reference solution or
// a fixture of the catalog; name is what the scorecard calls them.
func (e *Engine) GradeFiles(ctx context.Context, cfg Config, name string, files []catalog.File) (*scorecard.Scorecard, error) {
	start := time.Now()
	ex, suites, err := e.job(cfg)
	if err != nil {
		return nil, e.fail(cfg.Handler, err)
	}
	card, err := e.grade(ctx, ex, cfg, suites, files)
	if err != nil {
		return nil, e.fail(cfg.Handler, err)
	}
	card.Submission = name
	card.DurationMS = time.Since(start).Milliseconds()
	e.emit(cfg.Handler, Event{Kind: KindDone, Status: doneStatus(card), Score: card.Score, Max: card.MaxScore})
	return card, nil
}

// fail ends a grading that returns err with its KindError event.
func (e *Engine) fail(h Handler, err error) error {
	e.emit(h, Event{Kind: KindError, Status: StatusError, Message: err.Error()})
	return err
}

// doneStatus is the status of a grading's KindDone event.
func doneStatus(card *scorecard.Scorecard) EventStatus {
	if card.Passed {
		return StatusPass
	}
	return StatusFail
}

// job checks cfg's exercise and suites, which are the user's input.
func (e *Engine) job(cfg Config) (*catalog.Exercise, []string, error) {
	ex, err := e.opts.Catalog.Get(cfg.Exercise)
	if err != nil {
		return nil, nil, &InputError{err}
	}
	suites, err := selectSuites(ex, cfg.Suites)
	if err != nil {
		return nil, nil, &InputError{err}
	}
	return ex, suites, nil
}

// selectSuites returns the suites of names, or all the exercise's when
// names is empty.
func selectSuites(ex *catalog.Exercise, names []string) ([]string, error) {
	var own []string
	for _, n := range suite.Names() {
		if _, ok := ex.Meta.Suites[n]; ok {
			own = append(own, n)
		}
	}
	if len(names) == 0 {
		return own, nil
	}
	for _, n := range names {
		if !slices.Contains(suite.Names(), n) {
			return nil, fmt.Errorf("unknown suite %q; the suites are %s", n, strings.Join(suite.Names(), ", "))
		}
		if !slices.Contains(own, n) {
			return nil, fmt.Errorf("exercise %s has no %s suite; its suites are %s", ex.Slug, n, strings.Join(own, ", "))
		}
	}
	return names, nil
}

// grade runs every step after intake and fills the scorecard. Every
// suite gets one event that ends it (see [KindSuite]) before grade
// returns a scorecard.
func (e *Engine) grade(ctx context.Context, ex *catalog.Exercise, cfg Config, selected []string, files []catalog.File) (card *scorecard.Scorecard, err error) {
	defer func() {
		if p := recover(); p != nil {
			card, err = nil, panicError("the grading", p)
		}
	}()
	return e.gradeSteps(ctx, ex, cfg, selected, files)
}

// gradeSteps is grade, which recovers a panic in it.
func (e *Engine) gradeSteps(ctx context.Context, ex *catalog.Exercise, cfg Config, selected []string, files []catalog.File) (*scorecard.Scorecard, error) {
	h := cfg.Handler
	card := scorecard.New(ex.Slug, "")
	card.GoVersion = e.goEnv.GOVERSION
	card.GraderVersion = Version
	card.Seed = cfg.Seed
	if card.Seed == 0 {
		card.Seed = rand.Int64N(1<<31) + 1
	}
	limits := withDefaults(exerciseLimits(ex.Meta.Limits), cfg.Limits)
	card.Isolation = scorecard.Isolation{
		Level:    string(e.opts.Sandbox.Level()),
		Warnings: append([]string{}, e.opts.Sandbox.Warnings()...),
		Limits: scorecard.Limits{
			WallTimeMS: wallTime(ex, limits).Milliseconds(), CPUTimeMS: limits.CPUTime.Milliseconds(),
			MemoryBytes: limits.MemoryBytes, Pids: limits.Pids, OpenFiles: limits.OpenFiles,
			FileBytes: limits.FileBytes, OutputBytes: limits.OutputBytes,
		},
	}
	card.Warnings = append(card.Warnings, card.Isolation.Warnings...)
	for _, name := range suite.Names() {
		if _, ok := ex.Meta.Suites[name]; !ok {
			continue // the exercise has no such suite
		}
		s := scorecard.Suite{Name: name, Weight: ex.Meta.Suites[name].Weight, Tests: []scorecard.Test{}}
		if !slices.Contains(selected, name) {
			s.Status = scorecard.StatusSkipped
			for _, t := range ex.TestsOf(name) {
				s.Tests = append(s.Tests, scorecard.Test{Name: t, Status: scorecard.StatusSkipped, Verdict: scorecard.VerdictNotRun})
			}
			e.emit(h, Event{Kind: KindSuite, Suite: name, Status: StatusSkipped, Max: s.Weight, Message: "not selected"})
		}
		card.Suites = append(card.Suites, s)
	}
	finish := func() (*scorecard.Scorecard, error) {
		describe(card, ex)
		card.Tally(cfg.Threshold)
		return card, nil
	}
	// failAll ends every selected suite when nothing could run.
	failAll := func(v scorecard.Verdict, msg string) {
		for i := range card.Suites {
			s := &card.Suites[i]
			if s.Status == scorecard.StatusSkipped {
				continue
			}
			s.Status = scorecard.StatusError
			for _, t := range ex.TestsOf(s.Name) {
				s.Tests = append(s.Tests, scorecard.Test{Name: t, Status: scorecard.StatusFail, Verdict: v, Message: msg})
			}
			e.emit(h, Event{Kind: KindSuite, Suite: s.Name, Status: StatusFail, Max: s.Weight, Message: msg})
		}
	}

	// Policy: nothing is built from a submission that breaks it.
	pfiles := make([]policy.File, len(files))
	for i, f := range files {
		pfiles[i] = policy.File{Name: f.Name, Data: f.Data}
	}
	if v := policy.Check(pfiles, ex.Slug, ex.Meta.Imports); len(v) > 0 {
		card.Policy = v
		card.Build = scorecard.Build{Status: scorecard.BuildRejected, Output: "the submission breaks the exercise's policy; nothing was built (see policy)"}
		e.emit(h, Event{Kind: KindPolicy, Status: StatusFail, Message: policyMessage(v)})
		failAll(scorecard.VerdictPolicy, "not run: the submission breaks the exercise's policy")
		return finish()
	}
	e.emit(h, Event{Kind: KindPolicy, Status: StatusOK})
	if len(files) == 0 {
		card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: "the submission has no Go files"}
		e.emit(h, Event{Kind: KindBuild, Status: StatusFail, Message: card.Build.Output})
		failAll(scorecard.VerdictBuildFailed, "not run: the submission has no Go files")
		return finish()
	}

	if ex.GradesTests() {
		return e.gradeTests(ctx, ex, cfg, card, files, limits, finish)
	}

	// API: type-check, compare with the reference, prune the spec.
	model, err := e.model(ex)
	if err != nil {
		return nil, err
	}
	// The API is compared even when the submission does not compile, so
	// that the scorecard says which declarations differ from the prompt's.
	afiles := toAPI(files)
	mismatches := model.Compare(afiles)
	var missing []string
	for _, m := range mismatches {
		missing = append(missing, m.Symbol)
	}
	pruned, dropped, err := model.Prune(missing)
	if err != nil {
		return nil, fmt.Errorf("pruning the spec of %s: %w", ex.Slug, err)
	}
	card.MissingAPI = missingAPI(mismatches, dropped)
	if errs := model.TypeErrors(afiles); len(errs) > 0 {
		card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: strings.Join(errs, "\n")}
		e.emit(h, Event{Kind: KindAPI, Status: StatusFail, Message: errs[0]})
		failAll(scorecard.VerdictBuildFailed, "not run: the submission does not compile (see build)")
		return finish()
	}
	apiEvent := Event{Kind: KindAPI, Status: StatusOK}
	if len(missing) > 0 {
		apiEvent.Message = "missing or declared differently: " + strings.Join(missing, ", ")
	}
	e.emit(h, apiEvent)

	// Build, in the sandbox, once the reference build has filled the
	// shared build cache (the first grading of an exercise pays for it).
	// Every program of the grading takes its turns in the engine's pool.
	q := e.pool.queue()
	ref, err := e.reference(ctx, q, ex, h)
	if err != nil {
		return nil, err
	}
	scratch, err := e.scratchDir("grading-")
	if err != nil {
		return nil, fmt.Errorf("creating a scratch directory: %w", err)
	}
	defer os.RemoveAll(scratch)
	onRace := func(name string) bool { k, _ := suite.Get(name); return k.Race }
	needRace := slices.ContainsFunc(selected, onRace)
	needPlain := slices.ContainsFunc(selected, func(name string) bool { return !onRace(name) })
	// The builds run at once; the suites of the plain binary (correctness)
	// start as soon as it is ready, while the -race build still runs. A
	// build failure, of either, ends the grading with the same scorecard
	// whenever it is found (see buildFailed).
	b, err := e.startBuild(ctx, q, ex, scratch, files, toCatalog(pruned), needPlain, needRace, h)
	if err != nil {
		return nil, err
	}
	defer b.stop() // before scratch is removed
	// buildFailed ends every selected suite as not built, dropping what
	// ran before the -race build failed.
	buildFailed := func(msg string) (*scorecard.Scorecard, error) {
		card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: msg}
		e.emit(h, Event{Kind: KindBuild, Status: StatusFail, Message: msg})
		for i := range card.Suites {
			if s := &card.Suites[i]; s.Status != scorecard.StatusSkipped {
				*s = scorecard.Suite{Name: s.Name, Weight: s.Weight, Tests: []scorecard.Test{}}
			}
		}
		failAll(scorecard.VerdictBuildFailed, "not run: the submission does not compile with the hidden spec (see build)")
		return finish()
	}
	var bins binaries
	first := b.plain // the binary the first suites need
	if first == nil {
		first = b.race
	}
	got, buildOut, err := b.wait(first)
	if err != nil {
		return nil, err
	}
	if buildOut != "" {
		// Reported once both are done, the plain build's message first,
		// as when they were waited for together.
		if _, buildOut, err = b.wait(b.plain, b.race); err != nil {
			return nil, err
		}
		return buildFailed(buildOut)
	}
	if first == b.plain {
		bins.plain = got[0]
	} else {
		bins.race = got[0]
	}
	e.emit(h, Event{Kind: KindBuild, Status: StatusOK})
	card.Build = scorecard.Build{Status: scorecard.BuildOK}

	src := verdict.Source{Package: ex.Slug}
	for _, f := range files {
		src.Files = append(src.Files, f.Name)
	}
	// A test stopped with the grading is no verdict: its event is dropped.
	// Every other test gets at least one event before its suite ends
	// (see end), whichever way the runner judged it.
	var told sync.Map // suite/test -> true once a test event went out
	testEvents := HandlerFunc(func(ev Event) {
		if ctx.Err() != nil {
			return
		}
		if ev.Kind == KindTest {
			told.Store(ev.Suite+"/"+ev.Test, true)
		}
		e.emit(h, ev)
	})
	run := &runner{e: e, ex: ex, bins: bins, limits: limits, seed: card.Seed, src: src, handler: testEvents,
		slots: q, run: e.sandboxed}
	// start announces a suite, and the verdicts of its tests that need
	// missing API, which are not run.
	start := func(s *scorecard.Suite) {
		e.emit(h, Event{Kind: KindSuite, Suite: s.Name, Status: StatusStart})
		for _, t := range ex.TestsOf(s.Name) {
			if syms, ok := dropped[t]; ok {
				nr := notRun(t, syms, mismatches)
				testEvents.Event(Event{Kind: KindTest, Suite: s.Name, Test: t, Status: testStatus(nr), Message: nr.Message})
			}
		}
	}
	// end tells the verdicts of the suite's tests that had no event yet,
	// then ends the suite.
	end := func(s *scorecard.Suite) {
		for _, t := range s.Tests {
			if _, ok := told.Load(s.Name + "/" + t.Name); !ok {
				testEvents.Event(Event{Kind: KindTest, Suite: s.Name, Test: t.Name, Status: testStatus(t), Message: t.Message})
			}
		}
		e.emit(h, suiteEnd(s))
	}
	// The suites run in the order package suite declares: first those not
	// gated (correctness), one at a time; when fewer than half of the
	// correctness tests pass, the gated suites' points are withheld (see
	// scorecard.Withholds), and they are not run at all. Then the gated
	// suites run as tests (race, leak) at once, sharing the grading's
	// turns in the pool, so no core idles while a suite's last test runs;
	// the benchmark suite (latency) runs last, alone.
	selectedKinds := func(keep func(suite.Kind) bool) []*scorecard.Suite {
		var out []*scorecard.Suite
		for _, k := range suite.All() {
			if s := card.Suite(k.Name); s != nil && s.Status != scorecard.StatusSkipped && keep(k) {
				out = append(out, s)
			}
		}
		return out
	}
	for _, s := range selectedKinds(func(k suite.Kind) bool { return !k.Gated }) {
		start(s)
		s.Tests = run.suite(ctx, s.Name, dropped, mismatches)
		if err := run.failed(); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err // stopped: a half-run suite is no verdict
		}
		end(s)
	}
	if b.race != nil && bins.race == "" {
		got, buildOut, err := b.wait(b.race)
		if err != nil {
			return nil, err
		}
		if buildOut != "" {
			return buildFailed(buildOut)
		}
		run.bins.race = got[0]
	}
	if scorecard.Withholds(card.Suite(scorecard.Correctness)) {
		const why = "not run: fewer than half of the correctness tests pass, so this suite's points are withheld"
		for _, s := range selectedKinds(func(k suite.Kind) bool { return k.Gated }) {
			for _, t := range ex.TestsOf(s.Name) {
				s.Tests = append(s.Tests, scorecard.Test{Name: t, Status: scorecard.StatusSkipped, Verdict: scorecard.VerdictNotRun, Message: why})
			}
			e.emit(h, Event{Kind: KindSuite, Suite: s.Name, Status: StatusWithheld, Max: s.Weight, Message: why})
		}
		return finish()
	}
	var wg sync.WaitGroup
	for _, s := range selectedKinds(func(k suite.Kind) bool { return k.Gated && k.Run == suite.Tests }) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer run.recover("the " + s.Name + " suite")
			start(s)
			s.Tests = run.suite(ctx, s.Name, dropped, mismatches)
			if ctx.Err() == nil && run.failed() == nil {
				end(s)
			}
		}()
	}
	wg.Wait()
	if err := run.failed(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, s := range selectedKinds(func(k suite.Kind) bool { return k.Race }) {
		s.Evidence = run.raceEvidence()
	}
	for _, s := range selectedKinds(func(k suite.Kind) bool { return k.Run == suite.Benchmarks }) {
		start(s)
		s.Tests = run.latency(ctx, ref, dropped, mismatches)
		if err := run.failed(); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end(s)
	}
	return finish()
}

// suiteEnd is the event that ends a suite whose tests ran, with its score
// as the scorecard will tally it.
func suiteEnd(s *scorecard.Suite) Event {
	one := scorecard.New("", "")
	one.Suites = []scorecard.Suite{*s}
	one.Tally(0)
	t := one.Suites[0]
	st := StatusFail
	if t.Status == scorecard.StatusPass {
		st = StatusPass
	}
	return Event{Kind: KindSuite, Suite: s.Name, Status: st, Score: t.Score, Max: t.MaxScore}
}

// policyMessage sums up policy violations for an event.
func policyMessage(v []scorecard.Violation) string {
	msg := fmt.Sprintf("%s:%d: %s", v[0].File, v[0].Line, v[0].Message)
	if len(v) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(v)-1)
	}
	return msg
}

// missingAPI is the scorecard's list of mismatches, each with the tests
// that need it.
func missingAPI(mismatches []apicheck.Mismatch, dropped map[string][]string) []scorecard.MissingAPI {
	out := []scorecard.MissingAPI{}
	for _, m := range mismatches {
		ma := scorecard.MissingAPI{Symbol: m.Symbol, Expected: m.Expected, Found: m.Found, Tests: []string{}}
		for test, syms := range dropped {
			if slices.Contains(syms, m.Symbol) {
				ma.Tests = append(ma.Tests, test)
			}
		}
		sort.Strings(ma.Tests)
		out = append(out, ma)
	}
	return out
}

// wallTime is the time limit of one correctness test, as the scorecard
// reports it.
func wallTime(ex *catalog.Exercise, l sandbox.Limits) time.Duration {
	if l.WallTime > 0 {
		return l.WallTime
	}
	return ex.Timeout(scorecard.Correctness)
}

// exerciseLimits converts an exercise's declared limits.
func exerciseLimits(l catalog.Limits) sandbox.Limits {
	return sandbox.Limits{
		MemoryBytes: l.MemoryMB << 20, Pids: l.Pids, OpenFiles: l.OpenFiles,
		OutputBytes: l.OutputKB << 10, FileBytes: l.FileMB << 20, CPUTime: time.Duration(l.CPUTime),
	}
}

// withDefaults layers the limits: DefaultLimits, then the exercise's, then
// the user's; a zero field keeps the layer below.
func withDefaults(layers ...sandbox.Limits) sandbox.Limits {
	d := DefaultLimits
	for _, l := range layers {
		d = l.Or(d)
	}
	return d
}

func (e *Engine) model(ex *catalog.Exercise) (*apicheck.Model, error) {
	e.mu.Lock()
	m := e.models[ex.Slug]
	if m == nil {
		m = &modelOnce{}
		e.models[ex.Slug] = m
	}
	e.mu.Unlock()
	m.once.Do(func() {
		m.model, m.err = apicheck.NewModel(ex.Slug, toAPI(ex.Reference), toAPI(ex.Spec), specdeps.Importer(apicheck.DefaultImporter()))
		if m.err != nil {
			m.err = fmt.Errorf("exercise %s: %w", ex.Slug, m.err)
		}
	})
	return m.model, m.err
}

func toAPI(files []catalog.File) []apicheck.File {
	out := make([]apicheck.File, len(files))
	for i, f := range files {
		out[i] = apicheck.File{Name: f.Name, Data: f.Data}
	}
	return out
}

func toCatalog(files []apicheck.File) []catalog.File {
	out := make([]catalog.File, len(files))
	for i, f := range files {
		out[i] = catalog.File{Name: f.Name, Data: f.Data}
	}
	return out
}

func (e *Engine) emit(h Handler, ev Event) {
	if h != nil {
		h.Event(ev)
	}
}
