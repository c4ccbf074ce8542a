package grader

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
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
// per benchmark, interleaved, alternating which side goes first; each
// process measures benchCount times. The latency package needs 8 runs a
// side for an interval, so verdicts come from round 2 on.
const (
	minRounds  = 2
	maxRounds  = 6
	benchCount = 4
	benchTime  = "20ms"
)

// raceAttempts is how many times a race test runs while it passes. The
// race detector reports only races that happen in a run, and which happen
// depends on scheduling; it never reports a race that is not there. So a
// race seen in any run fails the test, and running a passing test again
// makes the verdict on a submission with a rare race more repeatable.
const raceAttempts = 3

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
}

// addEvidence records a race seen by test outside the race suite.
func (r *runner) addEvidence(test, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evidence = append(r.evidence, test+": "+msg)
}

// raceEvidence returns the races seen outside the race suite so far.
func (r *runner) raceEvidence() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.evidence...)
}

// process runs bin with args in the sandbox, with the suite's time limit.
func (r *runner) process(ctx context.Context, bin, suite string, args []string) (verdict.Process, time.Duration, error) {
	return r.processEnv(ctx, bin, suite, args, nil)
}

// processEnv is process with extra environment variables.
func (r *runner) processEnv(ctx context.Context, bin, suite string, args, extraEnv []string) (verdict.Process, time.Duration, error) {
	timeout := r.ex.Timeout(suite)
	lim := r.limits
	if lim.WallTime > 0 {
		timeout = lim.WallTime // the user's --timeout replaces the suite's
	}
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
		return verdict.Process{}, 0, fmt.Errorf("running %s in the sandbox: %w", suite, err)
	}
	return verdict.Process{
		ExitCode: res.ExitCode, Signaled: res.Signaled, Signal: res.Signal,
		Output:   append(append([]byte{}, res.Stdout...), res.Stderr...),
		TimedOut: res.TimedOut, CPULimit: res.CPULimit, MemoryLimit: res.MemoryLimit, OutputLimit: res.OutputLimit,
	}, res.Duration, nil
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

