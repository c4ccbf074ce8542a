package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalsLeaveNothing stops a real grading at each stage (intake,
// build, tests, latency) with each terminating signal a grader meets in
// practice (Ctrl-C, a CI timeout, a closed terminal) and checks that it
// exits with 128+N, says so once, and leaves no scratch directory and no
// cgroup behind. It builds the CLI, grades testdata/slow (a submission
// whose every limiter takes a second of CPU to make) with --progress json
// and sends the signal when stderr shows the stage. It needs root and
// bubblewrap, for the cgroups.
func TestSignalsLeaveNothing(t *testing.T) {
	needRootBwrap(t)
	bin, sub := buildGrader(t), slowSubmission(t)

	type event struct{ Kind, Suite, Status string }
	type testCase struct {
		stage  string
		suites string
		// at is the event after which the grading is in the stage.
		at func(event) bool
	}
	stages := []testCase{
		{"intake", "correctness", func(e event) bool { return e.Kind == "intake" }},
		{"build", "correctness,race", func(e event) bool { return e.Kind == "build" && e.Status == "start" }},
		// A suite's start: its first test process is running (a test's
		// own event comes only when the suite's shared process ends,
		// half a minute later for this submission).
		{"tests", "correctness,race,leak", func(e event) bool { return e.Kind == "suite" && e.Status == "start" }},
		// With the latency suite alone, a finished build starts it.
		{"latency", "latency", func(e event) bool { return e.Kind == "build" && e.Status == "ok" }},
	}
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}
	names := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", syscall.SIGHUP: "SIGHUP"}

	run := func(t *testing.T, tc testCase, sig syscall.Signal) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "grade", "--progress", "json", "--isolation", "bwrap+cgroup",
			"--suites", tc.suites, "--seed", "1", "ratelimiter", sub)
		cmd.Env = append(os.Environ(), "GRADER_CACHE="+cacheDir)
		var stdout bytes.Buffer
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
		reached := false
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			var ev event
			if !reached && json.Unmarshal(sc.Bytes(), &ev) == nil && tc.at(ev) {
				reached = true
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				// A stopped grading cleans up and exits promptly; one
				// that is still running two minutes later has hung.
				hung := time.AfterFunc(2*time.Minute, func() {
					t.Errorf("the grader did not exit within 2 minutes of %s", names[sig])
					cmd.Process.Kill()
				})
				defer hung.Stop()
			}
		}
		err = cmd.Wait()
		if !reached {
			t.Fatalf("the grading ended (%v) before the %s stage; stderr:\n%s", err, tc.stage, strings.Join(lines, "\n"))
		}
		code := 0
		if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		var messages []string
		for _, l := range lines {
			if !strings.HasPrefix(l, "{") {
				messages = append(messages, l)
			}
		}
		want := "grader: stopped by " + names[sig]
		if code != 128+int(sig) || len(messages) != 1 || messages[0] != want {
			t.Errorf("exit status %d with messages %q; want %d and only %q", code, messages, 128+int(sig), want)
		}
		if stdout.Len() > 0 {
			t.Errorf("stdout holds %q; a stopped grading has no scorecard", stdout.String())
		}
		if left := leftovers(t, pid); len(left) > 0 {
			t.Errorf("left behind:\n%s", strings.Join(left, "\n"))
		}
	}
	for _, tc := range stages {
		for _, sig := range signals {
			t.Run(tc.stage+"/"+names[sig], func(t *testing.T) { run(t, tc, sig) })
		}
	}
}

// leftovers lists the scratch directories and cgroups of the grader with
// the given pid: their names carry "PID." (see sandbox.Owner).
func leftovers(t *testing.T, pid int) []string {
	t.Helper()
	var out []string
	ents, err := os.ReadDir(filepath.Join(cacheDir, "scratch"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), fmt.Sprintf("-%d.", pid)) {
			out = append(out, filepath.Join(cacheDir, "scratch", e.Name()))
		}
	}
	prefix := fmt.Sprintf("grader-%d.", pid)
	filepath.WalkDir("/sys/fs/cgroup", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if strings.HasPrefix(d.Name(), prefix) {
			out = append(out, p)
			return filepath.SkipDir
		}
		if strings.Count(p, "/") > 8 {
			return filepath.SkipDir
		}
		return nil
	})
	return out
}

