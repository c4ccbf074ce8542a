package grader

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/verdict"
)

// Outputs of a fake test process, as the testing package frames them.
func passOut(test string) string {
	return fmt.Sprintf("\x16=== RUN   %s\n\x16--- PASS: %s (0.00s)\n\x16PASS\n", test, test)
}

func raceOut(test string) string {
	return fmt.Sprintf("\x16=== RUN   %s\n==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n  lrucache.(*Cache[...]).Get()\n      lrucache/lrucache.go:40 +0x44\n\nPrevious write at 0x00c000012345 by goroutine 7:\n  lrucache.(*Cache[...]).Get()\n      lrucache/lrucache.go:40 +0x44\n==================\n    testing.go:1617: race detected during execution of test\n\x16--- FAIL: %s (0.01s)\n\x16FAIL\n", test, test)
}

func mapCrashOut(test string) string {
	return fmt.Sprintf("\x16=== RUN   %s\nfatal error: concurrent map read and map write\n\ngoroutine 19 [running]:\ninternal/runtime/maps.fatal({0x69ba66?, 0x2792c46803c0?})\n\truntime/panic.go:1181 +0x18\nlrucache.(*Cache[...]).Get(0x0?)\n\tlrucache/lrucache.go:38 +0xa8\n", test)
}

// call is one fake test process: its test, -test.count and GOMAXPROCS.
type call struct {
	Test       string
	Count      string
	GOMAXPROCS string
}

// fakeRunner is a runner of exercise lrucache whose processes are
// answered by answer, and which records every call.
func fakeRunner(tests []catalog.Test, answer func(c call, n int) (string, int)) (*runner, func() []call) {
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
			if v, ok := strings.CutPrefix(a, "-test.count="); ok {
				c.Count = v
			}
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
		out, code := answer(c, n)
		return sandbox.Result{ExitCode: code, Stdout: []byte(out)}, nil
	}
	return r, func() []call {
		mu.Lock()
		defer mu.Unlock()
		out := slices.Clone(calls)
		slices.SortFunc(out, func(a, b call) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		return out
	}
}

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
		evidence  bool                              // a correctness test saw a race first
		answer    func(c call, n int) (string, int) // the race tests' processes
		want      verdicts
		wantCalls map[string]int // processes per test
		reason    string
	}
	run := func(t *testing.T, tc testCase) {
		r, calls := fakeRunner(raceTests, tc.answer)
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
			answer:    func(c call, _ int) (string, int) { return passOut(c.Test), 0 },
			want:      verdicts{"TestRace_Gets": "passed", "TestRace_Mixed": "passed"},
			wantCalls: map[string]int{"TestRace_Gets": raceAttempts, "TestRace_Mixed": raceAttempts},
		},
		{
			name: "a race caught by one test sends the others that passed looking again",
			answer: func(c call, _ int) (string, int) {
				if c.Test == "TestRace_Gets" || c.Count != "1" {
					return raceOut(c.Test), 1
				}
				return passOut(c.Test), 0
			},
			want:      verdicts{"TestRace_Gets": "race", "TestRace_Mixed": "race"},
			wantCalls: map[string]int{"TestRace_Gets": 1, "TestRace_Mixed": raceAttempts + raceProcsAfterCatch},
			reason:    "TestRace_Mixed passed its first attempts, and caught the race in the runs after the catch",
		},
		{
			name: "the runs after a catch change a verdict only with a race",
			answer: func(c call, _ int) (string, int) {
				switch {
				case c.Test == "TestRace_Gets":
					return raceOut(c.Test), 1
				case c.Count != "1":
					return "\x16=== RUN   TestRace_Mixed\n    x_test.go:3: wrong\n\x16--- FAIL: TestRace_Mixed (0.00s)\n", 1
				}
				return passOut(c.Test), 0
			},
			want:      verdicts{"TestRace_Gets": "race", "TestRace_Mixed": "passed"},
			wantCalls: map[string]int{"TestRace_Gets": 1, "TestRace_Mixed": raceAttempts + raceProcsAfterCatch},
			reason:    "a failure other than a race in a -test.count run is not this test's verdict",
		},
		{
			name:     "evidence from the correctness suite sends every race test looking again",
			evidence: true,
			answer: func(c call, _ int) (string, int) {
				if c.Count != "1" {
					return raceOut(c.Test), 1
				}
				return passOut(c.Test), 0
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
	r, calls := fakeRunner(tests, func(c call, n int) (string, int) {
		if c.Test == "TestCorrectness_Get" && c.GOMAXPROCS == "" {
			return mapCrashOut(c.Test), 2
		}
		return passOut(c.Test), 0
	})
	got := r.suite(context.Background(), scorecard.Correctness, nil, nil)
	if diff := cmp.Diff(verdicts{"TestCorrectness_Put": "passed", "TestCorrectness_Get": "passed"}, verdictsOf(got)); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s\nreason: the crash is a data race, the race suite's business; the test is judged on its run with GOMAXPROCS=1", diff)
	}
	wantCalls := []call{
		{Test: "TestCorrectness_Get", Count: "1", GOMAXPROCS: "1"},
		{Test: "TestCorrectness_Get", Count: "1"},
		{Test: "TestCorrectness_Put", Count: "1"},
	}
	if diff := cmp.Diff(wantCalls, calls()); diff != "" {
		t.Errorf("processes (-want +got):\n%s", diff)
	}
	if !strings.Contains(got[1].Message, "GOMAXPROCS=1") {
		t.Errorf("TestCorrectness_Get's message %q does not say it was re-run with GOMAXPROCS=1", got[1].Message)
	}
	wantEvidence := []string{"TestCorrectness_Get: data race caught by the runtime: fatal error: concurrent map read and map write at lrucache.go:38 (*Cache[...]).Get"}
	if diff := cmp.Diff(wantEvidence, r.raceEvidence()); diff != "" {
		t.Errorf("race evidence (-want +got):\n%s", diff)
	}
}
