package grader

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/gradertest"
	"github.com/hiringtools/grader/grader/latency"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/verdict"
)

// Latency measurement: rounds of one candidate and one reference process
// per benchmark, run at once; each process measures benchCount times. The latency package needs 8 runs a
// side for an interval, which one round gives, so a verdict may come
// after the first round; maxRounds rounds measure at most 24 runs a side.
const (
	minRounds  = 1
	maxRounds  = 3
	benchCount = 8
	benchTime  = "20ms"
)

// raceAttempts is how many times a race test runs while it passes. The
// race detector reports only races that happen in a run, and which happen
// depends on scheduling; it never reports a race that is not there. So a
// race seen in any run fails the test, and running a passing test again
// makes the verdict on a submission with a rare race more repeatable.
//
// What gives a rare race its chances is the time the test's goroutines
// run side by side, not the number of processes: a test that hammers for
// raceLongRun or more in one run (ttlcache's sweeper test runs 1.5 s) has
// had many times the interleavings of three short runs, so it runs once.
// Three runs of it would hold two of the machine's cores for two more
// run-times while adding little.
const (
	raceAttempts = 3
	raceLongRun  = time.Second
)

// raceRunsAfterCatch is how many more times each race test that passed
// runs once the grading has seen a race: a race test caught one, or a
// correctness test died of Go's concurrent map check (see
// mapCrashReruns). They run as raceProcsAfterCatch processes at once,
// each running the test raceRunsAfterCatch/raceProcsAfterCatch times in
// a row (-test.count), which costs little more than one process; only a
// race found there changes the test's verdict. A submission with a race
// then gets the same race verdict far more often, whichever test happened
// to catch it first; a race-free submission never pays for it.
const (
	raceRunsAfterCatch  = 24
	raceProcsAfterCatch = 2
)

// mapCrashReruns is how many times a correctness test whose process died
// of Go's concurrent map check ("fatal error: concurrent map read and map
// write", a data race the runtime happened to catch) is run again, with
// GOMAXPROCS=1, until it completes. With one P the runtime does not
// preempt a goroutine inside the map code, so the crash does not recur
// and the test's verdict is about behaviour only; the race is the race
// suite's business, and the crash is recorded there as evidence.
const mapCrashReruns = 3

// runner runs the test processes of one grading.
type runner struct {
	e       *Engine
	ex      *catalog.Exercise
	bins    binaries
	limits  sandbox.Limits
	seed    int64
	src     verdict.Source
	handler Handler
	slots   *queue // this grading's turns in the engine's pool of processes
	// run runs one program; nil means the engine's sandbox. Tests set it
	// to judge the runner's rules without building or running anything.
	run func(context.Context, sandbox.Cmd) (sandbox.Result, error)

	mu       sync.Mutex
	evidence []string // races seen outside the race suite, as "Test: message"
	started  bool     // a test of this grading has started: the package's initialisation works
	panicked error    // the first panic recovered in one of the runner's goroutines
}

// recover, deferred where a goroutine of the runner starts, keeps a panic
// in it (a grader bug) as the grading's error (see failed) instead of
// letting it crash the process.
func (r *runner) recover(what string) {
	if p := recover(); p != nil {
		err := panicError(what, p)
		r.mu.Lock()
		if r.panicked == nil {
			r.panicked = err
		}
		r.mu.Unlock()
	}
}

// failed is the first panic recovered in the runner's goroutines, if any.
func (r *runner) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.panicked
}

// addEvidence records a race seen by test outside the race suite, once.
func (r *runner) addEvidence(test, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.evidence, test+": "+msg) {
		r.evidence = append(r.evidence, test+": "+msg)
	}
}

// raceEvidence returns the races seen outside the race suite so far.
func (r *runner) raceEvidence() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.evidence...)
}

// result is what one sandboxed process did.
type result struct {
	p      verdict.Process // its output is stdout then stderr
	stdout int             // how many bytes of p.Output came from stdout
	d      time.Duration
	err    error // the grader could not run it
}

// acquire takes a turn in the engine's pool of processes and returns its
// release; every test process runs inside one. It fails when ctx is done
// first.
func (r *runner) acquire(ctx context.Context) (release func(), err error) {
	if err := r.slots.acquire(ctx); err != nil {
		return nil, err
	}
	return r.slots.release, nil
}

