// Package verdict turns what one test process did into a test's verdict.
//
// The grader judges every hidden test from a process of its own, with
// -test.run selecting exactly that test and -test.v=test2json, so the
// testing package marks each of its own lines with a leading 0x16 byte.
// (A suite's tests first share a process; [Split] cuts its output into
// each test's part, and only a part that [Judge] passes, from a process
// that exited 0, is taken without a process of the test's own.)
// A test passes only when all of these hold: the process exited with
// status 0; its output has exactly one framed "--- PASS" line for the
// test; and it has no framed line that the test could not have produced
// (another test's result, a second result, a FAIL). Candidate code can
// print anything, including framing bytes, but it cannot make a failing
// test exit 0, so forged lines can only turn a pass into a "tamper"
// verdict, never a fail into a pass.
package verdict

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// Process is what the sandbox reports about one test process.
type Process struct {
	ExitCode    int
	Signaled    bool
	Signal      string
	Output      []byte // stdout then stderr
	TimedOut    bool   // killed at the wall-time limit
	CPULimit    bool
	MemoryLimit bool
	OutputLimit bool
}

// Source tells which stack frames are the candidate's: frames in files of
// the package under test that are not the spec's.
type Source struct {
	Package string   // the import path of the package under test, e.g. "ratelimiter"
	Files   []string // the candidate's file names, e.g. "limiter.go"
}

const frame = "\x16"

// Judge returns the verdict and message for test, which ran as p. For a
// benchmark, a pass means the benchmark ran to completion.
func Judge(test string, p Process, src Source) (scorecard.Verdict, string) {
	out := string(p.Output)
	lines := strings.Split(out, "\n")
	var passes, fails, skips int
	var stray []string
	for _, l := range lines {
		if !strings.HasPrefix(l, frame) {
			continue
		}
		body := strings.TrimPrefix(l, frame)
		switch {
		case strings.HasPrefix(body, "--- PASS: "):
			if resultName(body) == test {
				passes++
			} else if !strings.HasPrefix(resultName(body), test+"/") {
				stray = append(stray, body)
			}
		case strings.HasPrefix(body, "--- FAIL: "):
			if n := resultName(body); n == test || strings.HasPrefix(n, test+"/") {
				fails++
			} else {
				stray = append(stray, body)
			}
		case strings.HasPrefix(body, "--- SKIP: "):
			if resultName(body) == test {
				skips++
			}
		case strings.HasPrefix(body, "=== "):
			// "=== RUN   Name", "=== PAUSE Name", "=== CONT  Name", and
			// "=== NAME  Name" (with no name before the final PASS).
			fields := strings.Fields(body)
			name := ""
			if len(fields) > 2 {
				name = fields[2]
			}
			known := len(fields) > 1 && slices.Contains([]string{"RUN", "NAME", "PAUSE", "CONT"}, fields[1])
			if !known || name != "" && name != test && !strings.HasPrefix(name, test+"/") {
				stray = append(stray, body)
			}
		case body == "PASS" || body == "FAIL" || strings.HasPrefix(body, "--- BENCH: "):
		default:
			stray = append(stray, body)
		}
	}
	isBench := strings.HasPrefix(test, "Benchmark")
	switch {
	case p.MemoryLimit:
		return scorecard.VerdictMemoryLimit, "killed at the memory limit" + where(out, src)
	case p.OutputLimit:
		return scorecard.VerdictOutputLimit, "killed for printing more output than the limit allows" + where(out, src)
	case p.CPULimit:
		return scorecard.VerdictCPULimit, "killed at the CPU-time limit" + where(out, src)
	}
	if race := raceReport(out, src); race != "" {
		return scorecard.VerdictRace, race
	}
	if leak := leakReport(out, src); leak != "" {
		return scorecard.VerdictLeak, leak
	}
	if m := mapCrashRE.FindStringSubmatch(out); m != nil {
		return scorecard.VerdictRace, "data race caught by the runtime: fatal error: " + strings.TrimSpace(m[1]) + where(out, src)
	}
	switch {
	case strings.Contains(out, "panic: test timed out after"):
		return scorecard.VerdictTimeout, "the test did not finish in its time limit" + stuck(out, src)
	case p.TimedOut:
		return scorecard.VerdictTimeout, "the test did not finish in its time limit and was killed" + where(out, src)
	case strings.Contains(out, "deadlock: all goroutines in bubble are blocked"),
		strings.Contains(out, "fatal error: all goroutines are asleep - deadlock!"):
		return scorecard.VerdictDeadlock, "deadlock: every goroutine was blocked" + stuck(out, src)
	case strings.Contains(out, "unexpected call to os.Exit(0) during test"):
		return scorecard.VerdictEarlyExit, "the code called os.Exit during the test" + where(out, src)
	}
	if m := panicRE.FindStringSubmatch(out); m != nil {
		return scorecard.VerdictPanic, "panic: " + strings.TrimSuffix(strings.TrimSpace(m[1]), " [recovered, repanicked]") + where(out, src)
	}
	if m := fatalRE.FindStringSubmatch(out); m != nil {
		return scorecard.VerdictCrash, "fatal error: " + strings.TrimSpace(m[1]) + where(out, src)
	}
	if p.Signaled {
		return scorecard.VerdictCrash, "the test process was killed by signal " + p.Signal
	}
	if len(stray) > 0 {
		return scorecard.VerdictTamper, fmt.Sprintf("the output forges test results (%q); a submission must not print the test framework's markers", trim(stray[0], 80))
	}
	if fails > 0 || p.ExitCode != 0 {
		if fails == 0 && passes == 0 && !isBench {
			return scorecard.VerdictEarlyExit, fmt.Sprintf("the process exited with status %d before the test reported a result", p.ExitCode)
		}
		return scorecard.VerdictFailed, failureMessage(lines, p.ExitCode)
	}
	if skips > 0 {
		return scorecard.VerdictFailed, "the test was skipped; a skip is not a pass"
	}
	if isBench {
		if !strings.Contains(out, "ns/op") {
			return scorecard.VerdictEarlyExit, "the benchmark reported no measurement"
		}
		return scorecard.VerdictPassed, ""
	}
	switch passes {
	case 1:
		return scorecard.VerdictPassed, ""
	case 0:
		return scorecard.VerdictEarlyExit, "the process exited before the test reported a result"
	default:
		return scorecard.VerdictTamper, "the output holds more than one result for the test; a submission must not print the test framework's markers"
	}
}

