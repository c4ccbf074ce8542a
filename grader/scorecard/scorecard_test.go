package scorecard_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/scorecard"
)

func tests(pass, fail int) []scorecard.Test {
	var ts []scorecard.Test
	for range pass {
		ts = append(ts, scorecard.Test{Status: scorecard.StatusPass})
	}
	for range fail {
		ts = append(ts, scorecard.Test{Status: scorecard.StatusFail})
	}
	return ts
}

func TestTally(t *testing.T) {
	type suiteResult struct {
		Score  float64
		Status string
		Gated  bool
	}
	type testCase struct {
		name      string
		suites    []scorecard.Suite
		build     string  // the build status; "" is "ok"
		threshold float64 // the pass mark
		score     float64
		want      []suiteResult
		selected  []string // nil: every suite given
		failed    bool     // Passed is false
		reason    string
	}
	run := func(t *testing.T, tc testCase) {
		c := scorecard.New("x", "sub")
		c.Suites = tc.suites
		c.Build.Status = scorecard.BuildOK
		if tc.build != "" {
			c.Build.Status = tc.build
		}
		c.Tally(tc.threshold)
		var got []suiteResult
		for _, s := range c.Suites {
			got = append(got, suiteResult{s.Score, s.Status, s.Gated})
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("suites (-want +got):\n%s", diff)
		}
		if c.Score != tc.score {
			t.Errorf("score = %v, want %v (reason: %s)", c.Score, tc.score, tc.reason)
		}
		wantSelected := tc.selected
		if wantSelected == nil {
			for _, s := range tc.suites {
				wantSelected = append(wantSelected, s.Name)
			}
		}
		if diff := cmp.Diff(wantSelected, c.Selected); diff != "" {
			t.Errorf("selected suites (-want +got):\n%s", diff)
		}
		if c.Passed != !tc.failed {
			t.Errorf("passed = %v, want %v (reason: %s)", c.Passed, !tc.failed, tc.reason)
		}
	}
	for _, tc := range []testCase{
		{
			name: "partial credit rounds to one decimal",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 40, Tests: tests(2, 1)},
				{Name: "race", Weight: 60, Tests: tests(1, 2)},
			},
			score: 46.7,
			want:  []suiteResult{{26.7, "fail", false}, {20, "fail", false}},
		},
		{
			name: "a stub that does nothing earns nothing for being race-free",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 40, Tests: tests(1, 9)},
				{Name: "race", Weight: 20, Tests: tests(3, 0)},
				{Name: "latency", Weight: 40, Tests: tests(2, 0)},
			},
			score:  4,
			want:   []suiteResult{{4, "fail", false}, {0, "withheld", true}, {0, "withheld", true}},
			reason: "fewer than half of the correctness tests pass: the other suites are withheld, not failed",
		},
		{
			name: "exactly half passing is not gated",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 50, Tests: tests(2, 2)},
				{Name: "leak", Weight: 50, Tests: tests(1, 0)},
			},
			score: 75,
			want:  []suiteResult{{25, "fail", false}, {50, "pass", false}},
		},
		{
			name: "no gate when correctness was not graded",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 50, Status: scorecard.StatusSkipped, Tests: tests(0, 4)},
				{Name: "race", Weight: 50, Tests: tests(1, 0)},
			},
			score:    100,
			selected: []string{"race"},
			want:     []suiteResult{{0, "skipped", false}, {50, "pass", false}},
		},
		{
			name: "a perfect run of --suites correctness scores 100 and passes --fail-under 70",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 40, Tests: tests(5, 0)},
				{Name: "race", Weight: 20, Status: scorecard.StatusSkipped, Tests: tests(0, 2)},
				{Name: "leak", Weight: 20, Status: scorecard.StatusSkipped, Tests: tests(0, 2)},
				{Name: "latency", Weight: 20, Status: scorecard.StatusSkipped, Tests: tests(0, 2)},
			},
			threshold: 70,
			score:     100,
			selected:  []string{"correctness"},
			want:      []suiteResult{{40, "pass", false}, {0, "skipped", false}, {0, "skipped", false}, {0, "skipped", false}},
			reason:    "the score is over the selected suites' weights (40), not over 100",
		},
		{
			name: "two selected suites scale over their weights",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 40, Tests: tests(3, 1)},
				{Name: "race", Weight: 20, Tests: tests(1, 1)},
				{Name: "leak", Weight: 40, Status: scorecard.StatusSkipped, Tests: tests(0, 2)},
			},
			threshold: 70,
			score:     66.7,
			selected:  []string{"correctness", "race"},
			failed:    true,
			want:      []suiteResult{{30, "fail", false}, {10, "fail", false}, {0, "skipped", false}},
			reason:    "(30 + 10) / 60 of 100 points, below the pass mark 70",
		},
		{
			name: "a submission that did not build never passes, even with no pass mark",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 50, Status: scorecard.StatusError, Tests: tests(0, 3)},
				{Name: "race", Weight: 50, Status: scorecard.StatusError, Tests: tests(0, 1)},
			},
			build:  scorecard.BuildFailed,
			score:  0,
			failed: true,
			want:   []suiteResult{{0, "error", false}, {0, "error", false}},
		},
		{
			name: "a submission the policy refused never passes",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 100, Status: scorecard.StatusError, Tests: tests(0, 3)},
			},
			build:  scorecard.BuildRejected,
			score:  0,
			failed: true,
			want:   []suiteResult{{0, "error", false}},
		},
		{
			name: "withheld suites whose tests did not run",
			suites: []scorecard.Suite{
				{Name: "correctness", Weight: 40, Tests: tests(1, 3)},
				{Name: "race", Weight: 30, Tests: []scorecard.Test{{Status: scorecard.StatusSkipped, Verdict: scorecard.VerdictNotRun}}},
				{Name: "leak", Weight: 30, Tests: []scorecard.Test{{Status: scorecard.StatusSkipped, Verdict: scorecard.VerdictNotRun}}},
			},
			score:  10,
			want:   []suiteResult{{10, "fail", false}, {0, "withheld", true}, {0, "withheld", true}},
			reason: "the engine does not run the tests of a withheld suite; Tally still withholds it",
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