// process runs bin with args in the sandbox, with the suite's time limit.
func (r *runner) process(ctx context.Context, bin, suite string, args []string) result {
	return r.processEnv(ctx, bin, suite, args, nil)
}

// processEnv is process with extra environment variables.
func (r *runner) processEnv(ctx context.Context, bin, suite string, args, extraEnv []string) result {
	return r.processFor(ctx, bin, suite, args, extraEnv, 1)
}

// processFor is processEnv for a process that runs n benchmarks one after
// the other, each with the suite's time limit.
func (r *runner) processFor(ctx context.Context, bin, suite string, args, extraEnv []string, n int) result {
	timeout := r.ex.Timeout(suite)
	lim := r.limits
	if lim.WallTime > 0 {
		timeout = lim.WallTime // the user's --timeout replaces the suite's
	}
	timeout *= time.Duration(max(n, 1))
	// The test's own -test.timeout fires first and prints every goroutine's
	// stack; the sandbox's kill is the backstop.
	lim.WallTime = timeout + 5*time.Second
	args = append(args, "-test.timeout="+timeout.String(), "-test.v=test2json", "-test.paniconexit0")
	env := []string{
		"PATH=/usr/bin:/bin", "HOME=/tmp", "TMPDIR=/tmp", "GOTRACEBACK=all",
		"GORACE=atexit_sleep_ms=0 halt_on_error=0",
		gradertest.SeedEnv + "=" + strconv.FormatInt(r.seed, 10),
	}
	env = append(env, extraEnv...)
	run := r.run
	if run == nil {
		run = r.e.opts.Sandbox.Run
	}
	res, err := run(ctx, sandbox.Cmd{
		Path: bin, Args: args, Env: env,
		Mounts: []sandbox.Mount{{Src: filepath.Dir(bin)}},
		Limits: lim,
	})
	if err != nil {
		return result{err: fmt.Errorf("running %s in the sandbox: %w", suite, err)}
	}
	return result{p: verdict.Process{
		ExitCode: res.ExitCode, Signaled: res.Signaled, Signal: res.Signal,
		Output:   append(append([]byte{}, res.Stdout...), res.Stderr...),
		TimedOut: res.TimedOut, CPULimit: res.CPULimit, MemoryLimit: res.MemoryLimit, OutputLimit: res.OutputLimit,
	}, stdout: len(res.Stdout), d: res.Duration}
}

// notRun is the result of a test the pruned spec no longer has.
func notRun(name string, syms []string, mismatches []apicheck.Mismatch) scorecard.Test {
	var parts []string
	for _, s := range syms {
		for _, m := range mismatches {
			if m.Symbol == s {
				if m.Found == "" {
					parts = append(parts, fmt.Sprintf("%s is missing (expected %s)", s, m.Expected))
				} else {
					parts = append(parts, fmt.Sprintf("%s is declared as %s (expected %s)", s, m.Found, m.Expected))
				}
			}
		}
	}
	return scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictMissingAPI,
		Message: "not run: " + strings.Join(parts, "; ")}
}

// maxSharedRounds is how many shared processes a suite runs at most
// before the tests still undecided run one process each.
const maxSharedRounds = 3

// suite runs every test of a suite and returns the results in spec order.
//
// The race suite runs each test in processes of its own (see raceSuite).
// The other suites run their tests together, in one process (see shared),
// and only the tests that do not pass there run again in a process of
// their own, several at a time, where they are judged: a panic, a hang, a
// leak or an exit in one test costs that test alone, as if every test had
// had its own process from the start.
func (r *runner) suite(ctx context.Context, suite string, dropped map[string][]string, mismatches []apicheck.Mismatch) []scorecard.Test {
	names := r.ex.TestsOf(suite)
	results := make([]scorecard.Test, len(names))
	var todo []int
	for i, name := range names {
		if syms, ok := dropped[name]; ok {
			results[i] = notRun(name, syms, mismatches)
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return results
	}
	if suite == scorecard.Race {
		r.raceSuite(ctx, names, todo, results)
		return results
	}
	alone, initFailed := r.shared(ctx, r.bins.plain, suite, names, todo, results)
	if initFailed {
		return results
	}
	var wg sync.WaitGroup
	for _, i := range alone {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer r.recover("the run of " + names[i])
			r.runOne(ctx, r.bins.plain, suite, names, i, results)
		}()
	}
	wg.Wait()
	return results
}