func resultName(body string) string {
	rest := body[strings.Index(body, ": ")+2:]
	name, _, _ := strings.Cut(rest, " ")
	return name
}

// MapCrash reports whether out is the output of a process that died of
// the runtime's concurrent map check ("fatal error: concurrent map read
// and map write", "concurrent map writes", ...): a data race, caught by
// the runtime when it happened to interleave, which Judge calls a race.
func MapCrash(out []byte) bool { return mapCrashRE.Match(out) }

var (
	// mapCrashRE matches the runtime's fatal error for a map used by
	// goroutines at once; the group is what it calls the access.
	mapCrashRE = regexp.MustCompile(`(?m)^fatal error: (concurrent map (?:read and map write|writes|iteration and map write|clone and map write).*)$`)
	panicRE    = regexp.MustCompile(`(?m)^panic: (.*)$`)
	fatalRE    = regexp.MustCompile(`(?m)^fatal error: (.*)$`)
	// A log line of a test: four spaces, file_test.go:NN: message.
	logRE = regexp.MustCompile(`^\s+[A-Za-z0-9_.-]+\.go:\d+: ?(.*)$`)
)

// failureMessage collects what the spec said when the test failed: its log
// lines and their continuations, without the spec's file:line.
func failureMessage(lines []string, code int) string {
	var msg []string
	inLog := false
	for _, l := range lines {
		if strings.HasPrefix(l, frame) {
			inLog = false
			continue
		}
		if m := logRE.FindStringSubmatch(l); m != nil {
			msg = append(msg, m[1])
			inLog = true
			continue
		}
		if inLog && strings.HasPrefix(l, "        ") {
			msg = append(msg, strings.TrimPrefix(l, "        "))
		}
	}
	if len(msg) == 0 {
		return fmt.Sprintf("the test failed (exit status %d)", code)
	}
	return trim(strings.Join(msg, "\n"), 4000)
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Frame is a stack frame in the candidate's code.
type Frame struct {
	Func string // e.g. "(*RateLimiter).refill"
	File string // e.g. "limiter.go"
	Line string
}

func (f Frame) String() string { return f.File + ":" + f.Line + " " + f.Func }

// frameRE matches a frame: a function line and its file:line. The race
// detector indents frames by two spaces, and goleak's report, which comes
// as a test's log, by eight; the runtime's tracebacks not at all.
var frameRE = regexp.MustCompile(`(?m)^[ \t]*(\S.*)\n\s+(\S+\.go):(\d+)`)

// Frames returns the candidate's frames in a stack dump, in order.
func Frames(stack string, src Source) []Frame {
	var out []Frame
	for _, m := range frameRE.FindAllStringSubmatch(stack, -1) {
		file := m[2]
		base := file[strings.LastIndex(file, "/")+1:]
		dir := strings.TrimSuffix(file, "/"+base)
		if strings.HasSuffix(base, "_test.go") || !slices.Contains(src.Files, base) {
			continue
		}
		if dir != file && dir != src.Package && !strings.HasSuffix(dir, "/"+src.Package) {
			continue
		}
		fn := m[1]
		created := false
		if rest, ok := strings.CutPrefix(fn, "created by "); ok {
			fn, _, _ = strings.Cut(rest, " in goroutine ")
			created = true
		}
		if i := strings.LastIndex(fn, "("); i > 0 && strings.HasSuffix(fn, ")") {
			fn = fn[:i]
		}
		fn = strings.TrimPrefix(fn, src.Package+".")
		if created {
			fn = "the go statement in " + fn
		}
		out = append(out, Frame{Func: fn, File: base, Line: m[3]})
	}
	return out
}

// where names the first candidate frame of the first goroutine dump in out.
func where(out string, src Source) string {
	if fs := Frames(out, src); len(fs) > 0 {
		return " at " + fs[0].String()
	}
	return ""
}

// stuck names the candidate frames where goroutines were blocked when a
// timeout or deadlock was reported, once each.
func stuck(out string, src Source) string {
	seen := map[string]bool{}
	var parts []string
	for _, g := range strings.Split(out, "\n\ngoroutine ") {
		fs := Frames(g, src)
		if len(fs) == 0 {
			continue
		}
		state := ""
		if i := strings.Index(g, "["); i >= 0 && i < 40 {
			if j := strings.Index(g[i:], "]"); j > 0 {
				state = g[i+1 : i+j]
			}
		}
		s := fs[0].String()
		if state != "" {
			s += " (" + state + ")"
		}
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > 5 {
		parts = append(parts[:5], "…")
	}
	return "; blocked at " + strings.Join(parts, ", ")
}

var raceAccessRE = regexp.MustCompile(`(?m)^(Previous )?(?i:(read|write))( of size \d+)? at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):\n((?:  .*\n?)+)`)

// raceReport summarises the first data race in out, naming the two
// candidate frames that raced, or returns "".
func raceReport(out string, src Source) string {
	i := strings.Index(out, "WARNING: DATA RACE")
	if i < 0 {
		return ""
	}
	report := out[i:]
	if j := strings.Index(report, "=================="); j > 0 {
		report = report[:j]
	}
	var sides []string
	for _, m := range raceAccessRE.FindAllStringSubmatch(report, 2) {
		access := strings.ToLower(m[2])
		if m[1] != "" {
			access = "previous " + access
		}
		s := access
		if fs := Frames(m[5], src); len(fs) > 0 {
			s += " at " + fs[0].String()
		} else {
			s += " outside your code"
		}
		sides = append(sides, s)
	}
	if len(sides) == 0 {
		return "data race"
	}
	return "data race: " + strings.Join(sides, " races with ")
}

// leakGoroutineRE matches the head of one goroutine in goleak's report:
// goleak prints its list as one bracketed block, "[Goroutine 21 in
// state chan receive, with ... on top of the stack:\n...\n Goroutine 22
// in state ...]", so each head starts a line (after the log's indent),
// with a "[" before the first and a space before the others.
var leakGoroutineRE = regexp.MustCompile(`(?m)^\s*\[?\s*Goroutine \d+ in state `)

// leakReport summarises goleak's report of goroutines left behind: how
// many, and the top candidate frame and state of each (each distinct one
// once, with a count when several goroutines share it), or returns "".
func leakReport(out string, src Source) string {
	i := strings.Index(out, "found unexpected goroutines")
	if i < 0 {
		if strings.Contains(out, "deadlock: main bubble goroutine has exited but blocked goroutines remain") {
			return "goroutines were left running after the test ended" + stuck(out, src)
		}
		return ""
	}
	report := out[i:]
	if j := strings.Index(report, "\n\x16"); j > 0 {
		report = report[:j] // the report ends where the test's result line starts
	}
	heads := leakGoroutineRE.FindAllStringIndex(report, -1)
	count := map[string]int{}
	var parts []string
	for k, h := range heads {
		end := len(report)
		if k+1 < len(heads) {
			end = heads[k+1][0]
		}
		g := report[h[0]:end]
		s := "a goroutine outside your code"
		if fs := Frames(g, src); len(fs) > 0 {
			s = fs[0].String()
		}
		if st := strings.Index(g, "in state "); st >= 0 {
			state, _, _ := strings.Cut(g[st+len("in state "):], ",")
			s += " (" + state + ")"
		}
		if count[s] == 0 {
			parts = append(parts, s)
		}
		count[s]++
	}
	for k, s := range parts {
		if n := count[s]; n > 1 {
			parts[k] = fmt.Sprintf("%d× %s", n, s)
		}
	}
	return fmt.Sprintf("%d goroutine(s) left running: %s", len(heads), strings.Join(parts, ", "))
}
