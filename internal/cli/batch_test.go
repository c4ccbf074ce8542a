package cli_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestBatchStoppedHalfWayResumes stops a real batch with SIGINT once its
// first submission is graded, and runs it again: the stopped run exits
// 130 and keeps the finished scorecard, leaves no temporary file and no
// scratch directory, and the second run grades only the rest, so that
// every scorecard is there once.
func TestBatchStoppedHalfWayResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("grades for real")
	}
	// This test binary is the grader when its name starts with "grader-"
	// (see TestMain).
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "grader-batch")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	ref, err := os.ReadFile(filepath.Join("..", "..", "solutions", "lrucache", "lrucache.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	subs, results := filepath.Join(dir, "subs"), filepath.Join(dir, "results")
	names := []string{"ada", "bob", "cy", "dee"}
	for _, n := range names {
		os.MkdirAll(filepath.Join(subs, n), 0o755)
		src := append([]byte("// "+n+"'s cache.\n\n"), ref...)
		if err := os.WriteFile(filepath.Join(subs, n, "lrucache.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	batch := func() *exec.Cmd {
		cmd := exec.Command(bin, "batch", "--jobs", "1", "--suites", "correctness", "--progress", "plain",
			"lrucache", subs, "--out", results)
		cmd.Env = append(os.Environ(), "GRADER_CACHE="+cacheDir)
		return cmd
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := batch()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := context.AfterFunc(ctx, func() { cmd.Process.Kill() })
	defer stop()
	var lines []string
	sent := false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if !sent && strings.HasPrefix(sc.Text(), "grader: [1/4] ") {
			sent = true
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !sent || !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("the batch stopped with %v (signal sent: %v); want exit status 130; stderr:\n%s", err, sent, strings.Join(lines, "\n"))
	}
	if !slices.Contains(lines, "grader: stopped by SIGINT") {
		t.Errorf("stderr does not say it was stopped:\n%s", strings.Join(lines, "\n"))
	}
	cards := cardsIn(t, results)
	if len(cards) == 0 || len(cards) == len(names) {
		t.Fatalf("the stopped batch left scorecards %v; want the finished ones, not all", cards)
	}
	if tmp := dotFiles(t, results); len(tmp) > 0 {
		t.Errorf("the stopped batch left temporary files: %v", tmp)
	}
	if left := leftovers(t, cmd.Process.Pid); len(left) > 0 {
		t.Errorf("the stopped batch left behind:\n%s", strings.Join(left, "\n"))
	}

	cmd = batch()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("resuming: %v\n%s", err, out)
	}
	plan := fmt.Sprintf("grader: %d submission(s) to grade, %d up to date\n", len(names)-len(cards), len(cards))
	if !strings.Contains(string(out), plan) {
		t.Errorf("the second run did not plan to grade only the rest of %v (%q):\n%s", cards, plan, out)
	}
	for _, c := range cards {
		if strings.Contains(string(out), "grading "+c+"\n") {
			t.Errorf("the second run graded %s again", c)
		}
	}
	if diff := cmp.Diff(names, cardsIn(t, results)); diff != "" {
		t.Errorf("scorecards after resuming (-want +got):\n%s", diff)
	}
	f, err := os.Open(filepath.Join(results, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0])
	}
	slices.Sort(got)
	if diff := cmp.Diff(names, got); diff != "" {
		t.Errorf("summary.csv rows (-want +got):\n%s", diff)
	}
}

// cardsIn lists the submissions with a scorecard in a results folder.
func cardsIn(t *testing.T, results string) []string {
	t.Helper()
	ents, err := os.ReadDir(results)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok && n != "batch" && n != "similarity" && !strings.HasPrefix(n, ".") {
			out = append(out, n)
		}
	}
	return out
}

// dotFiles lists the temporary files (names starting with a dot) under a
// results folder.
func dotFiles(t *testing.T, results string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(results, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".") {
			out = append(out, p)
		}
		return nil
	})
	return out
}
