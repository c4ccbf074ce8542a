package batch_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/scorecard"
)

func summaryResults() []batch.Result {
	cfg := grader.Config{Exercise: "ratelimiter", Suites: []string{"correctness", "race"}, Threshold: 70}
	card := func(name string, pass int, level string) *scorecard.Scorecard {
		c := cfg
		c.Candidate = name
		return fakeCard(c, "", "v1", pass, level)
	}
	broken := card("dee", 0, "bwrap+cgroup")
	broken.Build.Status = scorecard.BuildFailed
	broken.DurationMS = 2_000
	broken.Tally(70)
	return []batch.Result{
		{Name: "cy", Card: card("cy", 3, "bwrap")},
		{Name: "zed", Failure: &batch.Failure{Kind: batch.FailureRefused, Error: "submission refused: zed.zip: not a valid zip file"}},
		{Name: "ada", Card: card("ada", 4, "bwrap+cgroup")},
		{Name: "dee", Card: broken},
		{Name: "bob|x", Card: card("bob|x", 4, "bwrap+cgroup")},
		{Name: "eve", Failure: &batch.Failure{Kind: batch.FailureError, Error: "the grader panicked: oops\nmore"}},
	}
}

func TestSummary(t *testing.T) {
	s := batch.Summarize("ratelimiter", 70, summaryResults())
	// Flagging twice flags once.
	for range 2 {
		if !s.Flag("ada", "similar") {
			t.Error("Flag(ada): false, want true")
		}
	}
	if s.Flag("nobody", "similar") {
		t.Error("Flag(nobody): true, want false")
	}
	if diff := cmp.Diff(batch.Counts{Graded: 4, Below: 1, Refused: 1, Errors: 1}, s.Counts()); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}

	var text, csv, md bytes.Buffer
	s.WriteText(&text)
	s.WriteCSV(&csv)
	s.WriteMarkdown(&md)
	wantText := `candidate  total  correctness  race      leak  latency  build    time  flags
ada        100.0  40.0/40      20.0/20   -     -        ok       1m1s  similar
bob|x      100.0  40.0/40      20.0/20   -     -        ok       1m1s
cy         83.3   30.0/40      20.0/20   -     -        ok       1m1s  isolation:bwrap
dee        0.0    0.0/40       withheld  -     -        failed   2s    below 70
eve        -      -            -         -     -        error    -
zed        -      -            -         -     -        refused  -
eve: error: the grader panicked: oops more
zed: refused: submission refused: zed.zip: not a valid zip file
`
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("WriteText (-want +got):\n%s", diff)
	}
	wantCSV := `candidate,total,passed,correctness,race,leak,latency,build,time_s,flags,error
ada,100.0,true,40.0,20.0,,,ok,61.4,similar,
bob|x,100.0,true,40.0,20.0,,,ok,61.4,,
cy,83.3,true,30.0,20.0,,,ok,61.4,isolation:bwrap,
dee,0.0,false,0.0,0.0,,,failed,2.0,below 70,
eve,,,,,,,error,,,"the grader panicked: oops
more"
zed,,,,,,,refused,,,submission refused: zed.zip: not a valid zip file
`
	if diff := cmp.Diff(wantCSV, csv.String()); diff != "" {
		t.Errorf("WriteCSV (-want +got):\n%s", diff)
	}
	wantMD := `# ratelimiter: 6 submissions

4 graded, 1 refused, 1 not graded (grader error); pass mark 70: 1 below.

| # | candidate | total | correctness | race | leak | latency | build | time | flags |
|---|---|---|---|---|---|---|---|---|---|
| 1 | ada | 100.0 | 40.0/40 | 20.0/20 | - | - | ok | 1m1s | similar |
| 2 | bob\|x | 100.0 | 40.0/40 | 20.0/20 | - | - | ok | 1m1s |  |
| 3 | cy | 83.3 | 30.0/40 | 20.0/20 | - | - | ok | 1m1s | isolation:bwrap |
| 4 | dee | 0.0 | 0.0/40 | withheld | - | - | failed | 2s | below 70 |
|  | eve | - | - | - | - | - | error | - |  |
|  | zed | - | - | - | - | - | refused | - |  |

## Not graded

- **eve** (error): the grader panicked: oops more
- **zed** (refused): submission refused: zed.zip: not a valid zip file
`
	if diff := cmp.Diff(wantMD, md.String()); diff != "" {
		t.Errorf("WriteMarkdown (-want +got):\n%s", diff)
	}
}
