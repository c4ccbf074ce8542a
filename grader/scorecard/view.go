package scorecard

import (
	"fmt"
	"slices"
	"strings"
)

// The views of a scorecard, the values of --view and of the view field.
const (
	// ViewInterviewer is the whole scorecard, as the engine wrote it.
	ViewInterviewer = "interviewer"
	// ViewCandidate is what a candidate may see: see [CandidateView].
	ViewCandidate = "candidate"
)

// Views lists the views, for flags and their completion.
var Views = []string{ViewInterviewer, ViewCandidate}

// View returns c as view shows it: c itself for [ViewInterviewer], and
// [CandidateView] of c for [ViewCandidate].
func View(c *Scorecard, view string) (*Scorecard, error) {
	switch view {
	case "", ViewInterviewer:
		return c, nil
	case ViewCandidate:
		return CandidateView(c), nil
	}
	return nil, fmt.Errorf("view %q: use %s", view, strings.Join(Views, " or "))
}

// CandidateView returns a copy of c that a candidate may see, during a
// live interview or after a take-home: the scores of the suites, each
// test's name, description, status and verdict, the missing API (the
// prompt states the API anyway), the policy violations and ignored files
// (the candidate's own), and the compiler's messages about the
// candidate's own files. It leaves out everything that could reveal the
// hidden spec: each test's failure message (hidden inputs, expected
// values, diffs), the race suite's evidence, the reference's timings
// (a latency test keeps its ratio and budget), and every compiler line
// that names a test file (the hidden spec's files are the only test
// files a grading builds). Its View is [ViewCandidate]. c is not
// changed; a candidate view is its own candidate view.
func CandidateView(c *Scorecard) *Scorecard {
	v := *c
	v.View = ViewCandidate
	v.Suites = make([]Suite, len(c.Suites))
	for i, s := range c.Suites {
		s.Evidence = nil
		tests := make([]Test, len(s.Tests))
		for j, t := range s.Tests {
			tests[j] = Test{Name: t.Name, Status: t.Status, Verdict: t.Verdict, Description: t.Description, DurationMS: t.DurationMS}
			if t.Latency != nil {
				tests[j].Latency = &LatencyResult{
					Ratio: t.Latency.Ratio, RatioLo: t.Latency.RatioLo, RatioHi: t.Latency.RatioHi, MaxRatio: t.Latency.MaxRatio,
					Growth: t.Latency.Growth, MaxGrowth: t.Latency.MaxGrowth, Rounds: t.Latency.Rounds, FavourCandidate: t.Latency.FavourCandidate,
				}
			}
		}
		s.Tests = tests
		v.Suites[i] = s
	}
	v.MissingAPI = make([]MissingAPI, len(c.MissingAPI))
	for i, m := range c.MissingAPI {
		m.Tests = slices.Clone(m.Tests)
		v.MissingAPI[i] = m
	}
	v.Build.Output = candidateBuildLines(c.Build.Output)
	v.Selected = slices.Clone(c.Selected)
	v.Policy = slices.Clone(c.Policy)
	v.IgnoredFiles = slices.Clone(c.IgnoredFiles)
	v.Warnings = slices.Clone(c.Warnings)
	v.Isolation.Warnings = slices.Clone(c.Isolation.Warnings)
	return &v
}

// candidateBuildLines keeps the lines of a build's output that name no
// test file: a line about the hidden spec names one of its _test.go
// files, and the submission's own tests are never built.
func candidateBuildLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "_test.go") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}