// suite runs every test of a suite, each in a process of its own, several
// at a time, and returns the results in spec order. The first test runs
// alone: when its process dies before any test starts (a panic, a hang or
// an exit in the candidate's package initialisation), every test would die
// the same way, and they all get its verdict without being run.
func (r *runner) suite(ctx context.Context, suite string, dropped map[string][]string, mismatches []apicheck.Mismatch) []scorecard.Test {
	names := r.ex.TestsOf(suite)
	results := make([]scorecard.Test, len(names))
	bin := r.bins.plain
	if suite == scorecard.Race {
		bin = r.bins.race
	}
	type result struct {
		p   verdict.Process
		d   time.Duration
		err error
	}
	attemptN := func(name string, count int, env ...string) result {
		if err := r.slots.acquire(ctx); err != nil {
			return result{err: err}
		}
		defer r.slots.release()
		p, d, err := r.processEnv(ctx, bin, suite, []string{"-test.run=^" + name + "$", "-test.count=" + strconv.Itoa(count)}, env)
		return result{p, d, err}
	}
	attempt := func(name string, env ...string) result { return attemptN(name, 1, env...) }
	// attempts runs name n times at once, each in a slot of the shared
	// pool, and returns the first failure among them, or a pass.
	attempts := func(name string, n int) result {
		more := make([]result, n)
		var wg sync.WaitGroup
		for k := range more {
			wg.Add(1)
			go func() {
				defer wg.Done()
				more[k] = attempt(name)
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
	judge := func(i int, res result, note string) scorecard.Test {
		t := scorecard.Test{Name: names[i], DurationMS: res.d.Milliseconds()}
		if res.err != nil {
			t.Status, t.Verdict, t.Message = scorecard.StatusFail, scorecard.VerdictCrash, "the grader could not run this test: "+res.err.Error()
			return t
		}
		t.Verdict, t.Message = verdict.Judge(names[i], res.p, r.src)
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
	runOne := func(i int) (initFailed bool) {
		name := names[i]
		res := attempt(name)
		note := ""
		if suite == scorecard.Correctness && res.err == nil && verdict.MapCrash(res.p.Output) {
			_, msg := verdict.Judge(name, res.p, r.src)
			r.addEvidence(name, msg)
			for k := 0; k < mapCrashReruns && res.err == nil && verdict.MapCrash(res.p.Output); k++ {
				res = attempt(name, "GOMAXPROCS=1")
			}
			note = "(its first run died of Go's concurrent map check, a data race that costs points in the race suite only; this verdict is from a run with GOMAXPROCS=1)"
		}
		if suite == scorecard.Race && res.err == nil && res.p.ExitCode == 0 {
			res = attempts(name, raceAttempts-1)
		}
		t := judge(i, res, note)
		initFailed = t.Status == scorecard.StatusFail && res.err == nil && !bytes.Contains(res.p.Output, []byte("\x16=== RUN"))
		results[i] = t
		r.e.emit(r.handler, Event{Kind: KindTest, Suite: suite, Test: name, Status: testStatus(t), Message: t.Message})
		return initFailed
	}
	var rest []int
	first := -1
	for i, name := range names {
		if syms, ok := dropped[name]; ok {
			results[i] = notRun(name, syms, mismatches)
		} else if first < 0 {
			first = i
		} else {
			rest = append(rest, i)
		}
	}
	if first < 0 {
		return results
	}
	if runOne(first) {
		for _, i := range rest {
			t := results[first]
			t.Name, t.DurationMS = names[i], 0
			t.Message += " (before any test started, so every test of the suite fails the same way)"
			results[i] = t
		}
		results[first].Message += " (before any test started, so every test of the suite fails the same way)"
		return results
	}
	var wg sync.WaitGroup
	for _, i := range rest {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runOne(i)
		}()
	}
	wg.Wait()
	if suite != scorecard.Race {
		return results
	}
	// Once the grading has seen a race, every race test that passed runs
	// raceRunsAfterCatch more times: whether a race is found must not
	// hang on which test happened to catch it in its first attempts.
	seen := len(r.raceEvidence()) > 0
	for _, t := range results {
		seen = seen || t.Verdict == scorecard.VerdictRace
	}
	if !seen {
		return results
	}
	for i, t := range results {
		if t.Status != scorecard.StatusPass {
			continue
		}
		for range raceProcsAfterCatch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := attemptN(names[i], raceRunsAfterCatch/raceProcsAfterCatch)
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
					results[i] = judge(i, res, "")
					r.e.emit(r.handler, Event{Kind: KindTest, Suite: suite, Test: names[i], Status: testStatus(results[i]), Message: results[i].Message})
				}
			}()
		}
	}
	wg.Wait()
	return results
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
// reference, interleaved in rounds, until each budget is decided or the
// rounds run out, and judges each against its budget.
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
	args := func(name string) []string {
		return []string{"-test.run=^$", "-test.bench=^" + name + "$", "-test.benchtime=" + benchTime, "-test.benchmem",
			"-test.count=" + strconv.Itoa(benchCount)}
	}
	// The reference's runs from earlier gradings by this engine (a batch,
	// such as verify) count here too; once there are enough, only the
	// candidate is measured.
	for _, b := range benches {
		for _, out := range r.e.referenceRuns(r.ex.Slug, names[b.i]) {
			b.ref.Add(strings.NewReader(out))
		}
	}
	for round := 0; round < maxRounds; round++ {
		pending := 0
		for _, b := range benches {
			if b.done {
				continue
			}
			pending++
			name := names[b.i]
			cand := side{r.bins.plain, &b.cand, true}
			sides := []side{cand, {refBin, &b.ref, false}}
			switch {
			case b.ref.Rounds() >= 2*minRounds:
				sides = []side{cand} // enough reference runs in this batch
			case round%2 == 1:
				sides[0], sides[1] = sides[1], sides[0]
			}
			for _, side := range sides {
				err := r.slots.acquire(ctx)
				var p verdict.Process
				var d time.Duration
				if err == nil {
					p, d, err = r.process(ctx, side.bin, scorecard.Latency, args(name))
					r.slots.release()
				}
				if err != nil {
					results[b.i] = scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictCrash, Message: "the grader could not run this benchmark: " + err.Error()}
					b.done = true
					break
				}
				if side.cand {
					if v, msg := verdict.Judge(name, p, r.src); v != scorecard.VerdictPassed {
						results[b.i] = scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: v, Message: msg, DurationMS: d.Milliseconds()}
						b.done = true
						break
					}
				}
				text, err := benchOutput(p.Output)
				if err != nil {
					if side.cand {
						results[b.i] = scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictTamper, Message: err.Error()}
						b.done = true
						break
					}
				}
				if !side.cand {
					r.e.addReferenceRun(r.ex.Slug, name, text)
				}
				if err := side.samples.Add(strings.NewReader(text)); err != nil && side.cand {
					results[b.i] = scorecard.Test{Name: name, Status: scorecard.StatusFail, Verdict: scorecard.VerdictTamper, Message: "unreadable benchmark output: " + err.Error()}
					b.done = true
					break
				}
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
			results[b.i] = latencyTest(name, res)
			r.e.emit(r.handler, Event{Kind: KindTest, Suite: scorecard.Latency, Test: name, Status: testStatus(results[b.i]), Message: results[b.i].Message})
		}
		if pending == 0 || ctx.Err() != nil {
			break
		}
	}
	return results
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