// emitTest reports the verdict of one test.
func (r *runner) emitTest(suite string, t scorecard.Test) {
	r.e.emit(r.handler, Event{Kind: KindTest, Suite: suite, Test: t.Name, Status: testStatus(t), Message: t.Message})
}

// testsPattern is the -test.run pattern of exactly the top-level tests
// names[i] for i in idx.
func testsPattern(names []string, idx []int) string {
	sel := make([]string, len(idx))
	for k, i := range idx {
		sel[k] = names[i]
	}
	return "^(" + strings.Join(sel, "|") + ")$"
}

// shared runs the tests todo (indexes into names) together in one
// process, and again with those still undecided, up to maxSharedRounds
// processes, and sets the results of the tests that pass there. It returns
// the tests that must run in a process of their own.
//
// A test passes in a shared process when its part of the output (see
// verdict.Split) holds one run and judges as passed, and the process is
// trusted: it exited 0 of itself (a failing test, a crash or a timeout
// makes it exit otherwise, and the code under test cannot exit 0, see
// verdict) and wrote nothing to stderr (whose lines no test can be told
// from). In a process that is not trusted, the tests whose parts passed
// and those that never started go to the next shared process, and the
// others (failed, crashed, hung, forged) run alone. A shared process that
// ends with no test started is the package failing before any test, as
// every test would alone: they all get its verdict (initFailed).
func (r *runner) shared(ctx context.Context, bin, suite string, names []string, todo []int, results []scorecard.Test) (alone []int, initFailed bool) {
	pending := todo
	for round := 0; round < maxSharedRounds && len(pending) > 1; round++ {
		release, err := r.acquire(ctx)
		if err != nil {
			break
		}
		res := func() result {
			defer release() // also when a bug panics
			return r.process(ctx, bin, suite, []string{"-test.run=" + testsPattern(names, pending), "-test.count=1"})
		}()
		if res.err != nil || ctx.Err() != nil {
			break
		}
		sel := make([]string, len(pending))
		for k, i := range pending {
			sel[k] = names[i]
		}
		parts := verdict.Split(res.p.Output[:res.stdout], sel)
		p := res.p
		trusted := p.ExitCode == 0 && !p.Signaled && !p.TimedOut && !p.CPULimit && !p.MemoryLimit && !p.OutputLimit && res.stdout == len(p.Output)
		started := false
		var next []int
		for _, i := range pending {
			part := parts[names[i]]
			started = started || part.Runs > 0
			passed := false
			if part.Runs == 1 {
				v, _ := verdict.Judge(names[i], verdict.Process{Output: part.Output}, r.src)
				passed = v == scorecard.VerdictPassed
			}
			switch {
			case passed && trusted:
				results[i] = scorecard.Test{Name: names[i], Status: scorecard.StatusPass, Verdict: scorecard.VerdictPassed, DurationMS: part.DurationMS}
				r.emitTest(suite, results[i])
			case passed || part.Runs == 0:
				next = append(next, i)
			default:
				alone = append(alone, i)
				if suite == scorecard.Correctness && part.Last && verdict.MapCrash(p.Output[res.stdout:]) {
					// The race is real whoever caused it; the test is
					// judged on its own runs.
					_, msg := verdict.Judge(names[i], p, r.src)
					r.addEvidence(names[i], msg)
				}
			}
		}
		if started {
			r.mu.Lock()
			r.started = true
			r.mu.Unlock()
		}
		if !started && round > 0 {
			break
		}
		if !started {
			// Nothing started: the package failed before any test, as it
			// would for every test alone.
			first := pending[0]
			t := r.judge(names[first], res, "")
			t.Message += " (before any test started, so every test of the suite fails the same way)"
			for _, i := range todo {
				results[i] = t
				results[i].Name = names[i]
				if i != first {
					results[i].DurationMS = 0
				}
				r.emitTest(suite, results[i])
			}
			return nil, true
		}
		if len(next) == len(pending) {
			break // no progress: every test runs alone
		}
		pending = next
	}
	return append(alone, pending...), false
}

