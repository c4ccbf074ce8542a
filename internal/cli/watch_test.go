package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWatchLive drives 'grader watch --format json' as an interviewer's
// session would: it edits the workspace under the running watch (a
// broken file, an editor's swap and probe files, the fixed file, then a
// slow one), reads a scorecard per grading from stdout, then stops the
// watch with SIGTERM in the middle of a grading and finds no process,
// scratch directory or cgroup of it left. It needs root and bubblewrap.
func TestWatchLive(t *testing.T) {
	needRootBwrap(t)
	bin := buildGrader(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if out, err := exec.Command(bin, "init", "ratelimiter", dir).CombinedOutput(); err != nil {
		t.Fatalf("grader init: %v\n%s", err, out)
	}
	session := filepath.Join(t.TempDir(), "session.jsonl")
	cmd := exec.CommandContext(ctx, bin, "watch", "--format", "json", "--isolation", "bwrap+cgroup",
		"--suites", "correctness", "--seed", "1", "--record", session, "ratelimiter", dir)
	cmd.Env = append(os.Environ(), "GRADER_CACHE="+cacheDir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	defer cmd.Process.Kill()

	type card struct {
		Score  float64
		Build  struct{ Status string }
		Suites []struct {
			Name, Status string
		}
	}
	cards, lines := make(chan card), make(chan string, 1000)
	go func() {
		defer close(cards)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var c card
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Errorf("stdout holds a line that is not a scorecard: %v\n%s", err, sc.Text())
				continue
			}
			cards <- c
		}
	}()
	var all []string
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// readLines gathers what stderr said so far.
	readLines := func() {
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return
				}
				all = append(all, l)
			default:
				return
			}
		}
	}
	next := func(what string) card {
		t.Helper()
		select {
		case c, ok := <-cards:
			if !ok {
				readLines()
				t.Fatalf("the watch ended before %s; stderr:\n%s", what, strings.Join(all, "\n"))
			}
			return c
		case <-ctx.Done():
			readLines()
			t.Fatalf("no scorecard for %s; stderr:\n%s", what, strings.Join(all, "\n"))
		}
		panic("unreachable")
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	correctness := func(c card) string {
		for _, s := range c.Suites {
			if s.Name == "correctness" {
				return s.Status
			}
		}
		return ""
	}

	// The stub compiles and fails.
	if c := next("the first grading (the stub)"); c.Build.Status != "ok" || correctness(c) != "fail" {
		t.Errorf("the stub: build %s, correctness %s; want ok and fail", c.Build.Status, correctness(c))
	}
	// Mid-edit: a broken file is a scorecard that says so.
	write("ratelimiter.go", "package ratelimiter\n\nfunc NewRateLimiter(n int) *RateLimiter {\n\treturn &RateLimiter{\n")
	if c := next("the broken file"); c.Build.Status != "failed" {
		t.Errorf("the broken file: build %s; want failed", c.Build.Status)
	}
	// An editor's swap and probe files are not saves; the fixed file is.
	write(".ratelimiter.go.swp", "swap")
	write("4913", "")
	write("ratelimiter.go~", "backup")
	fixed, err := os.ReadFile(filepath.Join("..", "..", "solutions", "ratelimiter", "ratelimiter.go"))
	if err != nil {
		t.Fatal(err)
	}
	write("ratelimiter.go", string(fixed))
	if c := next("the fixed file"); c.Build.Status != "ok" || correctness(c) != "pass" || c.Score != 100 {
		t.Errorf("the fixed file: build %s, correctness %s, score %g; want ok, pass, 100", c.Build.Status, correctness(c), c.Score)
	}
	readLines()
	gradings := 0
	for _, l := range all {
		if strings.Contains(l, ".swp") || strings.Contains(l, "4913") || strings.Contains(l, "~") {
			t.Errorf("stderr names an editor's file: %q", l)
		}
		if strings.Contains(l, " grading ") {
			gradings++
		}
	}
	if gradings != 3 {
		t.Errorf("%d gradings started; want 3 (the stub, the broken file, the fixed one):\n%s", gradings, strings.Join(all, "\n"))
	}

	// Stopped in the middle of a grading, it leaves nothing behind.
	slow, err := os.ReadFile(filepath.Join("testdata", "slow", "ratelimiter.go"))
	if err != nil {
		t.Fatal(err)
	}
	write("ratelimiter.go", string(slow))
	for started := false; !started; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the watch ended before grading the slow file; stderr:\n%s", strings.Join(all, "\n"))
			}
			all = append(all, l)
			started = strings.Contains(l, "#4 grading")
		case <-ctx.Done():
			t.Fatalf("the slow file was not graded; stderr:\n%s", strings.Join(all, "\n"))
		}
	}
	time.Sleep(2 * time.Second) // into the build or the tests: what is left is checked either way
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for l := range lines {
		all = append(all, l)
	}
	for range cards {
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 128+int(syscall.SIGTERM) {
		t.Errorf("the watch exited with %v; want status %d", err, 128+int(syscall.SIGTERM))
	}
	if last := all[len(all)-1]; last != "grader: stopped by SIGTERM" {
		t.Errorf("its last line is %q; want %q", last, "grader: stopped by SIGTERM")
	}
	if left := leftovers(t, pid); len(left) > 0 {
		t.Errorf("left behind:\n%s", strings.Join(left, "\n"))
	}
	if procs := processesMentioning(t, dir, bin); len(procs) > 0 {
		t.Errorf("processes left running:\n%s", strings.Join(procs, "\n"))
	}

	// The session file holds the three finished gradings, not the
	// stopped one, and draws as a timeline.
	out, err := exec.Command(bin, "report", session).CombinedOutput()
	if err != nil {
		t.Fatalf("grader report %s: %v\n%s", session, err, out)
	}
	for _, want := range []string{"3 grading(s)", "correctness: first passed at", "(#3)\ntime to first green: "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the timeline does not say %q:\n%s", want, out)
		}
	}
}

