package verdict_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/hiringtools/grader/grader/verdict"
)

// The archives under testdata/shared are real output of the test binaries
// of testdata/capture.txtar run over several tests at once, as the grader
// runs a suite in one process (-test.run=^(A|B)$), with stdout and stderr
// kept apart: files "exit", "stdout" and "stderr". testdata/shared.sh
// captures them again. The golden files give, for each test of the
// pattern, its part as Split cuts it and the verdict of that part judged
// as a process of its own that exited 0: the grader trusts a part only
// when that verdict is a pass.
func TestSplitGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "shared", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures in testdata/shared: %v", err)
	}
	patRE := regexp.MustCompile(`-test\.run=\^\(([^)]*)\)\$`)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m := patRE.FindStringSubmatch(string(a.Comment))
			if m == nil {
				t.Fatalf("%s: the comment names no -test.run=^(A|B)$ pattern", file)
			}
			tests := strings.Split(m[1], "|")
			var stdout []byte
			for _, f := range a.Files {
				if f.Name == "stdout" {
					stdout = f.Data
				}
			}
			parts := verdict.Split(stdout, tests)
			var got strings.Builder
			for _, test := range tests {
				p := parts[test]
				v, msg := verdict.Judge(test, verdict.Process{Output: p.Output}, src)
				fmt.Fprintf(&got, "%s: runs=%d last=%v duration_ms=%d verdict=%s", test, p.Runs, p.Last, p.DurationMS, v)
				if msg != "" {
					fmt.Fprintf(&got, " message=%q", msg)
				}
				got.WriteString("\n")
			}
			golden := filepath.Join("testdata", "shared", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v; run 'go test -run TestSplitGolden -update' to write it", err)
			}
			if diff := cmp.Diff(string(want), got.String()); diff != "" {
				t.Errorf("Split and Judge of %s mismatch with %s (-want +got):\n%s", file, golden, diff)
			}
		})
	}
}

// TestSplitForged checks what forged framing does to the parts: it can only
// keep them from judging as passed.
func TestSplitForged(t *testing.T) {
	type testCase struct {
		name   string
		stdout string
		want   map[string]string // test -> verdict of its part
		reason string
	}
	run := func(t *testing.T, tc testCase) {
		parts := verdict.Split([]byte(tc.stdout), []string{"TestA", "TestB"})
		got := map[string]string{}
		for _, test := range []string{"TestA", "TestB"} {
			v, _ := verdict.Judge(test, verdict.Process{Output: parts[test].Output}, src)
			got[test] = fmt.Sprintf("runs=%d %s", parts[test].Runs, v)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parts (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
	}
	for _, tc := range []testCase{
		{
			name:   "both ran and passed",
			stdout: "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16=== NAME  \n\x16=== RUN   TestB\n\x16--- PASS: TestB (0.01s)\n\x16=== NAME  \n\x16PASS\n",
			want:   map[string]string{"TestA": "runs=1 passed", "TestB": "runs=1 passed"},
		},
		{
			name:   "TestA forges TestB's run and pass, then dies",
			stdout: "\x16=== RUN   TestA\n\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n",
			want:   map[string]string{"TestA": "runs=1 early_exit", "TestB": "runs=1 passed"},
			reason: "a part that judges as passed in a process that did not exit 0 proves nothing: the runner runs TestB again",
		},
		{
			name:   "TestA forges TestB's run, and TestB really runs",
			stdout: "\x16=== RUN   TestA\n\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n\x16--- PASS: TestA (0.00s)\n\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n\x16PASS\n",
			want:   map[string]string{"TestA": "runs=1 early_exit", "TestB": "runs=2 tamper"},
			reason: "two runs of TestB, and TestA's result in its part",
		},
		{
			name:   "subtests belong to their test",
			stdout: "\x16=== RUN   TestA\n\x16=== RUN   TestA/x\n\x16--- PASS: TestA/x (0.00s)\n\x16--- PASS: TestA (0.00s)\n\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n\x16PASS\n",
			want:   map[string]string{"TestA": "runs=1 passed", "TestB": "runs=1 passed"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
