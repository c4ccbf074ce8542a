package verdict_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/verdict"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from Judge's current output")

// The captures under testdata/ are real output of a test binary built
// with 'go test -c -trimpath' from the throwaway package in
// testdata/capture.txtar (package path "ratelimiter", candidate files
// limiter.go, limiter_asleep.go and limiter_exitinit.go) and run as the
// grader runs a hidden test: -test.v=test2json -test.count=1
// -test.timeout=2s -test.paniconexit0, GOTRACEBACK=all, stdout then
// stderr. capture.txtar's capture.sh says how to capture them again;
// these tests never run go.

// src is the Source the grader would pass for the captured package.
var src = verdict.Source{Package: "ratelimiter", Files: []string{"limiter.go", "limiter_asleep.go", "limiter_exitinit.go"}}

// readCapture reads testdata/name.txt: "#" comment lines, "key: value"
// header lines, a "--" line, then the process's output byte for byte.
func readCapture(t *testing.T, name string) verdict.Process {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	header, out, ok := bytes.Cut(data, []byte("\n--\n"))
	if !ok {
		t.Fatalf("%s.txt: no \"--\" line after the header", name)
	}
	p := verdict.Process{Output: out}
	for _, l := range strings.Split(string(header), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			t.Fatalf("%s.txt: bad header line %q", name, l)
		}
		switch k {
		case "exit":
			p.ExitCode, err = strconv.Atoi(v)
		case "timed_out":
			p.TimedOut, err = strconv.ParseBool(v)
		case "signal":
			p.Signaled, p.Signal = true, v
		default:
			err = fmt.Errorf("unknown key %q", k)
		}
		if err != nil {
			t.Fatalf("%s.txt: header %q: %v", name, l, err)
		}
	}
	return p
}