// processesMentioning lists the running processes whose command line
// mentions any of words.
func processesMentioning(t *testing.T, words ...string) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(b) == 0 {
			continue
		}
		cmdline := strings.ReplaceAll(string(b), "\x00", " ")
		for _, w := range words {
			if strings.Contains(cmdline, w) {
				out = append(out, e.Name()+": "+cmdline)
				break
			}
		}
	}
	return out
}

// TestWatchSignalsLeaveNothing stops a watch in the middle of a grading
// with Ctrl-C's SIGINT and a closed terminal's SIGHUP (TestWatchLive
// sends SIGTERM) and checks that it exits with 128+N, says so, and
// leaves no scratch directory, cgroup or process behind. It needs root
// and bubblewrap.
func TestWatchSignalsLeaveNothing(t *testing.T) {
	needRootBwrap(t)
	bin, sub := buildGrader(t), slowSubmission(t)
	names := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGHUP: "SIGHUP"}
	run := func(t *testing.T, sig syscall.Signal) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "watch", "--format", "json", "--isolation", "bwrap+cgroup",
			"--suites", "correctness,race", "--seed", "1", "ratelimiter", sub)
		cmd.Env = append(os.Environ(), "GRADER_CACHE="+cacheDir)
		var stdout strings.Builder
		cmd.Stdout = &stdout
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.Process.Pid
		var lines []string
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.Contains(sc.Text(), "#1 grading") {
				time.Sleep(2 * time.Second) // into the build or the tests: what is left is checked either way
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
			}
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
			t.Errorf("the watch exited with %v; want status %d; stderr:\n%s", err, 128+int(sig), strings.Join(lines, "\n"))
		}
		if want := "grader: stopped by " + names[sig]; len(lines) == 0 || lines[len(lines)-1] != want {
			t.Errorf("stderr ends with %q; want %q", lines, want)
		}
		if left := leftovers(t, pid); len(left) > 0 {
			t.Errorf("left behind:\n%s", strings.Join(left, "\n"))
		}
		if procs := processesMentioning(t, sub); len(procs) > 0 {
			t.Errorf("processes left running:\n%s", strings.Join(procs, "\n"))
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGHUP} {
		t.Run(names[sig], func(t *testing.T) { run(t, sig) })
	}
}
