package scorecard_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/scorecard"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from WriteText's current output")

// card returns a scorecard of exercise "ratelimiter" whose suites hold n
// tests each (correctness, race, leak, latency), all with status and
// verdict v, before Tally.
func card(n [4]int, status string, v scorecard.Verdict, msg string) *scorecard.Scorecard {
	c := scorecard.New("ratelimiter", "./sub")
	c.Seed, c.GoVersion, c.GraderVersion, c.DurationMS = 7, "go1.26.8", "test", 1500
	c.Isolation.Level = "bwrap+cgroup"
	c.Build.Status = scorecard.BuildOK
	for i, name := range scorecard.SuiteNames {
		s := scorecard.Suite{Name: name, Weight: []float64{40, 20, 20, 20}[i]}
		for k := range n[i] {
			s.Tests = append(s.Tests, scorecard.Test{Name: fmt.Sprintf("Test%s_%d", name, k), Status: status, Verdict: v, Message: msg})
		}
		c.Suites = append(c.Suites, s)
	}
	return c
}

func TestWriteTextGolden(t *testing.T) {
	type testCase struct {
		name   string // testdata/<name>.golden
		card   func() *scorecard.Scorecard
		reason string
	}
	for _, tc := range []testCase{
		{
			name: "build_failed",
			card: func() *scorecard.Scorecard {
				c := card([4]int{12, 6, 5, 3}, scorecard.StatusFail, scorecard.VerdictBuildFailed, "not run: the submission does not compile (see build)")
				var errs []string
				for i := range 34 {
					errs = append(errs, fmt.Sprintf("limiter.go:%d:2: undefined: tokens%d", 10+i, i))
				}
				c.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: strings.Join(errs, "\n")}
				for i := range c.Suites {
					c.Suites[i].Status = scorecard.StatusError
				}
				return c
			},
			reason: "the cause leads, the compiler errors are listed up to a cap, and the 26 tests that could not run are one line",
		},
		{
			name: "policy",
			card: func() *scorecard.Scorecard {
				c := card([4]int{2, 1, 1, 1}, scorecard.StatusFail, scorecard.VerdictPolicy, "not run: the submission breaks the exercise's policy")
				c.Build = scorecard.Build{Status: scorecard.BuildRejected, Output: "nothing was built"}
				c.Policy = []scorecard.Violation{{File: "limiter.go", Line: 4, Rule: "import", Message: `import "os" is not allowed`}}
				for i := range c.Suites {
					c.Suites[i].Status = scorecard.StatusError
				}
				return c
			},
		},
		{
			name: "missing_api",
			card: func() *scorecard.Scorecard {
				c := card([4]int{3, 1, 1, 1}, scorecard.StatusPass, scorecard.VerdictPassed, "")
				c.MissingAPI = []scorecard.MissingAPI{{Symbol: "(*RateLimiter).Wait", Expected: "func (*RateLimiter) Wait(ctx context.Context) error", Tests: []string{"Testcorrectness_1", "Testcorrectness_2"}}}
				for _, k := range []int{1, 2} {
					c.Suites[0].Tests[k] = scorecard.Test{Name: fmt.Sprintf("Testcorrectness_%d", k), Status: scorecard.StatusFail, Verdict: scorecard.VerdictMissingAPI,
						Message: "not run: (*RateLimiter).Wait is missing (expected func (*RateLimiter) Wait(ctx context.Context) error)"}
				}
				return c
			},
			reason: "the missing API leads; its tests are one line, not one line each",
		},
		{
			name: "withheld",
			card: func() *scorecard.Scorecard {
				c := card([4]int{4, 2, 2, 1}, scorecard.StatusSkipped, scorecard.VerdictNotRun, "not run: fewer than half of the correctness tests pass")
				c.Suites[0].Tests = []scorecard.Test{
					{Name: "TestCorrectness_A", Status: scorecard.StatusPass, Verdict: scorecard.VerdictPassed},
					{Name: "TestCorrectness_B", Status: scorecard.StatusFail, Verdict: scorecard.VerdictFailed, Message: "Allow() = false on a full bucket, want true"},
					{Name: "TestCorrectness_C", Status: scorecard.StatusFail, Verdict: scorecard.VerdictTimeout, Message: "the test did not finish in its time limit"},
				}
				return c
			},
			reason: "withheld suites read as withheld, with no red failures of tests that never ran",
		},
		{
			name: "race_evidence",
			card: func() *scorecard.Scorecard {
				c := card([4]int{2, 2, 1, 1}, scorecard.StatusPass, scorecard.VerdictPassed, "")
				c.Suites[1].Tests[1] = scorecard.Test{Name: "TestRace_Gets", Status: scorecard.StatusFail, Verdict: scorecard.VerdictRace,
					Message: "data race: write at lru.go:40 (*Cache[...]).Get races with previous read at lru.go:38 (*Cache[...]).Get"}
				c.Suites[1].Evidence = []string{"TestCorrectness_Get: data race caught by the runtime: fatal error: concurrent map read and map write at lru.go:38 (*Cache[...]).Get"}
				return c
			},
			reason: "a concurrent-map crash of a correctness test is shown as race evidence in the race suite",
		},
		{
			name: "selected",
			card: func() *scorecard.Scorecard {
				c := card([4]int{3, 1, 1, 1}, scorecard.StatusSkipped, scorecard.VerdictNotRun, "")
				for i := range c.Suites[0].Tests {
					c.Suites[0].Tests[i].Status, c.Suites[0].Tests[i].Verdict = scorecard.StatusPass, scorecard.VerdictPassed
				}
				for i := 1; i < 4; i++ {
					c.Suites[i].Status = scorecard.StatusSkipped
				}
				return c
			},
			reason: "--suites correctness: the score is over the selected suite, and says so",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.card()
			c.Tally(70)
			var b strings.Builder
			if err := scorecard.WriteText(&b, c, scorecard.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v; run 'go test -run TestWriteTextGolden -update' to write it", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("WriteText mismatch with %s (-want +got):\n%s\n(reason: %s)", golden, diff, tc.reason)
			}
		})
	}
}