// judge turns one test's process into its result; note, if not "", is
// added to the message.
func (r *runner) judge(name string, res result, note string) scorecard.Test {
	t := scorecard.Test{Name: name, DurationMS: res.d.Milliseconds()}
	if res.err != nil {
		t.Status, t.Verdict, t.Message = scorecard.StatusFail, scorecard.VerdictCrash, "the grader could not run this test: "+res.err.Error()
		return t
	}
	t.Verdict, t.Message = verdict.Judge(name, res.p, r.src)
	t.Status = scorecard.StatusFail
	if t.Verdict == scorecard.VerdictPassed {
		t.Status = scorecard.StatusPass
	}
	if note != "" {
		if t.Message != "" {
			t.Message += "\n"
		}
		t.Message += note
	}
	return t
}

// attempt runs test name alone, count times in a row, in a slot of the
// pool.
func (r *runner) attempt(ctx context.Context, bin, suite, name string, count int, env ...string) result {
	release, err := r.acquire(ctx)
	if err != nil {
		return result{err: err}
	}
	defer release()
	return r.processEnv(ctx, bin, suite, []string{"-test.run=^" + name + "$", "-test.count=" + strconv.Itoa(count)}, env)
}

// runOne runs names[i] in a process of its own, judges it, records its
// result and reports it; it returns the process's result. A correctness
// test that dies of Go's concurrent map check runs again (see
// mapCrashReruns), and a race test that passes runs raceAttempts times in
// all (once if its run took raceLongRun or more).
func (r *runner) runOne(ctx context.Context, bin, suite string, names []string, i int, results []scorecard.Test) result {
	name := names[i]
	res := r.attempt(ctx, bin, suite, name, 1)
	note := ""
	if suite == scorecard.Correctness && res.err == nil && verdict.MapCrash(res.p.Output) {
		_, msg := verdict.Judge(name, res.p, r.src)
		r.addEvidence(name, msg)
		for k := 0; k < mapCrashReruns && res.err == nil && verdict.MapCrash(res.p.Output); k++ {
			res = r.attempt(ctx, bin, suite, name, 1, "GOMAXPROCS=1")
		}
		note = "(its first run died of Go's concurrent map check, a data race that costs points in the race suite only; this verdict is from a run with GOMAXPROCS=1)"
	}
	if suite == scorecard.Race && res.err == nil && res.p.ExitCode == 0 && res.d < raceLongRun {
		res = r.attempts(ctx, bin, suite, name, raceAttempts-1)
	}
	t := r.judge(name, res, note)
	r.mu.Lock()
	results[i] = t
	r.mu.Unlock()
	r.emitTest(suite, t)
	return res
}

// attempts runs name n times at once, each in a slot of the pool, and
// returns the first failure among them, or a pass.
func (r *runner) attempts(ctx context.Context, bin, suite, name string, n int) result {
	more := make([]result, n)
	var wg sync.WaitGroup
	for k := range more {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer r.recover("a run of " + name)
			more[k] = r.attempt(ctx, bin, suite, name, 1)
		}()
	}
	wg.Wait()
	for _, m := range more {
		if m.err != nil || m.p.ExitCode != 0 {
			return m
		}
	}
	return more[n-1]
}

// raceSuite runs the race tests todo (indexes into names), each in
// processes of its own, and sets their results. Unless a test of another
// suite has already started in this grading, the first runs alone: when
// its process dies before any test starts (a panic, a hang or an exit in
// the package's initialisation), every test would die the same way, and
// they all get its verdict without being run.
func (r *runner) raceSuite(ctx context.Context, names []string, todo []int, results []scorecard.Test) {
	suite, bin := scorecard.Race, r.bins.race
	r.mu.Lock()
	initOK := r.started
	r.mu.Unlock()
	if initOK {
		r.raceAttempts(ctx, names, todo, results)
		r.afterCatch(ctx, names, todo, results)
		return
	}
	first, rest := todo[0], todo[1:]
	res := r.runOne(ctx, bin, suite, names, first, results)
	if results[first].Status == scorecard.StatusFail && res.err == nil && !bytes.Contains(res.p.Output, []byte("\x16=== RUN")) {
		for _, i := range rest {
			t := results[first]
			t.Name, t.DurationMS = names[i], 0
			t.Message += " (before any test started, so every test of the suite fails the same way)"
			results[i] = t
			r.emitTest(suite, t)
		}
		results[first].Message += " (before any test started, so every test of the suite fails the same way)"
		return
	}
	r.raceAttempts(ctx, names, rest, results)
	r.afterCatch(ctx, names, todo, results)
}

