package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// gsResults is Gradescope's autograder results.json: a top-level score
// (which Gradescope takes over the sum of the tests') and one entry per
// test with score, max_score, status ("passed" or "failed"), name,
// output and visibility.
type gsResults struct {
	Score            float64  `json:"score"`
	ExecutionTime    int64    `json:"execution_time"`
	Output           string   `json:"output"`
	OutputFormat     string   `json:"output_format"`
	TestOutputFormat string   `json:"test_output_format"`
	Visibility       string   `json:"visibility"`
	StdoutVisibility string   `json:"stdout_visibility"`
	Tests            []gsTest `json:"tests"`
}

type gsTest struct {
	Name       string   `json:"name"`
	Number     string   `json:"number"`
	Score      float64  `json:"score"`
	MaxScore   float64  `json:"max_score"`
	Status     string   `json:"status"`
	Output     string   `json:"output"`
	Tags       []string `json:"tags"`
	Visibility string   `json:"visibility"`
}

// renderGradescope writes one scorecard as Gradescope's results.json.
// Each hidden test is worth its suite's weight shared equally among the
// suite's tests, so the tests of a fully passed suite sum to its weight;
// the top-level score is the scorecard's (rounded the same way, and
// scaled over the selected suites). Tests of suites not selected or
// withheld score 0 and say why. Every test is "visible": the messages
// are written for the candidate and never quote the hidden spec (the
// candidate view, applied before rendering, hides what it hides).
func renderGradescope(w io.Writer, in *Input, _ Options) error {
	c := in.Entries[0].Card
	res := gsResults{
		Score:            c.Score,
		ExecutionTime:    int64(math.Ceil(float64(c.DurationMS) / 1000)),
		OutputFormat:     "text",
		TestOutputFormat: "text",
		Visibility:       "visible",
		StdoutVisibility: "hidden",
		Tests:            []gsTest{},
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%s: %.1f/%g\n", c.Exercise, c.Score, c.MaxScore)
	for _, s := range c.Suites {
		fmt.Fprintf(&out, "%s %.1f/%g (%s)\n", s.Name, s.Score, s.MaxScore, s.Status)
	}
	if c.Build.Status == scorecard.BuildFailed {
		fmt.Fprintf(&out, "\nbuild failed:\n%s\n", strings.TrimRight(clean(c.Build.Output), "\n"))
	}
	for _, v := range c.Policy {
		fmt.Fprintf(&out, "\npolicy: %s:%d: %s", v.File, v.Line, clean(v.Message))
	}
	for _, m := range c.MissingAPI {
		fmt.Fprintf(&out, "\nmissing API: %s, expected %s", m.Symbol, m.Expected)
	}
	res.Output = strings.TrimRight(out.String(), "\n")
	for i, s := range c.Suites {
		each := 0.0
		if len(s.Tests) > 0 {
			each = round3(s.Weight / float64(len(s.Tests)))
		}
		for k, t := range s.Tests {
			gt := gsTest{
				Name:       s.Name + ": " + t.Name,
				Number:     fmt.Sprintf("%d.%d", i+1, k+1),
				MaxScore:   each,
				Status:     "failed",
				Tags:       []string{s.Name},
				Visibility: "visible",
			}
			switch why := notRun(s, t); {
			case why != "":
				gt.Output = why
			case t.Status == scorecard.StatusPass:
				gt.Score, gt.Status = each, "passed"
				if t.Latency != nil {
					gt.Output = latencyLine(t.Latency)
				}
			default:
				gt.Output = testMessage(t)
				if cause, ok := causes[t.Verdict]; ok && t.Message == "" {
					gt.Output = string(t.Verdict) + ": " + cause
				}
			}
			if t.Description != "" {
				gt.Output = strings.TrimRight(t.Description+"\n\n"+gt.Output, "\n")
			}
			res.Tests = append(res.Tests, gt)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// latencyLine describes a latency measurement in one line.
func latencyLine(l *scorecard.LatencyResult) string {
	s := fmt.Sprintf("%.2fx the reference's time per op (interval %.2fx to %.2fx); the budget is %gx", l.Ratio, l.RatioLo, l.RatioHi, l.MaxRatio)
	if l.Growth != "" {
		s += "; growth " + l.Growth
		if l.MaxGrowth != "" {
			s += " (at most " + l.MaxGrowth + ")"
		}
	}
	return s
}
