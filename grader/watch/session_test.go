package watch

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hiringtools/grader/grader/scorecard"
)

// session makes the records of a made-up session: each grading is its
// minute offset and the suites' statuses ("pass", "fail", "withheld") in
// scorecard order, or "build" for a submission that did not build.
func session(t0 time.Time, gradings ...string) []Record {
	weights := map[string]float64{"correctness": 40, "race": 25, "leak": 15, "latency": 20}
	var recs []Record
	for i, g := range gradings {
		min, statuses, _ := strings.Cut(g, " ")
		d, _ := time.ParseDuration(min)
		r := Record{Schema: SessionSchema, Session: t0, Run: i + 1, Time: t0.Add(d), Exercise: "ratelimiter",
			SHA256: strings.Repeat("ab", 32), MaxScore: 100, Build: scorecard.BuildOK}
		for j, st := range strings.Fields(statuses) {
			name := scorecard.SuiteNames[j]
			s := RecordSuite{Name: name, Status: st, MaxScore: weights[name]}
			switch st {
			case "build":
				r.Build, s.Status = scorecard.BuildFailed, scorecard.StatusError
			case "pass":
				s.Score = weights[name]
			case "fail":
				s.Score = weights[name] / 2
			}
			r.Score += s.Score
			r.Suites = append(r.Suites, s)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestTimeline(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	type want struct {
		FirstPass   map[string]int
		Regressions []Regression
		FirstGreen  int
	}
	type testCase struct {
		name    string
		records []Record
		want    want
		reason  string
	}
	cases := []testCase{
		{
			name: "straight to green",
			records: session(t0,
				"0s build build build build",
				"2m fail withheld withheld withheld",
				"5m pass fail pass fail",
				"9m pass pass pass pass"),
			want: want{FirstPass: map[string]int{"correctness": 2, "race": 3, "leak": 2, "latency": 3}, FirstGreen: 3},
		},
		{
			name: "a race comes back",
			records: session(t0,
				"0s pass pass pass fail",
				"3m pass fail pass fail",
				"4m build build build build",
				"6m pass pass pass pass"),
			want: want{
				FirstPass: map[string]int{"correctness": 0, "race": 0, "leak": 0, "latency": 3},
				Regressions: []Regression{{Suite: "race", From: 0, At: 1, Back: 3, Status: "fail",
					Score: 12.5, Max: 25, BeforeScore: 25}},
				FirstGreen: 3,
			},
		},
		{
			name: "a build failure is not a regression",
			records: session(t0,
				"0s pass pass pass pass",
				"1m build build build build",
				"2m pass pass pass pass"),
			want:   want{FirstPass: map[string]int{"correctness": 0, "race": 0, "leak": 0, "latency": 0}, FirstGreen: 0},
			reason: "broken code mid-edit is a normal state",
		},
		{
			name: "withheld counts as not passing",
			records: session(t0,
				"0s pass pass pass fail",
				"1m fail withheld withheld withheld"),
			want: want{
				FirstPass: map[string]int{"correctness": 0, "race": 0, "leak": 0},
				Regressions: []Regression{
					{Suite: "correctness", From: 0, At: 1, Back: -1, Status: "fail", Score: 20, Max: 40, BeforeScore: 40},
					{Suite: "race", From: 0, At: 1, Back: -1, Status: "withheld", Max: 25, BeforeScore: 25},
					{Suite: "leak", From: 0, At: 1, Back: -1, Status: "withheld", Max: 15, BeforeScore: 15},
				},
				FirstGreen: -1,
			},
		},
		{
			name:    "only the selected suites make green",
			records: session(t0, "0s fail skipped skipped skipped", "1m pass skipped skipped skipped"),
			want:    want{FirstPass: map[string]int{"correctness": 1}, FirstGreen: 1},
		},
	}
	run := func(t *testing.T, tc testCase) {
		ts := Timelines(tc.records)
		if len(ts) != 1 {
			t.Fatalf("%d timelines; want 1", len(ts))
		}
		got := want{FirstPass: ts[0].FirstPass, Regressions: ts[0].Regressions, FirstGreen: ts[0].FirstGreen}
		if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("timeline (-want +got):\n%s%s", diff, tc.reason)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTimelineText(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	recs := session(t0,
		"0s build build build build",
		"1m30s fail withheld withheld withheld",
		"4m pass pass fail fail",
		"6m pass fail pass pass",
		"11m5s pass pass pass pass")
	var b bytes.Buffer
	if err := WriteTimelineText(&b, Timelines(recs)); err != nil {
		t.Fatal(err)
	}
	want := `session ratelimiter, started 2026-12-02 10:00:00 UTC: 5 grading(s) over 11m5s

  elapsed  grading  score     correctness   race          leak          latency       change
  +0:00    #1       0/100     build failed  build failed  build failed  build failed
  +1:30    #2       20/100    ✗ 20/40       withheld      withheld      withheld
  +4:00    #3       82.5/100  ✓ 40/40       ✓ 25/25       ✗ 7.5/15      ✗ 10/20       correctness passes, race passes
  +6:00    #4       87.5/100  ✓ 40/40       ✗ 12.5/25     ✓ 15/15       ✓ 20/20       leak passes, latency passes, race regressed
  +11:05   #5       100/100   ✓ 40/40       ✓ 25/25       ✓ 15/15       ✓ 20/20       race passes again, all green

correctness: first passed at +4:00 (#3)
race: first passed at +4:00 (#3); regressed at +6:00 (#4: fail 12.5/25, after passing at #3), passed again at +11:05 (#5)
leak: first passed at +6:00 (#4)
latency: first passed at +6:00 (#4)
time to first green: +11:05 (#5, every selected suite passed)
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("text timeline (-want +got):\n%s", diff)
	}
}

func TestSessionFileRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "session.jsonl")
	first := session(t0, "0s fail withheld withheld withheld", "1m pass pass pass pass")
	second := session(t0.Add(time.Hour), "0s pass fail pass pass")
	for _, r := range append(first, second...) {
		if err := AppendRecord(path, r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := WriteRecords(&b, append(first, second...)); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSession(&b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(append(first, second...), got); diff != "" {
		t.Errorf("records read back (-want +got):\n%s", diff)
	}
	ts := Timelines(got)
	if len(ts) != 2 || len(ts[0].Gradings) != 2 || len(ts[1].Gradings) != 1 {
		t.Errorf("two sessions in one file gave %d timelines", len(ts))
	}
	if _, err := ReadSession(strings.NewReader(`{"schema": "grader.scorecard/v1"}`)); err == nil {
		t.Error("a scorecard was read as a session record")
	}
}