// raceAttempts runs the race tests run (indexes into names) at once,
// each in processes of its own (see runOne).
func (r *runner) raceAttempts(ctx context.Context, names []string, run []int, results []scorecard.Test) {
	var wg sync.WaitGroup
	for _, i := range run {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer r.recover("the race run of " + names[i])
			r.runOne(ctx, r.bins.race, scorecard.Race, names, i, results)
		}()
	}
	wg.Wait()
}

// afterCatch runs each race test of todo that passed raceRunsAfterCatch
// more times once the grading has seen a race.
func (r *runner) afterCatch(ctx context.Context, names []string, todo []int, results []scorecard.Test) {
	suite, bin := scorecard.Race, r.bins.race
	// Once the grading has seen a race, every race test that passed runs
	// raceRunsAfterCatch more times: whether a race is found must not
	// hang on which test happened to catch it in its first attempts.
	seen := len(r.raceEvidence()) > 0
	for _, t := range results {
		seen = seen || t.Verdict == scorecard.VerdictRace
	}
	if !seen {
		return
	}
	var wg sync.WaitGroup
	for _, i := range todo {
		if results[i].Status != scorecard.StatusPass {
			continue
		}
		for range raceProcsAfterCatch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer r.recover("a rerun of " + names[i])
				res := r.attempt(ctx, bin, suite, names[i], raceRunsAfterCatch/raceProcsAfterCatch)
				if res.err != nil {
					return
				}
				// Only a race counts: the process ran the test several
				// times, so its other results are not this test's verdict.
				if v, _ := verdict.Judge(names[i], res.p, r.src); v != scorecard.VerdictRace {
					return
				}
				r.mu.Lock()
				defer r.mu.Unlock()
				if results[i].Status == scorecard.StatusPass {
					results[i] = r.judge(names[i], res, "")
					r.emitTest(suite, results[i])
				}
			}()
		}
	}
	wg.Wait()
}

// benchLineRE matches a benchmark result line and captures its name
// without the -GOMAXPROCS suffix.
var benchLineRE = regexp.MustCompile(`(?m)^(Benchmark\S*?)(?:-\d+)?\s+\d+\s+[0-9.]+ ns/op`)

// benchOutput checks one benchmark process's output and returns the text
// for the latency statistics: the framework's configuration and result
// lines. More than benchCount result lines for a name means forged output.
func benchOutput(out []byte) (string, error) {
	seen := map[string]int{}
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "\x16") {
			continue
		}
		if m := benchLineRE.FindStringSubmatch(l); m != nil {
			if seen[m[1]]++; seen[m[1]] > benchCount {
				return "", fmt.Errorf("the output holds more results for %s than were measured; a submission must not print benchmark results", m[1])
			}
			keep = append(keep, l)
			continue
		}
		for _, p := range []string{"goos: ", "goarch: ", "pkg: ", "cpu: "} {
			if strings.HasPrefix(l, p) {
				keep = append(keep, l)
			}
		}
	}
	return strings.Join(keep, "\n") + "\n", nil
}

// side is one of the two programs a latency round measures.
type side struct {
	bin     string
	samples *latency.Samples
	cand    bool
}