func TestJudgeGolden(t *testing.T) {
	type testCase struct {
		name        string // the capture, testdata/<name>.txt
		test        string // the test or benchmark that ran
		wantVerdict scorecard.Verdict
		wantIn      string // a part the message must hold, e.g. the candidate's file:line and function
		reason      string
	}
	tests := []testCase{
		{name: "pass", test: "TestPass", wantVerdict: scorecard.VerdictPassed},
		{name: "error_diff", test: "TestErrorDiff", wantVerdict: scorecard.VerdictFailed, wantIn: "mismatch (-want +got):\n  []bool{",
			reason: "the spec's t.Errorf with a cmp.Diff: the whole diff, without the spec's file:line"},
		{name: "fatal", test: "TestFatal", wantVerdict: scorecard.VerdictFailed, wantIn: "Allow() = false with burst 0"},
		{name: "skip", test: "TestSkip", wantVerdict: scorecard.VerdictFailed, wantIn: "skipped",
			reason: "a skip is not a pass"},
		{name: "panic", test: "TestPanic", wantVerdict: scorecard.VerdictPanic, wantIn: "index out of range [4] with length 0 at limiter.go:33 (*Limiter).Boom"},
		{name: "panic_goroutine", test: "TestPanicGoroutine", wantVerdict: scorecard.VerdictPanic, wantIn: "refill: bad state 1 at limiter.go:42 (*Limiter).refill",
			reason: "the test never reported a result; the panic in the candidate's goroutine is what happened"},
		{name: "nil_map", test: "TestNilMap", wantVerdict: scorecard.VerdictPanic, wantIn: "assignment to entry in nil map at limiter.go:46 (*Limiter).Record"},
		{name: "timeout", test: "TestTimeout", wantVerdict: scorecard.VerdictTimeout, wantIn: "limiter.go:50 (*Limiter).Wait (chan receive)"},
		{name: "synctest_deadlock", test: "TestSynctestDeadlock", wantVerdict: scorecard.VerdictDeadlock, wantIn: "limiter.go:50 (*Limiter).Wait",
			reason: "synctest panics with \"deadlock: all goroutines in bubble are blocked\"; a deadlock, not a panic"},
		{name: "asleep", test: "TestPass", wantVerdict: scorecard.VerdictDeadlock, wantIn: "limiter_asleep.go:9 blockForever",
			reason: "an init that blocks forever: the runtime's \"all goroutines are asleep\" (in a test, -test.timeout's timer keeps the runtime from reporting it)"},
		{name: "asleep_in_test", test: "TestAsleep", wantVerdict: scorecard.VerdictTimeout,
			reason: "every goroutine blocked in a test: the runtime sees -test.timeout's pending timer and never reports a deadlock, so the alarm fires"},
		{name: "race", test: "TestRace", wantVerdict: scorecard.VerdictRace, wantIn: "limiter.go:",
			reason: "built with -race; both sides of the race are the candidate's frames"},
		{name: "leak", test: "TestLeak", wantVerdict: scorecard.VerdictLeak, wantIn: "limiter.go:70 (*Limiter).refillLoop (chan receive)",
			reason: "goleak's report is in a t.Error, indented: the frames must still be found"},
		{name: "leak_many", test: "TestLeakMany", wantVerdict: scorecard.VerdictLeak,
			wantIn: "3 goroutine(s) left running: 2× limiter.go:70 (*Limiter).refillLoop (chan receive), limiter.go:85 (*Limiter).janitor (chan receive)",
			reason: "goleak lists the goroutines in one bracketed block: every one is counted, and each distinct frame named"},
		{name: "map_crash", test: "TestMapCrash", wantVerdict: scorecard.VerdictRace, wantIn: "concurrent map read and map write at limiter.go:104 (*Limiter).Counts",
			reason: "the runtime's concurrent map check is a data race it happened to catch: a race, never a crash of the test"},
		{name: "forge_other", test: "TestForgeOther", wantVerdict: scorecard.VerdictTamper, wantIn: "TestOther",
			reason: "candidate code printed a framed \"--- PASS\" of another test with fmt"},
		{name: "forge_self_stdout", test: "TestForgeSelf", wantVerdict: scorecard.VerdictTamper,
			reason: "a second framed \"--- PASS\" of the test itself, printed with fmt on stdout"},
		{name: "forge_self_stderr", test: "TestForgeSelfStderr", wantVerdict: scorecard.VerdictTamper,
			reason: "a second framed \"--- PASS\" of the test itself, printed with println on stderr"},
		{name: "exit0", test: "TestExit0", wantVerdict: scorecard.VerdictEarlyExit, wantIn: "limiter.go:89 (*Limiter).Quit",
			reason: "-test.paniconexit0 turns os.Exit(0) into a panic, whose stack names the caller"},
		{name: "exit0_init", test: "TestPass", wantVerdict: scorecard.VerdictEarlyExit,
			reason: "os.Exit(0) in init: exit status 0 and no output at all"},
		{name: "bench_pass", test: "BenchmarkAllow", wantVerdict: scorecard.VerdictPassed},
		{name: "bench_panic", test: "BenchmarkPanic", wantVerdict: scorecard.VerdictPanic, wantIn: "at limiter.go:33 (*Limiter).Boom"},
	}
	run := func(t *testing.T, tc testCase) {
		p := readCapture(t, tc.name)
		v, msg := verdict.Judge(tc.test, p, src)
		got := fmt.Sprintf("verdict: %s\n", v)
		if msg != "" {
			got += "message: " + msg + "\n"
		}
		golden := filepath.Join("testdata", "golden", tc.name+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v; run 'go test -run TestJudgeGolden -update' to write it", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("Judge(%s) mismatch with %s (-want +got):\n%s", tc.test, golden, diff)
		}

		// What the golden files must say, whatever -update wrote.
		if v != tc.wantVerdict {
			t.Errorf("Judge(%s) verdict = %q, want %q (reason: %s)\nmessage: %s", tc.test, v, tc.wantVerdict, tc.reason, msg)
		}
		if v == scorecard.VerdictPassed {
			if msg != "" {
				t.Errorf("Judge(%s) passed with message %q, want none", tc.test, msg)
			}
			return
		}
		if msg == "" {
			t.Errorf("Judge(%s) = %s with no message", tc.test, v)
		}
		if strings.Contains(msg, "_test.go") {
			t.Errorf("Judge(%s) message names a test file (hidden spec source): %q", tc.test, msg)
		}
		if !strings.Contains(msg, tc.wantIn) {
			t.Errorf("Judge(%s) message = %q, want it to contain %q (reason: %s)", tc.test, msg, tc.wantIn, tc.reason)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestJudgeGoldenCoverage makes sure every capture has a case.
func TestJudgeGoldenCoverage(t *testing.T) {
	captures, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	goldens, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if len(captures) == 0 || len(captures) != len(goldens) {
		t.Errorf("%d captures in testdata/ but %d golden files in testdata/golden/; give each capture a case in TestJudgeGolden", len(captures), len(goldens))
	}
}
