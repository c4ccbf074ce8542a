package watch

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/scorecard"
)

// raceCard is the scorecard of a submission correct but for a race.
func raceCard() *scorecard.Scorecard {
	c := scorecard.New("ratelimiter", "/work")
	c.SHA256 = strings.Repeat("7b", 32)
	c.DurationMS = 11900
	c.Build.Status = scorecard.BuildOK
	weights := map[string]float64{"correctness": 40, "race": 20, "leak": 20, "latency": 20}
	for _, n := range scorecard.SuiteNames {
		s := scorecard.Suite{Name: n, Weight: weights[n]}
		s.Tests = []scorecard.Test{{Name: "Test" + n + "_A", Status: scorecard.StatusPass, Verdict: scorecard.VerdictPassed}}
		if n == scorecard.Race {
			s.Tests = append(s.Tests, scorecard.Test{Name: "TestRace_ConcurrentAllow", Status: scorecard.StatusFail,
				Verdict: scorecard.VerdictRace, Message: "data race: read at ratelimiter.go:109\nmore"})
		}
		c.Suites = append(c.Suites, s)
	}
	c.Tally(0)
	return c
}

// updates is a grading as the loop reports it: correctness's tests, then
// race and leak, then the scorecard. The engine's suite events are left
// out, as from an engine that does not send them.
func updates(t0 time.Time) []Update {
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	ev := func(ms int, e grader.Event) Update { return Update{Kind: Progress, Run: 2, Time: at(ms), Event: e} }
	return []Update{
		{Kind: Started, Run: 2, Time: at(0), SHA256: strings.Repeat("7b", 32), Paths: []string{"ratelimiter.go"}},
		ev(10, grader.Event{Kind: grader.KindBuild, Status: grader.StatusStart}),
		ev(900, grader.Event{Kind: grader.KindTest, Suite: "correctness", Test: "Testcorrectness_A", Status: grader.StatusPass}),
		ev(1500, grader.Event{Kind: grader.KindTest, Suite: "race", Test: "TestRace_ConcurrentAllow", Status: grader.StatusFail,
			Message: "data race: read at ratelimiter.go:109\nmore"}),
		{Kind: Graded, Run: 2, Time: at(11900), Card: raceCard()},
	}
}

func TestStateRender(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 18, 6, 0, time.UTC)
	ups := updates(t0)
	s := NewState("ratelimiter", "./work")
	for _, u := range ups[:4] {
		s.Apply(u)
	}
	mid := s.Render(RenderOptions{Width: 100, Now: t0.Add(2 * time.Second)})
	wantMid := `grader watch  ratelimiter  ./work
grading #2 after saving ratelimiter.go · running race · 2.0s

  correctness  … running             1 test, 0 failed
  race         … running             1 test, 1 failed
  leak         · waiting
  latency      · waiting


failures
  ✗ race/TestRace_ConcurrentAllow: data race: read at ratelimiter.go:109

q quit · saves in ./work are graded
`
	if diff := cmp.Diff(wantMid, mid); diff != "" {
		t.Errorf("mid-grading screen (-want +got):\n%s", diff)
	}
	s.Apply(ups[4])
	s.Label = "candidate view"
	end := s.Render(RenderOptions{Width: 100, Now: t0.Add(12 * time.Second)})
	wantEnd := `grader watch  ratelimiter  ./work  · candidate view
waiting for a save

  correctness  ✓ pass       40.0/40  1 test, 0 failed
  race         ✗ fail       10.0/20  2 tests, 1 failed
  leak         ✓ pass       20.0/20  1 test, 0 failed
  latency      ✓ pass       20.0/20  1 test, 0 failed

score 90.0/100  (grading #2, 07:18:17, in 11.9s, package 7b7b7b7b7b7b)

failures
  ✗ race/TestRace_ConcurrentAllow: data race: read at ratelimiter.go:109

q quit · saves in ./work are graded
`
	if diff := cmp.Diff(wantEnd, end); diff != "" {
		t.Errorf("final screen (-want +got):\n%s", diff)
	}
}

