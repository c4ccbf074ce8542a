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
		name   string
		suites []scorecard.Suite
		score  float64
		want   []suiteResult
		reason string
	}
	run := func(t *testing.T, tc testCase) {
		c := scorecard.New("x", "sub")
		c.Suites = tc.suites
		c.Tally(0)
		var got []suiteResult
		for _, s := range c.Suites {
			got = append(got, suiteResult{s.Score, s.Status, s.Gated})
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("suites (-want +got):\n%s", diff)
		}
		if c.Score != tc.score {
			t.Errorf("score = %v, want %v", c.Score, tc.score)
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
			want:   []suiteResult{{4, "fail", false}, {0, "fail", true}, {0, "fail", true}},
			reason: "fewer than half of the correctness tests pass",
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
			score: 50,
			want:  []suiteResult{{0, "skipped", false}, {50, "pass", false}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