// latency measures every latency benchmark for the candidate and the
// reference in rounds, until each budget is decided or the rounds run out,
// and judges each against its budget. Each round runs, for each benchmark
// still undecided, one candidate and one reference process at once, each
// in a slot of the pool and measuring benchCount times: the reference is
// measured in every grading beside the candidate, never taken from an
// earlier one. A round gives each side the 8 runs an interval needs, so a
// budget far from the candidate's ratio is decided after one round, and
// only one near it is measured again.
func (r *runner) latency(ctx context.Context, refBin string, dropped map[string][]string, mismatches []apicheck.Mismatch) []scorecard.Test {
	names := r.ex.TestsOf(scorecard.Latency)
	results := make([]scorecard.Test, len(names))
	type bench struct {
		i         int
		budget    latency.Budget
		cand, ref latency.Samples
		done      bool
	}
	var benches []*bench
	for i, name := range names {
		if syms, ok := dropped[name]; ok {
			results[i] = notRun(name, syms, mismatches)
			continue
		}
		b, _ := r.ex.Budget(name)
		benches = append(benches, &bench{i: i, budget: latency.Budget{Benchmark: name, MaxRatio: b.MaxRatio, MaxGrowth: latency.Growth(b.MaxGrowth)}})
	}
	args := func(pattern string) []string {
		return []string{"-test.run=^$", "-test.bench=" + pattern, "-test.benchtime=" + benchTime, "-test.benchmem",
			"-test.count=" + strconv.Itoa(benchCount)}
	}
	fail := func(b *bench, t scorecard.Test) {
		results[b.i] = t
		b.done = true
		r.emitTest(scorecard.Latency, t)
	}
	// runSides runs both sides of a round at once, each on a core of its
	// own: the load that other work puts on the machine at that moment
	// weighs on both alike, and the round takes half the time.
	runSides := func(pattern string, n int) (cand, ref result) {
		outs := make([]result, 2)
		var wg sync.WaitGroup
		for k, bin := range []string{r.bins.plain, refBin} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer r.recover("a benchmark run of " + pattern)
				release, err := r.acquire(ctx)
				if err != nil {
					outs[k] = result{err: err}
					return
				}
				defer release()
				outs[k] = r.processFor(ctx, bin, scorecard.Latency, args(pattern), nil, n)
			}()
		}
		wg.Wait()
		return outs[0], outs[1]
	}
	// measureOne runs a round of b alone, as its own pair of processes,
	// where a crash, a hang or forged output is b's verdict.
	measureOne := func(b *bench) {
		name := names[b.i]
		cand, ref := runSides("^"+name+"$", 1)
		for _, sd := range []side{{r.bins.plain, &b.cand, true}, {refBin, &b.ref, false}} {
			res := ref
			if sd.cand {
				res = cand
			}
			if res.err != nil {
				fail(b, scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictCrash, Message: "the grader could not run this benchmark: " + res.err.Error()})
				return
			}
			if sd.cand {
				if v, msg := verdict.Judge(name, res.p, r.src); v != scorecard.VerdictPassed {
					fail(b, scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: v, Message: msg, DurationMS: res.d.Milliseconds()})
					return
				}
			}
			text, err := benchOutput(res.p.Output)
			if err != nil && sd.cand {
				fail(b, scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictTamper, Message: err.Error()})
				return
			}
			if err := sd.samples.Add(strings.NewReader(text)); err != nil && sd.cand {
				fail(b, scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictTamper, Message: "unreadable benchmark output: " + err.Error()})
				return
			}
		}
	}
	// measureShared runs a round of every benchmark of pending in one
	// process a side. It keeps the round only when both processes ended
	// cleanly with benchCount results of each benchmark and nothing the
	// candidate's verdict would question; otherwise it adds nothing and
	// reports false, and the round runs each benchmark alone (measureOne),
	// so a crashing or forged benchmark costs only itself.
	measureShared := func(pending []*bench) bool {
		idx := make([]int, len(pending))
		for k, b := range pending {
			idx[k] = b.i
		}
		cand, ref := runSides(testsPattern(names, idx), len(pending))
		texts := make([]map[string]string, 2)
		sel := make([]string, len(pending))
		for k, b := range pending {
			sel[k] = names[b.i]
		}
		for k, res := range []result{cand, ref} {
			p := res.p
			if res.err != nil || ctx.Err() != nil || p.ExitCode != 0 || p.Signaled || p.TimedOut || p.CPULimit || p.MemoryLimit || p.OutputLimit ||
				res.stdout != len(p.Output) {
				return false
			}
			// Each benchmark's part of the output, judged as a process of
			// its own (see verdict.Split), as the tests' shared processes.
			parts := verdict.Split(p.Output, sel)
			for _, name := range sel {
				part := parts[name]
				if part.Runs != 1 {
					return false
				}
				if v, _ := verdict.Judge(name, verdict.Process{Output: part.Output}, r.src); v != scorecard.VerdictPassed {
					return false
				}
			}
			text, err := benchOutput(res.p.Output)
			if err != nil {
				return false
			}
			texts[k] = benchesOf(text, names, idx)
			for _, b := range pending {
				if texts[k][names[b.i]] == "" {
					return false
				}
			}
		}
		for _, b := range pending {
			if b.cand.Add(strings.NewReader(texts[0][names[b.i]])) != nil || b.ref.Add(strings.NewReader(texts[1][names[b.i]])) != nil {
				return false // cannot be: benchOutput read the lines; measured again alone
			}
		}
		return true
	}
	shared := true // until a shared process fails: then each runs alone
	for round := 0; round < maxRounds; round++ {
		var pending []*bench
		for _, b := range benches {
			if !b.done {
				pending = append(pending, b)
			}
		}
		if len(pending) == 0 {
			break
		}
		if shared && len(pending) > 1 {
			shared = measureShared(pending)
		} else {
			shared = false
		}
		for _, b := range pending {
			if !shared {
				measureOne(b)
			}
			if b.done || round+1 < minRounds {
				continue
			}
			final := round+1 == maxRounds
			res := latency.Judge(b.budget, &b.cand, &b.ref, final)
			if res.Verdict == latency.Undecided {
				continue
			}
			b.done = true
			results[b.i] = latencyTest(names[b.i], res)
			r.emitTest(scorecard.Latency, results[b.i])
		}
		if ctx.Err() != nil {
			break
		}
	}
	return results
}