func needRootBwrap(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("grades for real")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: the cgroups of a bwrap+cgroup grading")
	}
	if _, err := exec.LookPath("bwrap"); err != nil {
		t.Skip("needs bubblewrap")
	}
}

// buildGrader builds the CLI into a temporary directory.
func buildGrader(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "grader")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/hiringtools/grader/cmd/grader").CombinedOutput(); err != nil {
		t.Fatalf("building the grader: %v\n%s", err, out)
	}
	return bin
}

// slowSubmission returns a submission folder holding testdata/slow.
func slowSubmission(t *testing.T) string {
	t.Helper()
	sub := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "slow", "ratelimiter.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "ratelimiter.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return sub
}

// startGrading starts a grading of sub with progress events on stderr
// and returns once one of them satisfies at.
func startGrading(t *testing.T, bin, sub string, at func(kind, status string) bool) (*exec.Cmd, *bytes.Buffer, <-chan struct{}) {
	t.Helper()
	// A second of wall time per test process: each of the slow
	// submission's tests spins the CPU for longer, so each times out,
	// and a grading lasts seconds rather than half a minute.
	cmd := exec.Command(bin, "grade", "--progress", "json", "--isolation", "bwrap+cgroup", "--format", "json",
		"--suites", "correctness", "--timeout", "1s", "--seed", "1", "ratelimiter", sub)
	cmd.Env = append(os.Environ(), "GRADER_CACHE="+cacheDir)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			var ev struct{ Kind, Status string }
			if !once && json.Unmarshal(sc.Bytes(), &ev) == nil && at(ev.Kind, ev.Status) {
				once = true
				close(reached)
			}
		}
		if !once {
			close(reached)
		}
	}()
	select {
	case <-reached:
	case <-time.After(10 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the grading did not reach its stage in 10 minutes")
	}
	return cmd, &stdout, done
}

// TestKilledGradingCleanedByNextRun kills a grading outright (SIGKILL,
// which no program can handle) while another runs, and checks that the
// next grader run ('grader doctor') removes the killed one's scratch
// directory and cgroups and leaves the live one's alone: that grading
// then finishes with its scorecard.
func TestKilledGradingCleanedByNextRun(t *testing.T) {
	needRootBwrap(t)
	bin, sub := buildGrader(t), slowSubmission(t)
	inTests := func(kind, status string) bool { return kind == "suite" && status == "start" }
	live, liveOut, liveDone := startGrading(t, bin, sub, inTests)
	killed, _, killedDone := startGrading(t, bin, sub, inTests)
	if err := killed.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-killedDone
	killed.Wait()
	if left := leftovers(t, killed.Process.Pid); len(left) == 0 {
		t.Fatal("the killed grading left nothing behind; the test cannot tell whether the next run cleans up")
	}
	liveLeft := leftovers(t, live.Process.Pid)
	out, _ := exec.Command(bin, "doctor", "--cache", cacheDir).CombinedOutput()
	if !strings.Contains(string(out), "removed ") {
		t.Errorf("doctor did not say what it removed:\n%s", out)
	}
	if left := leftovers(t, killed.Process.Pid); len(left) > 0 {
		t.Errorf("after 'grader doctor', the killed grading's are still there:\n%s", strings.Join(left, "\n"))
	}
	// The live grading's scratch directory lasts as long as it runs (its
	// cgroups come and go with each test process).
	for _, p := range liveLeft {
		if !strings.HasPrefix(p, cacheDir) {
			continue
		}
		if _, err := os.Stat(p); err != nil && live.Process.Signal(syscall.Signal(0)) == nil {
			t.Errorf("doctor removed %s of the live grading", p)
		}
	}
	<-liveDone
	if err := live.Wait(); err != nil {
		t.Fatalf("the live grading failed: %v", err)
	}
	if !strings.Contains(liveOut.String(), `"schema": "grader.scorecard/v1"`) {
		t.Errorf("the live grading printed no scorecard:\n%s", liveOut)
	}
}