func TestLines(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 18, 6, 0, time.UTC)
	var p Lines
	var got []string
	ups := updates(t0)
	// A withheld suite's event before correctness's line waits for it.
	ups = append(ups[:4:4], Update{Kind: Progress, Run: 2, Time: t0, Event: grader.Event{Kind: grader.KindSuite, Suite: "leak", Status: grader.StatusWithheld}}, ups[4])
	ups = append(ups, Update{Kind: Unchanged, Time: t0.Add(time.Minute), Paths: []string{"README.md"}},
		Update{Kind: Started, Run: 3, Time: t0.Add(time.Minute), SHA256: strings.Repeat("ab", 32), Paths: []string{"ratelimiter.go"}},
		Update{Kind: Canceled, Run: 3, Time: t0.Add(time.Minute)})
	for _, u := range ups {
		got = append(got, p.Apply(u)...)
	}
	want := []string{
		"07:18:06 #2 grading 7b7b7b7b7b7b after saving ratelimiter.go",
		"07:18:17 #2 correctness pass 40.0/40",
		"07:18:06 #2 leak withheld: fewer than half of the correctness tests pass",
		"07:18:17 #2 race fail 10.0/20",
		"    ✗ TestRace_ConcurrentAllow: data race: read at ratelimiter.go:109",
		"07:18:17 #2 latency pass 20.0/20",
		"07:18:17 #2 graded 90.0/100 in 11.9s",
		"07:19:06 unchanged: README.md left the package as last graded",
		"07:19:06 #3 grading abababababab after saving ratelimiter.go",
		"07:19:06 #3 canceled by a newer save",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// TestStateSuiteEvents: a suite's end event gives its row its verdict
// and score as soon as it comes, before the scorecard.
func TestStateSuiteEvents(t *testing.T) {
	s := NewState("ratelimiter", "./work")
	for _, ev := range []grader.Event{
		{Kind: grader.KindSuite, Suite: "correctness", Status: grader.StatusStart},
		{Kind: grader.KindTest, Suite: "correctness", Test: "TestA", Status: grader.StatusPass},
		{Kind: grader.KindTest, Suite: "correctness", Test: "TestB", Status: grader.StatusFail, Message: "got 2\nwant 3"},
		{Kind: grader.KindSuite, Suite: "correctness", Status: grader.StatusFail, Score: 20, Max: 40},
		{Kind: grader.KindSuite, Suite: "race", Status: grader.StatusStart},
		{Kind: grader.KindSuite, Suite: "latency", Status: grader.StatusSkipped},
	} {
		s.Apply(Update{Kind: Progress, Event: ev})
	}
	// Events of no grading in progress change nothing...
	if diff := cmp.Diff(NewState("ratelimiter", "./work").Suites, s.Suites); diff != "" {
		t.Errorf("events before any grading changed the rows (-want +got):\n%s", diff)
	}
	// ...and those of the grading in progress do.
	s.Apply(Update{Kind: Started, Run: 1})
	for _, ev := range []grader.Event{
		{Kind: grader.KindSuite, Suite: "correctness", Status: grader.StatusStart},
		{Kind: grader.KindTest, Suite: "correctness", Test: "TestA", Status: grader.StatusPass},
		{Kind: grader.KindTest, Suite: "correctness", Test: "TestB", Status: grader.StatusFail, Message: "got 2\nwant 3"},
		{Kind: grader.KindSuite, Suite: "correctness", Status: grader.StatusFail, Score: 20, Max: 40},
		{Kind: grader.KindSuite, Suite: "race", Status: grader.StatusStart},
		{Kind: grader.KindSuite, Suite: "latency", Status: grader.StatusSkipped},
	} {
		s.Apply(Update{Kind: Progress, Run: 1, Event: ev})
	}
	want := []SuiteState{
		{Name: "correctness", Phase: PhaseFail, Tests: 2, Failed: 1, Score: 20, Max: 40, Scored: true,
			Failures: []Failure{{Test: "TestB", Message: "got 2"}}},
		{Name: "race", Phase: PhaseRunning},
		{Name: "leak", Phase: PhaseWaiting},
		{Name: "latency", Phase: PhaseSkipped},
	}
	if diff := cmp.Diff(want, s.Suites); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestLinesBlocked: a package that does not compile is one line with the
// compiler's message, not a failed line per suite; and a suite's
// failures are capped.
func TestLinesBlocked(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 41, 3, 0, time.UTC)
	card := scorecard.New("ratelimiter", "/work")
	card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: "ratelimiter.go:42:7: l.mu.Lok undefined"}
	for _, n := range scorecard.SuiteNames {
		card.Suites = append(card.Suites, scorecard.Suite{Name: n, Weight: 25, Status: scorecard.StatusError,
			Tests: []scorecard.Test{{Name: "T", Status: scorecard.StatusFail, Verdict: scorecard.VerdictBuildFailed}}})
	}
	card.Tally(0)
	ev := func(e grader.Event) Update { return Update{Kind: Progress, Run: 2, Time: t0, Event: e} }
	ups := []Update{
		{Kind: Started, Run: 2, Time: t0, SHA256: strings.Repeat("a2", 32), Paths: []string{"ratelimiter.go"}},
		ev(grader.Event{Kind: grader.KindAPI, Status: grader.StatusFail, Message: "ratelimiter.go:42:7: l.mu.Lok undefined"}),
	}
	for _, n := range scorecard.SuiteNames {
		ups = append(ups, ev(grader.Event{Kind: grader.KindSuite, Suite: n, Status: grader.StatusFail, Max: 25}))
	}
	ups = append(ups, Update{Kind: Graded, Run: 2, Time: t0, Card: card},
		Update{Kind: Started, Run: 3, Time: t0, SHA256: strings.Repeat("a3", 32), Paths: []string{"ratelimiter.go"}})
	for i := range 7 {
		ups = append(ups, Update{Kind: Progress, Run: 3, Time: t0, Event: grader.Event{Kind: grader.KindTest, Suite: "correctness",
			Test: "Test" + string(rune('A'+i)), Status: grader.StatusFail, Message: "wrong"}})
	}
	ups = append(ups, Update{Kind: Progress, Run: 3, Time: t0, Event: grader.Event{Kind: grader.KindSuite, Suite: "correctness",
		Status: grader.StatusFail, Max: 25}})
	var p Lines
	var got []string
	for _, u := range ups {
		got = append(got, p.Apply(u)...)
	}
	want := []string{
		"07:41:03 #2 grading a2a2a2a2a2a2 after saving ratelimiter.go",
		"07:41:03 #2 the package does not compile: nothing ran",
		"    ratelimiter.go:42:7: l.mu.Lok undefined",
		"07:41:03 #2 graded 0.0/100 in 0.0s",
		"07:41:03 #3 grading a3a3a3a3a3a3 after saving ratelimiter.go",
		"07:41:03 #3 correctness fail 0.0/25",
		"    ✗ TestA: wrong", "    ✗ TestB: wrong", "    ✗ TestC: wrong", "    ✗ TestD: wrong", "    ✗ TestE: wrong",
		"    … and 2 more",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}
