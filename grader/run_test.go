package grader

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/verdict"
)

// call is one fake test process: the -test.run pattern's body (one
// test's name, or "(A|B)" for a shared process), -test.count and
// GOMAXPROCS.
type call struct {
	Test       string
	Count      string
	GOMAXPROCS string
}

// tests returns the tests the call's pattern selects.
func (c call) tests() []string {
	return strings.Split(strings.Trim(c.Test, "()"), "|")
}

// reply is what a fake test process did.
type reply struct {
	stdout, stderr string
	exit           int
	timedOut       bool
	d              time.Duration // how long the process ran
}

// fakeRunner is a runner of exercise lrucache whose processes are
// answered by answer (n counts the calls alike so far), and which
// records every call.
func fakeRunner(tests []catalog.Test, answer func(c call, n int) reply) (*runner, func() []call) {
	var mu sync.Mutex
	var calls []call
	seen := map[call]int{}
	r := &runner{
		e:     &Engine{},
		ex:    &catalog.Exercise{Slug: "lrucache", Tests: tests, Meta: catalog.Meta{Suites: map[string]catalog.SuiteMeta{}}},
		bins:  binaries{plain: "/bin/plain.test", race: "/bin/race.test"},
		src:   verdict.Source{Package: "lrucache", Files: []string{"lrucache.go"}},
		slots: newPool(2).queue(),
	}
	r.run = func(_ context.Context, cmd sandbox.Cmd) (sandbox.Result, error) {
		var c call
		for _, a := range cmd.Args {
			if v, ok := strings.CutPrefix(a, "-test.run=^"); ok {
				c.Test = strings.TrimSuffix(v, "$")
			}
			if v, ok := strings.CutPrefix(a, "-test.bench=^"); ok {
				c.Test = strings.TrimSuffix(v, "$")
			}
			if v, ok := strings.CutPrefix(a, "-test.count="); ok {
				c.Count = v
			}
		}
		if strings.HasPrefix(cmd.Path, "/ref/") {
			c.Test = "ref:" + c.Test
		}
		for _, e := range cmd.Env {
			if v, ok := strings.CutPrefix(e, "GOMAXPROCS="); ok {
				c.GOMAXPROCS = v
			}
		}
		mu.Lock()
		calls = append(calls, c)
		seen[c]++
		n := seen[c]
		mu.Unlock()
		rep := answer(c, n)
		return sandbox.Result{ExitCode: rep.exit, Stdout: []byte(rep.stdout), Stderr: []byte(rep.stderr), TimedOut: rep.timedOut, Duration: rep.d}, nil
	}
	return r, func() []call {
		mu.Lock()
		defer mu.Unlock()
		out := slices.Clone(calls)
		slices.SortFunc(out, func(a, b call) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		return out
	}
}

// outcome is how a fake test behaves in a run.
type outcome int

const (
	pass     outcome = iota
	fail             // fails, and the process goes on
	crash            // panics: the process dies
	hang             // never returns: -test.timeout ends the process
	mapCrash         // dies of Go's concurrent map check
	race             // the race detector reports a race in it
	printErr         // passes, and prints to stderr
	passLong         // passes after running for raceLongRun
)

// fakeBinary answers a process as a test binary whose tests behave as
// behave says, run in the order of the call's pattern (a shared process
// runs them in spec order, as the pattern lists them): a crash or a hang
// ends the process.
func fakeBinary(behave func(test string, c call, n int) outcome) func(c call, n int) reply {
	return func(c call, n int) reply {
		var rep reply
		for _, test := range c.tests() {
			switch behave(test, c, n) {
			case pass:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n\x16--- PASS: %s (0.01s)\n", test, test)
			case passLong:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n\x16--- PASS: %s (1.50s)\n", test, test)
				rep.d += raceLongRun
			case printErr:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n\x16--- PASS: %s (0.01s)\n", test, test)
				rep.stderr += "debug: hello\n"
			case fail:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n    x_test.go:3: wrong answer\n\x16--- FAIL: %s (0.00s)\n", test, test)
				rep.exit = 1
			case race:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n    testing.go:1712: race detected during execution of test\n\x16--- FAIL: %s (0.01s)\n", test, test)
				rep.stderr += raceReport
				rep.exit = 1
			case crash:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n\x16--- FAIL: %s (0.00s)\n", test, test)
				rep.stderr += "panic: runtime error: index out of range [4] with length 0 [recovered, repanicked]\n\ngoroutine 7 [running]:\nlrucache.(*Cache[...]).Get(...)\n\tlrucache/lrucache.go:33\n"
				rep.exit = 2
				return rep
			case mapCrash:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n", test)
				rep.stderr += "fatal error: concurrent map read and map write\n\ngoroutine 19 [running]:\ninternal/runtime/maps.fatal({0x69ba66?, 0x2792c46803c0?})\n\truntime/panic.go:1181 +0x18\nlrucache.(*Cache[...]).Get(0x0?)\n\tlrucache/lrucache.go:38 +0xa8\n"
				rep.exit = 2
				return rep
			case hang:
				rep.stdout += fmt.Sprintf("\x16=== RUN   %s\n", test)
				rep.stderr += fmt.Sprintf("panic: test timed out after 10s\n\trunning tests:\n\t\t%s (10s)\n\ngoroutine 21 [chan receive]:\nlrucache.(*Cache[...]).Wait(...)\n\tlrucache/lrucache.go:50\n", test)
				rep.exit = 2
				return rep
			}
		}
		if rep.exit == 0 {
			rep.stdout += "\x16PASS\n"
		} else {
			rep.stdout += "\x16FAIL\n"
		}
		return rep
	}
}

const raceReport = "==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n  lrucache.(*Cache[...]).Get()\n      lrucache/lrucache.go:40 +0x44\n\nPrevious write at 0x00c000012345 by goroutine 7:\n  lrucache.(*Cache[...]).Get()\n      lrucache/lrucache.go:40 +0x44\n==================\n"

type verdicts map[string]scorecard.Verdict

func verdictsOf(ts []scorecard.Test) verdicts {
	v := verdicts{}
	for _, t := range ts {
		v[t.Name] = t.Verdict
	}
	return v
}

var raceTests = []catalog.Test{{Name: "TestRace_Gets", Suite: "race"}, {Name: "TestRace_Mixed", Suite: "race"}}

func TestRaceSuiteAttempts(t *testing.T) {
	type testCase struct {
		name      string
		evidence  bool                                     // a correctness test saw a race first
		behave    func(test string, c call, n int) outcome // the race tests
		want      verdicts
		wantCalls map[string]int // processes per test
		reason    string
	}
	run := func(t *testing.T, tc testCase) {
		r, calls := fakeRunner(raceTests, fakeBinary(tc.behave))
		if tc.evidence {
			r.addEvidence("TestCorrectness_Get", "data race caught by the runtime")
		}
		got := verdictsOf(r.suite(context.Background(), scorecard.Race, nil, nil))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("verdicts (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
		n := map[string]int{}
		for _, c := range calls() {
			n[c.Test]++
		}
		if diff := cmp.Diff(tc.wantCalls, n); diff != "" {
			t.Errorf("processes per test (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
	}
	for _, tc := range []testCase{
		{
			name:      "race-free: each test runs raceAttempts times, no more",
			behave:    func(string, call, int) outcome { return pass },
			want:      verdicts{"TestRace_Gets": "passed", "TestRace_Mixed": "passed"},
			wantCalls: map[string]int{"TestRace_Gets": raceAttempts, "TestRace_Mixed": raceAttempts},
		},
		{
			name: "a race test that ran raceLongRun or more runs once",
			behave: func(test string, _ call, _ int) outcome {
				if test == "TestRace_Mixed" {
					return passLong
				}
				return pass
			},
			want:      verdicts{"TestRace_Gets": "passed", "TestRace_Mixed": "passed"},
			wantCalls: map[string]int{"TestRace_Gets": raceAttempts, "TestRace_Mixed": 1},
			reason:    "its goroutines ran side by side longer than three short runs would",
		},
		{
			name: "a race caught by one test sends the others that passed looking again",
			behave: func(test string, c call, _ int) outcome {
				if test == "TestRace_Gets" || c.Count != "1" {
					return race
				}
				return pass
			},
			want:      verdicts{"TestRace_Gets": "race", "TestRace_Mixed": "race"},
			wantCalls: map[string]int{"TestRace_Gets": 1, "TestRace_Mixed": raceAttempts + raceProcsAfterCatch},
			reason:    "TestRace_Mixed passed its first attempts, and caught the race in the runs after the catch",
		},
		{
			name: "a race in the second attempt fails the test",
			behave: func(test string, c call, n int) outcome {
				if test == "TestRace_Mixed" && n == 2 {
					return race
				}
				return pass
			},
			want:      verdicts{"TestRace_Gets": "passed", "TestRace_Mixed": "race"},
			wantCalls: map[string]int{"TestRace_Gets": raceAttempts + raceProcsAfterCatch, "TestRace_Mixed": raceAttempts},
			reason:    "any attempt's race is the test's verdict, and sends the others looking again",
		},
		{
			name: "the runs after a catch change a verdict only with a race",
			behave: func(test string, c call, _ int) outcome {
				switch {
				case test == "TestRace_Gets":
					return race
				case c.Count != "1":
					return fail
				}
				return pass
			},
			want:      verdicts{"TestRace_Gets": "race", "TestRace_Mixed": "passed"},
			wantCalls: map[string]int{"TestRace_Gets": 1, "TestRace_Mixed": raceAttempts + raceProcsAfterCatch},
			reason:    "a failure other than a race in a -test.count run is not this test's verdict",
		},
		{
			name:     "evidence from the correctness suite sends every race test looking again",
			evidence: true,
			behave: func(_ string, c call, _ int) outcome {
				if c.Count != "1" {
					return race
				}
				return pass
			},
			want:      verdicts{"TestRace_Gets": "race", "TestRace_Mixed": "race"},
			wantCalls: map[string]int{"TestRace_Gets": raceAttempts + raceProcsAfterCatch, "TestRace_Mixed": raceAttempts + raceProcsAfterCatch},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestMapCrashRerun(t *testing.T) {
	tests := []catalog.Test{{Name: "TestCorrectness_Put", Suite: "correctness"}, {Name: "TestCorrectness_Get", Suite: "correctness"}}
	r, calls := fakeRunner(tests, fakeBinary(func(test string, c call, _ int) outcome {
		if test == "TestCorrectness_Get" && c.GOMAXPROCS == "" {
			return mapCrash
		}
		return pass
	}))
	got := r.suite(context.Background(), scorecard.Correctness, nil, nil)
	if diff := cmp.Diff(verdicts{"TestCorrectness_Put": "passed", "TestCorrectness_Get": "passed"}, verdictsOf(got)); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s\nreason: the crash is a data race, the race suite's business; the test is judged on its run with GOMAXPROCS=1", diff)
	}
	wantCalls := []call{
		{Test: "(TestCorrectness_Put|TestCorrectness_Get)", Count: "1"},
		{Test: "TestCorrectness_Get", Count: "1", GOMAXPROCS: "1"},
		{Test: "TestCorrectness_Get", Count: "1"},
		{Test: "TestCorrectness_Put", Count: "1"},
	}
	if diff := cmp.Diff(wantCalls, calls()); diff != "" {
		t.Errorf("processes (-want +got):\n%s\nreason: the shared process died in TestCorrectness_Get; TestCorrectness_Put, the only test left, runs alone", diff)
	}
	if !strings.Contains(got[1].Message, "GOMAXPROCS=1") {
		t.Errorf("TestCorrectness_Get's message %q does not say it was re-run with GOMAXPROCS=1", got[1].Message)
	}
	wantEvidence := []string{"TestCorrectness_Get: data race caught by the runtime: fatal error: concurrent map read and map write at lrucache.go:38 (*Cache[...]).Get"}
	if diff := cmp.Diff(wantEvidence, r.raceEvidence()); diff != "" {
		t.Errorf("race evidence (-want +got):\n%s", diff)
	}
}

var correctnessTests = []catalog.Test{
	{Name: "TestCorrectness_A", Suite: "correctness"},
	{Name: "TestCorrectness_B", Suite: "correctness"},
	{Name: "TestCorrectness_C", Suite: "correctness"},
}

// TestSharedSuite checks that a suite's tests share a process while they
// pass, and that every other verdict comes from a process of the test's
// own.
func TestSharedSuite(t *testing.T) {
	type testCase struct {
		name      string
		behave    map[string]outcome // the tests' behaviour, pass if absent
		answer    func(c call, n int) reply
		want      verdicts
		wantCalls []string // the processes' patterns, sorted
		wantIn    map[string]string
		reason    string
	}
	const abc, ac = "(TestCorrectness_A|TestCorrectness_B|TestCorrectness_C)", "(TestCorrectness_A|TestCorrectness_C)"
	run := func(t *testing.T, tc testCase) {
		answer := tc.answer
		if answer == nil {
			answer = fakeBinary(func(test string, _ call, _ int) outcome { return tc.behave[test] })
		}
		r, calls := fakeRunner(correctnessTests, answer)
		res := r.suite(context.Background(), scorecard.Correctness, nil, nil)
		if diff := cmp.Diff(tc.want, verdictsOf(res)); diff != "" {
			t.Errorf("verdicts (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
		var got []string
		for _, c := range calls() {
			got = append(got, c.Test)
		}
		if diff := cmp.Diff(tc.wantCalls, got); diff != "" {
			t.Errorf("processes (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
		for _, tr := range res {
			if want, ok := tc.wantIn[tr.Name]; ok && !strings.Contains(tr.Message, want) {
				t.Errorf("%s's message %q does not contain %q", tr.Name, tr.Message, want)
			}
		}
	}
	for _, tc := range []testCase{
		{
			name:      "all pass: one process",
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "passed", "TestCorrectness_C": "passed"},
			wantCalls: []string{abc},
		},
		{
			name:      "a failure is judged alone, and the passes confirmed together",
			behave:    map[string]outcome{"TestCorrectness_B": fail},
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "failed", "TestCorrectness_C": "passed"},
			wantCalls: []string{abc, ac, "TestCorrectness_B"},
			reason:    "a process that exited 1 proves no pass: A and C pass in a second shared process, which exits 0",
		},
		{
			name:      "a crash in the middle costs only the test that crashed",
			behave:    map[string]outcome{"TestCorrectness_B": crash},
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "panic", "TestCorrectness_C": "passed"},
			wantCalls: []string{abc, ac, "TestCorrectness_B"},
			wantIn:    map[string]string{"TestCorrectness_B": "index out of range"},
			reason:    "C never started in the first process; it runs in the second",
		},
		{
			name:      "a hang in the middle costs only the test that hung",
			behave:    map[string]outcome{"TestCorrectness_B": hang},
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "timeout", "TestCorrectness_C": "passed"},
			wantCalls: []string{abc, ac, "TestCorrectness_B"},
			wantIn:    map[string]string{"TestCorrectness_B": "lrucache.go:50"},
		},
		{
			name:      "two crashes: each judged alone",
			behave:    map[string]outcome{"TestCorrectness_A": crash, "TestCorrectness_C": hang},
			want:      verdicts{"TestCorrectness_A": "panic", "TestCorrectness_B": "passed", "TestCorrectness_C": "timeout"},
			wantCalls: []string{abc, "(TestCorrectness_B|TestCorrectness_C)", "TestCorrectness_A", "TestCorrectness_B", "TestCorrectness_C"},
			reason:    "A dies first; B and C share a second process, where C hangs; B, the only test left, runs alone",
		},
		{
			name:      "output on stderr: every test runs alone",
			behave:    map[string]outcome{"TestCorrectness_B": printErr},
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "passed", "TestCorrectness_C": "passed"},
			wantCalls: []string{abc, "TestCorrectness_A", "TestCorrectness_B", "TestCorrectness_C"},
			reason:    "stderr cannot be told apart by test, and a panic message there would be a verdict",
		},
		{
			name: "a failure before any test started fails every test at once",
			answer: func(call, int) reply {
				return reply{stderr: "panic: init went wrong\n\ngoroutine 1 [running]:\nlrucache.init.0()\n\tlrucache/lrucache.go:9 +0x25\n", exit: 2}
			},
			want:      verdicts{"TestCorrectness_A": "panic", "TestCorrectness_B": "panic", "TestCorrectness_C": "panic"},
			wantCalls: []string{abc},
			wantIn:    map[string]string{"TestCorrectness_C": "before any test started"},
		},
		{
			name: "forged passes of tests that never ran prove nothing",
			answer: func(c call, n int) reply {
				if c.Test == abc {
					return reply{stdout: "\x16=== RUN   TestCorrectness_A\n\x16--- PASS: TestCorrectness_A (0.00s)\n\x16=== RUN   TestCorrectness_B\n\x16=== RUN   TestCorrectness_C\n\x16--- PASS: TestCorrectness_C (0.00s)\n", exit: 1}
				}
				return fakeBinary(func(test string, _ call, _ int) outcome {
					if test == "TestCorrectness_C" {
						return fail
					}
					return pass
				})(c, n)
			},
			want:      verdicts{"TestCorrectness_A": "passed", "TestCorrectness_B": "passed", "TestCorrectness_C": "failed"},
			wantCalls: []string{abc, ac, "TestCorrectness_A", "TestCorrectness_B", "TestCorrectness_C"},
			reason: "B printed a run and a pass of C and exited 1: B, with no result, is judged alone; C's pass is tried again with A, " +
				"where C fails, so it is judged alone, and A, the only test left, runs alone",
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// benchLines is the output of a benchmark process measuring name at the
// times per op given.
func benchLines(name string, ns ...float64) string {
	out := "goos: linux\ngoarch: amd64\npkg: lrucache\n"
	for _, v := range ns {
		out += fmt.Sprintf("%s-2   \t 1000\t %g ns/op\t 0 B/op\t 0 allocs/op\n", name, v)
	}
	return out + "PASS\n"
}

// both is the pattern of a process that runs the two latency benchmarks
// of the tests below.
const both = "(BenchmarkLatency_Get|BenchmarkLatency_Len)"

// benchReplies answers a benchmark process, which may run several
// benchmarks, with each benchmark's answer from one, one after the other.
func benchReplies(one func(name string, ref bool) reply) func(c call, n int) reply {
	return func(c call, _ int) reply {
		pat, ref := strings.CutPrefix(c.Test, "ref:")
		var out strings.Builder
		exit := 0
		for _, name := range (call{Test: pat}).tests() {
			rep := one(name, ref)
			if !strings.Contains(rep.stdout, "\x16=== RUN") {
				out.WriteString("\x16=== RUN   " + name + "\n") // as -test.v=test2json frames each benchmark
			}
			out.WriteString(strings.TrimSuffix(rep.stdout, "PASS\n"))
			exit = max(exit, rep.exit)
			if rep.exit != 0 {
				break // the process died in this benchmark
			}
		}
		if exit == 0 {
			out.WriteString("PASS\n")
		}
		return reply{stdout: out.String(), exit: exit}
	}
}

// TestLatencySharedFallback checks that a benchmark that crashes or
// forges its results in the process a side shares with the others costs
// only itself: the round runs each benchmark alone, where it is judged.
func TestLatencySharedFallback(t *testing.T) {
	tests := []catalog.Test{{Name: "BenchmarkLatency_Get", Suite: "latency"}, {Name: "BenchmarkLatency_Len", Suite: "latency"}}
	type testCase struct {
		name string
		len  string // the candidate's output for Len
		exit int
		want verdicts
	}
	run := func(t *testing.T, tc testCase) {
		r, calls := fakeRunner(tests, benchReplies(func(name string, ref bool) reply {
			if !ref && name == "BenchmarkLatency_Len" {
				return reply{stdout: tc.len, exit: tc.exit}
			}
			return reply{stdout: benchLines(name, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5)}
		}))
		r.ex.Meta.Latency = []catalog.Budget{{Benchmark: "BenchmarkLatency_Get", MaxRatio: 10}, {Benchmark: "BenchmarkLatency_Len", MaxRatio: 10}}
		res := r.latency(context.Background(), "/ref/plain.test", nil, nil)
		if diff := cmp.Diff(tc.want, verdictsOf(res)); diff != "" {
			t.Errorf("verdicts (-want +got):\n%s", diff)
		}
		n := map[string]int{}
		for _, c := range calls() {
			n[c.Test]++
		}
		want := map[string]int{both: 1, "ref:" + both: 1, "BenchmarkLatency_Get": 1, "ref:BenchmarkLatency_Get": 1,
			"BenchmarkLatency_Len": 1, "ref:BenchmarkLatency_Len": 1}
		if diff := cmp.Diff(want, n); diff != "" {
			t.Errorf("processes (-want +got):\n%s\nreason: the shared round is thrown away and each runs alone", diff)
		}
	}
	for _, tc := range []testCase{
		{
			name: "a benchmark that panics",
			len:  "goos: linux\n\x16=== RUN   BenchmarkLatency_Len\npanic: boom\n\ngoroutine 1 [running]:\nlrucache.(*Cache).Len()\n\tlrucache.go:9 +0x1d\n",
			exit: 2,
			want: verdicts{"BenchmarkLatency_Get": "passed", "BenchmarkLatency_Len": "panic"},
		},
		{
			name: "a benchmark that prints forged results",
			len:  benchLines("BenchmarkLatency_Len", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
			want: verdicts{"BenchmarkLatency_Get": "passed", "BenchmarkLatency_Len": "tamper"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestLatencyRounds checks that a latency round measures both sides of
// every undecided benchmark, and that measuring stops as soon as a budget
// is decided.
func TestLatencyRounds(t *testing.T) {
	tests := []catalog.Test{{Name: "BenchmarkLatency_Get", Suite: "latency"}, {Name: "BenchmarkLatency_Len", Suite: "latency"}}
	r, calls := fakeRunner(tests, benchReplies(func(name string, ref bool) reply {
		switch {
		case ref:
			return reply{stdout: benchLines(name, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5)}
		case name == "BenchmarkLatency_Get":
			return reply{stdout: benchLines(name, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5)}
		}
		// Len: about 10 times the reference, spread across the budget.
		return reply{stdout: benchLines(name, 60, 80, 100, 110, 120, 140, 170, 200)}
	}))
	r.ex.Meta.Latency = []catalog.Budget{{Benchmark: "BenchmarkLatency_Get", MaxRatio: 10}, {Benchmark: "BenchmarkLatency_Len", MaxRatio: 10}}
	var events []string
	r.handler = HandlerFunc(func(ev Event) { events = append(events, ev.Test+" "+string(ev.Status)) })
	res := r.latency(context.Background(), "/ref/plain.test", nil, nil)
	if diff := cmp.Diff(verdicts{"BenchmarkLatency_Get": "passed", "BenchmarkLatency_Len": "passed"}, verdictsOf(res)); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	if !res[1].Latency.FavourCandidate {
		t.Errorf("BenchmarkLatency_Len = %+v, want a pass in the candidate's favour after the last round", res[1].Latency)
	}
	n := map[string]int{}
	for _, c := range calls() {
		n[c.Test]++
		if c.Count != strconv.Itoa(benchCount) {
			t.Errorf("process %+v: -test.count=%s, want %d", c, c.Count, benchCount)
		}
	}
	want := map[string]int{both: 1, "ref:" + both: 1, "BenchmarkLatency_Len": maxRounds - 1, "ref:BenchmarkLatency_Len": maxRounds - 1}
	if diff := cmp.Diff(want, n); diff != "" {
		t.Errorf("processes per benchmark (-want +got):\n%s\nreason: the first round measures both in one process a side; Get is decided after it; "+
			"Len, near its budget, is measured alone until the rounds run out, its reference beside it every round", diff)
	}
	if diff := cmp.Diff([]string{"BenchmarkLatency_Get pass", "BenchmarkLatency_Len pass"}, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestRaceSuiteInit checks the race suite's first test, which runs alone
// unless a test of another suite has shown that the package starts.
func TestRaceSuiteInit(t *testing.T) {
	initPanics := func(call, int) reply {
		return reply{stderr: "panic: init went wrong\n\ngoroutine 1 [running]:\nlrucache.init.0()\n\tlrucache/lrucache.go:9 +0x25\n", exit: 2}
	}
	for _, tc := range []struct {
		name      string
		started   bool
		wantCalls []string
	}{
		{name: "nothing started yet: the first test runs alone, and its verdict is every test's", wantCalls: []string{"TestRace_Gets"}},
		{name: "the package started in another suite: every test runs", started: true, wantCalls: []string{"TestRace_Gets", "TestRace_Mixed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, calls := fakeRunner(raceTests, initPanics)
			r.started = tc.started
			got := verdictsOf(r.suite(context.Background(), scorecard.Race, nil, nil))
			if diff := cmp.Diff(verdicts{"TestRace_Gets": "panic", "TestRace_Mixed": "panic"}, got); diff != "" {
				t.Errorf("verdicts (-want +got):\n%s", diff)
			}
			var names []string
			for _, c := range calls() {
				names = append(names, c.Test)
			}
			if diff := cmp.Diff(tc.wantCalls, names); diff != "" {
				t.Errorf("processes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLatencyMeasuresReferenceEveryGrading checks that every grading by
// the same engine measures the reference again, beside its own candidate,
// instead of reusing the first grading's samples, which a long-lived
// engine (watch, a queue worker) would otherwise compare with candidates
// for hours.
func TestLatencyMeasuresReferenceEveryGrading(t *testing.T) {
	tests := []catalog.Test{{Name: "BenchmarkLatency_Get", Suite: "latency"}}
	e := &Engine{}
	answer := func(c call, _ int) reply {
		return reply{stdout: benchLines(strings.TrimPrefix(c.Test, "ref:"), 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5)}
	}
	var refs []int
	for range 3 {
		r, calls := fakeRunner(tests, answer)
		r.e = e
		r.ex.Meta.Latency = []catalog.Budget{{Benchmark: "BenchmarkLatency_Get", MaxRatio: 10}}
		res := r.latency(context.Background(), "/ref/plain.test", nil, nil)
		if res[0].Verdict != scorecard.VerdictPassed {
			t.Fatalf("verdict %s (%s), want passed", res[0].Verdict, res[0].Message)
		}
		n := 0
		for _, c := range calls() {
			if strings.HasPrefix(c.Test, "ref:") {
				n++
			}
		}
		refs = append(refs, n)
	}
	if diff := cmp.Diff([]int{1, 1, 1}, refs); diff != "" {
		t.Errorf("reference processes per grading (-want +got):\n%s", diff)
	}
}

// TestBenchesOf checks how the output of a process that ran several
// benchmarks is split into each one's, sub-benchmarks included.
func TestBenchesOf(t *testing.T) {
	lines := func(name string, n int) string {
		var out strings.Builder
		for range n {
			fmt.Fprintf(&out, "%s-2   \t 1000\t 10 ns/op\t 0 B/op\t 0 allocs/op\n", name)
		}
		return out.String()
	}
	const head = "goos: linux\n"
	names := []string{"BenchmarkLatency_Get", "BenchmarkLatency_Size", "BenchmarkLatency_Len"}
	text := head + lines("BenchmarkLatency_Get", benchCount) +
		lines("BenchmarkLatency_Size/n=10", benchCount) + lines("BenchmarkLatency_Size/n=1000", benchCount) +
		lines("BenchmarkLatency_Len", benchCount-1)
	want := map[string]string{
		"BenchmarkLatency_Get":  head + lines("BenchmarkLatency_Get", benchCount),
		"BenchmarkLatency_Size": head + lines("BenchmarkLatency_Size/n=10", benchCount) + lines("BenchmarkLatency_Size/n=1000", benchCount),
		"BenchmarkLatency_Len":  "", // too few results: measured alone
	}
	if diff := cmp.Diff(want, benchesOf(text, names, []int{0, 1, 2})); diff != "" {
		t.Errorf("benchesOf (-want +got):\n%s", diff)
	}
}