// benchesOf splits the benchmark output text (see benchOutput) of a
// process that ran the benchmarks idx (indexes into names): each one's
// result lines (its sub-benchmarks' too), after the header lines, keyed
// by name; "" for a benchmark without exactly benchCount results of
// itself or of each of its sub-benchmarks.
func benchesOf(text string, names []string, idx []int) map[string]string {
	var header []string
	lines := map[string][]string{}        // by top-level benchmark
	counts := map[string]map[string]int{} // top-level -> full name -> results
	for _, l := range strings.Split(text, "\n") {
		m := benchLineRE.FindStringSubmatch(l)
		if m == nil {
			if l != "" {
				header = append(header, l)
			}
			continue
		}
		top, _, _ := strings.Cut(m[1], "/")
		lines[top] = append(lines[top], l)
		if counts[top] == nil {
			counts[top] = map[string]int{}
		}
		counts[top][m[1]]++
	}
	out := map[string]string{}
	for _, i := range idx {
		name := names[i]
		ok := len(counts[name]) > 0
		for _, n := range counts[name] {
			ok = ok && n == benchCount
		}
		out[name] = ""
		if ok {
			out[name] = strings.Join(append(slices.Clone(header), lines[name]...), "\n") + "\n"
		}
	}
	return out
}

func latencyTest(name string, res latency.Result) scorecard.Test {
	t := scorecard.Test{Name: name, Message: res.Reason, Latency: &scorecard.LatencyResult{
		CandidateNsPerOp: res.CandidateNsPerOp, ReferenceNsPerOp: res.ReferenceNsPerOp,
		CandidateAllocs: res.CandidateAllocs, ReferenceAllocs: res.ReferenceAllocs,
		Ratio: res.Ratio, RatioLo: res.RatioLo, RatioHi: res.RatioHi, MaxRatio: res.MaxRatio,
		Growth: string(res.Growth), MaxGrowth: string(res.MaxGrowth),
		Rounds: res.CandidateRuns, FavourCandidate: res.FavourCandidate,
	}}
	switch res.Verdict {
	case latency.Pass:
		t.Status, t.Verdict = scorecard.StatusPass, scorecard.VerdictPassed
	case latency.Invalid:
		t.Status, t.Verdict = scorecard.StatusFail, scorecard.VerdictCrash
		t.Message = "the grader could not judge this benchmark (an exercise error): " + res.Reason
	default:
		t.Status, t.Verdict = scorecard.StatusFail, scorecard.VerdictSlow
	}
	return t
}

// testStatus is the event status of a test's result.
func testStatus(t scorecard.Test) EventStatus {
	switch t.Status {
	case scorecard.StatusPass:
		return StatusPass
	case scorecard.StatusSkipped:
		return StatusSkipped
	}
	return StatusFail
}
