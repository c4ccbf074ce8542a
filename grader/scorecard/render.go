package scorecard

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes c as indented JSON, the wire format the package doc
// describes.
func WriteJSON(w io.Writer, c *Scorecard) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// ReadJSON reads a scorecard written by WriteJSON, checking its schema.
func ReadJSON(r io.Reader) (*Scorecard, error) {
	var c Scorecard
	if err := json.NewDecoder(r).Decode(&c); err != nil {
		return nil, fmt.Errorf("reading the scorecard: %w", err)
	}
	if c.Schema != Schema {
		return nil, fmt.Errorf("the scorecard's schema is %q, and this grader reads %q; use the grader version that wrote it", c.Schema, Schema)
	}
	if c.Selected == nil {
		// Written before selected_suites was recorded: the suites that
		// were not skipped are the ones that were selected.
		c.Selected = []string{}
		for _, s := range c.Suites {
			if s.Status != StatusSkipped {
				c.Selected = append(c.Selected, s.Name)
			}
		}
	}
	return &c, nil
}

// TextOptions tune WriteText.
type TextOptions struct {
	Color   bool // ANSI colours, for a terminal
	Verbose bool // list passing tests too
}

const (
	green  = "\x1b[32m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// maxBuildLines caps the compiler output WriteText shows; the JSON
// scorecard has all of it.
const maxBuildLines = 30

// notRunReasons are the verdicts of tests that could not run because of
// a cause the scorecard states once (the build, the policy, the API): the
// text rendering counts them in one line instead of repeating the cause
// for every test.
var notRunReasons = map[Verdict]string{
	VerdictBuildFailed: "the submission does not compile (see build failed above)",
	VerdictPolicy:      "the submission breaks the exercise's policy (see policy violations above)",
	VerdictMissingAPI:  "they need API the submission lacks (see missing or mismatched API above)",
}

// WriteText writes c for a person: the score; then what stopped tests
// from running, if anything (the policy violations, the compiler's errors,
// the missing API); each suite with its failing tests and why; what was
// ignored and the conditions of the grading.
func WriteText(w io.Writer, c *Scorecard, o TextOptions) error {
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + reset
	}
	statusColor := map[string]string{StatusPass: green, StatusFail: red, StatusError: red, StatusSkipped: yellow, StatusWithheld: yellow}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", paint(bold, c.Exercise), c.Submission)
	if c.Candidate != "" {
		fmt.Fprintf(&b, "candidate %s\n", c.Candidate)
	}
	if c.Commit != "" {
		tree := "as committed"
		if c.Dirty {
			tree = "working tree, with changes not in the commit"
		}
		fmt.Fprintf(&b, "commit %s (%s)\n", c.Commit, tree)
	}
	scoreColor := green
	if c.Score < c.MaxScore {
		scoreColor = yellow
	}
	if c.Threshold > 0 && !c.Passed {
		scoreColor = red
	}
	fmt.Fprintf(&b, "score %s", paint(bold+scoreColor, fmt.Sprintf("%.1f/%g", c.Score, c.MaxScore)))
	if len(c.Selected) > 0 && len(c.Selected) < len(c.Suites) {
		fmt.Fprintf(&b, "  (over the selected suites: %s)", strings.Join(c.Selected, ", "))
	}
	if c.Threshold > 0 {
		fmt.Fprintf(&b, "  (pass mark %g: %s)", c.Threshold, map[bool]string{true: "passed", false: "below"}[c.Passed])
	}
	b.WriteString("\n")
	if c.View == ViewCandidate {
		fmt.Fprintf(&b, "%s\n", paint(dim, "candidate view: each test's description in place of its failure details"))
	}

	// The cause first: what kept the hidden tests from running.
	if len(c.Policy) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(bold+red, "policy violations (nothing was built)"))
		for _, v := range c.Policy {
			fmt.Fprintf(&b, "  %s:%d: %s\n", v.File, v.Line, v.Message)
		}
	}
	if c.Build.Status == BuildFailed {
		lines := strings.Split(strings.TrimRight(c.Build.Output, "\n"), "\n")
		more := 0
		if len(lines) > maxBuildLines {
			lines, more = lines[:maxBuildLines], len(lines)-maxBuildLines
		}
		fmt.Fprintf(&b, "\n%s\n%s", paint(bold+red, "build failed"), indent(strings.Join(lines, "\n"), "  "))
		if more > 0 {
			fmt.Fprintf(&b, "  … and %d more line(s); --format json has them all\n", more)
		}
	}
	if len(c.MissingAPI) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(bold, "missing or mismatched API"))
		for _, m := range c.MissingAPI {
			fmt.Fprintf(&b, "  %s\n      expected: %s\n", m.Symbol, m.Expected)
			if m.Found != "" {
				fmt.Fprintf(&b, "      found:    %s\n", m.Found)
			}
			fmt.Fprintf(&b, "      %d test(s) not run\n", len(m.Tests))
		}
	}

	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, s := range c.Suites {
		passed := 0
		for _, t := range s.Tests {
			if t.Status == StatusPass {
				passed++
			}
		}
		count := fmt.Sprintf("%d/%d tests", passed, len(s.Tests))
		switch {
		case s.Gated:
			count = fmt.Sprintf("not run: fewer than half of the correctness tests pass (%d tests)", len(s.Tests))
		case s.Status == StatusSkipped:
			count = fmt.Sprintf("not selected (%d tests)", len(s.Tests))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", s.Name, fmt.Sprintf("%.1f/%g", s.Score, s.MaxScore),
			paint(statusColor[s.Status], s.Status), count)
	}
	tw.Flush()
	notRun := map[Verdict]int{}
	for _, s := range c.Suites {
		var lines []string
		for _, t := range s.Tests {
			if t.Status == StatusSkipped || (t.Status == StatusPass && !o.Verbose && t.Latency == nil) {
				continue
			}
			if _, ok := notRunReasons[t.Verdict]; ok {
				notRun[t.Verdict]++
				continue
			}
			mark := paint(red, "✗")
			if t.Status == StatusPass {
				mark = paint(green, "✓")
			}
			msg := t.Message
			if c.View == ViewCandidate && t.Description != "" {
				msg = t.Description // the candidate view has no messages
			}
			if msg == "" {
				msg = string(t.Verdict)
			} else if t.Verdict != VerdictPassed && t.Verdict != VerdictFailed {
				msg = string(t.Verdict) + ": " + msg
			}
			lines = append(lines, fmt.Sprintf("    %s %s\n%s", mark, t.Name, indent(msg, "        ")))
		}
		for _, ev := range s.Evidence {
			lines = append(lines, fmt.Sprintf("    %s a race seen outside the race tests\n%s", paint(yellow, "!"), indent(ev, "        ")))
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "\n  %s\n%s", paint(bold, s.Name), strings.Join(lines, ""))
		}
	}
	for _, v := range []Verdict{VerdictPolicy, VerdictBuildFailed, VerdictMissingAPI} {
		if n := notRun[v]; n > 0 {
			fmt.Fprintf(&b, "\n  %s\n", paint(red, fmt.Sprintf("%d hidden test(s) could not run: %s", n, notRunReasons[v])))
		}
	}
	if len(c.IgnoredFiles) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(dim, "not graded:"))
		for _, f := range c.IgnoredFiles {
			fmt.Fprintf(&b, "%s\n", paint(dim, "  "+f.Path+": "+f.Reason))
		}
	}
	for _, warn := range c.Warnings {
		fmt.Fprintf(&b, "\n%s %s\n", paint(bold+yellow, "warning:"), warn)
	}
	fmt.Fprintf(&b, "\n%s\n", paint(dim, fmt.Sprintf("isolation %s · seed %d · %s · grader %s · %.1fs",
		c.Isolation.Level, c.Seed, c.GoVersion, c.GraderVersion, float64(c.DurationMS)/1000)))
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix) + "\n"
}
