package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// renderMarkdown writes GitHub-flavoured Markdown: for one scorecard,
// its totals, suites, the causes that kept tests from running, its
// failures with their messages in code blocks and its latency
// measurements; for several, a leaderboard and the advisory similarity
// pairs first, then each scorecard under its name.
func renderMarkdown(w io.Writer, in *Input, o Options) error {
	var b strings.Builder
	if !in.Batch && len(in.Entries) == 1 {
		e := in.Entries[0]
		fmt.Fprintf(&b, "# %s: %s\n\n", mdText(e.Card.Exercise), mdScore(e.Card))
		mdCard(&b, e, "##", o)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "# %s\n\n", mdText(batchTitle(in)))
	b.WriteString("| # | submission | score | " + strings.Join(suitesOf(in), " | ") + " | build | flags |\n")
	b.WriteString("|--:|---|--:|" + strings.Repeat("--:|", len(suitesOf(in))) + "---|---|\n")
	sim := flagged(in)
	for i, e := range ranked(in) {
		cells := []string{fmt.Sprint(i + 1), mdText(e.Label()), fmt.Sprintf("**%.1f**", e.Card.Score)}
		for _, n := range suitesOf(in) {
			cells = append(cells, suiteCell(e.Card, n))
		}
		cells = append(cells, mdText(e.Card.Build.Status), mdText(strings.Join(entryFlags(in, e, sim), ", ")))
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	if len(in.Failures) > 0 {
		b.WriteString("\n## Not graded\n\n| submission | why |\n|---|---|\n")
		for _, f := range in.Failures {
			fmt.Fprintf(&b, "| %s | %s: %s |\n", mdText(f.Name), mdText(f.Kind), mdText(f.Error))
		}
	}
	if len(in.Pairs) > 0 {
		b.WriteString("\n## Similar code (advisory)\n\n")
		b.WriteString("Evidence for a person to judge, not a verdict: code alike beyond chance, with identifiers, literals, comments and formatting ignored.\n\n")
		b.WriteString("| a | b | similarity | longest shared fragment |\n|---|---|--:|--:|\n")
		for _, p := range in.Pairs {
			fmt.Fprintf(&b, "| %s | %s | %.0f%% | %d lines |\n", mdText(labelOf(in, p.A)), mdText(labelOf(in, p.B)), p.Similarity*100, p.Longest)
		}
	}
	for _, e := range in.Entries {
		fmt.Fprintf(&b, "\n## %s: %s\n\n", mdText(e.Label()), mdScore(e.Card))
		mdCard(&b, e, "###", o)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdScore(c *scorecard.Scorecard) string {
	s := fmt.Sprintf("%.1f/%g", c.Score, c.MaxScore)
	if c.Threshold > 0 {
		s += fmt.Sprintf(" (pass mark %g: %s)", c.Threshold, map[bool]string{true: "passed", false: "below"}[c.Passed])
	}
	return s
}

var mdStatus = map[string]string{
	scorecard.StatusPass:     "✅ pass",
	scorecard.StatusFail:     "❌ fail",
	scorecard.StatusError:    "⛔ error",
	scorecard.StatusWithheld: "⏸ withheld",
	scorecard.StatusSkipped:  "➖ skipped",
}

// mdCard writes one scorecard's body, with h as its sections' heading.
func mdCard(b *strings.Builder, e Entry, h string, o Options) {
	c := e.Card
	var meta []string
	if c.Candidate != "" {
		meta = append(meta, "candidate "+mdText(c.Candidate))
	}
	meta = append(meta, "submission "+mdText(c.Submission))
	if c.Commit != "" {
		commit := "commit " + mdText(c.Commit)
		if c.Dirty {
			commit += " (working tree, with changes not in the commit)"
		}
		meta = append(meta, commit)
	}
	if c.GradedAt != "" {
		meta = append(meta, "graded "+mdText(c.GradedAt))
	}
	if c.View == scorecard.ViewCandidate {
		meta = append(meta, "**candidate view** (failure details of the hidden tests left out)")
	}
	b.WriteString(strings.Join(meta, " · ") + "\n\n")

	b.WriteString("| suite | score | status | tests |\n|---|--:|---|--:|\n")
	for _, s := range c.Suites {
		tests := fmt.Sprintf("%d/%d", passed(s), len(s.Tests))
		if s.Gated {
			tests = fmt.Sprintf("not run (%d): fewer than half of the correctness tests pass", len(s.Tests))
		} else if s.Status == scorecard.StatusSkipped {
			tests = fmt.Sprintf("not selected (%d)", len(s.Tests))
		}
		fmt.Fprintf(b, "| %s | %.1f/%g | %s | %s |\n", mdText(s.Name), s.Score, s.MaxScore, mdStatus[s.Status], tests)
	}
	fmt.Fprintf(b, "| **total** | **%.1f/%g** | | |\n", c.Score, c.MaxScore)
	if len(c.Selected) > 0 && len(c.Selected) < len(c.Suites) {
		fmt.Fprintf(b, "\nScored over the selected suites: %s.\n", mdText(strings.Join(c.Selected, ", ")))
	}

	if len(c.Policy) > 0 {
		fmt.Fprintf(b, "\n%s Policy violations (nothing was built)\n\n", h)
		for _, v := range c.Policy {
			fmt.Fprintf(b, "- %s: %s\n", mdCode(fmt.Sprintf("%s:%d", v.File, v.Line)), mdText(v.Message))
		}
	}
	if c.Build.Status == scorecard.BuildFailed {
		fmt.Fprintf(b, "\n%s Build failed\n\n%s", h, mdBlock(c.Build.Output))
	}
	if len(c.MissingAPI) > 0 {
		fmt.Fprintf(b, "\n%s Missing or mismatched API\n\n", h)
		for _, m := range c.MissingAPI {
			fmt.Fprintf(b, "- %s: expected %s", mdCode(m.Symbol), mdCode(m.Expected))
			if m.Found != "" {
				fmt.Fprintf(b, ", found %s", mdCode(m.Found))
			}
			fmt.Fprintf(b, " (%d test(s) not run)\n", len(m.Tests))
		}
	}

	var fails strings.Builder
	counted := map[scorecard.Verdict]int{}
	for _, s := range c.Suites {
		for _, t := range s.Tests {
			if t.Status == scorecard.StatusSkipped || (t.Status == scorecard.StatusPass && !o.Verbose) {
				continue
			}
			if _, ok := causes[t.Verdict]; ok {
				counted[t.Verdict]++
				continue
			}
			mark := "❌"
			if t.Status == scorecard.StatusPass {
				mark = "✅"
			}
			fmt.Fprintf(&fails, "\n%s **%s** · %s (%s)\n", mark, mdText(s.Name), mdCode(t.Name), mdText(string(t.Verdict)))
			if t.Description != "" {
				fmt.Fprintf(&fails, "\n%s\n", mdText(t.Description))
			}
			if t.Message != "" {
				fmt.Fprintf(&fails, "\n%s", mdBlock(clean(t.Message)))
			}
		}
		for _, ev := range s.Evidence {
			fmt.Fprintf(&fails, "\n⚠️ **%s** · a race seen outside the race tests\n\n%s", mdText(s.Name), mdBlock(clean(ev)))
		}
	}
	for _, v := range []scorecard.Verdict{scorecard.VerdictPolicy, scorecard.VerdictBuildFailed, scorecard.VerdictMissingAPI} {
		if n := counted[v]; n > 0 {
			fmt.Fprintf(&fails, "\n%d hidden test(s) could not run: %s.\n", n, causes[v])
		}
	}
	if fails.Len() > 0 {
		title := "Failures"
		if o.Verbose {
			title = "Tests"
		}
		fmt.Fprintf(b, "\n%s %s\n%s", h, title, fails.String())
	}

	var lat []scorecard.Test
	if s := c.Suite(scorecard.Latency); s != nil {
		for _, t := range s.Tests {
			if t.Latency != nil {
				lat = append(lat, t)
			}
		}
	}
	if len(lat) > 0 {
		fmt.Fprintf(b, "\n%s Latency against the reference\n\n", h)
		b.WriteString("| benchmark | ratio | interval | budget | growth | verdict |\n|---|--:|--:|--:|---|---|\n")
		for _, t := range lat {
			l := t.Latency
			growth := mdText(l.Growth)
			if l.MaxGrowth != "" {
				growth += " (at most " + mdText(l.MaxGrowth) + ")"
			}
			verdict := mdText(string(t.Verdict))
			if l.FavourCandidate {
				verdict += " (undecided: in the candidate's favour)"
			}
			fmt.Fprintf(b, "| %s | %s | %s–%s | %g× | %s | %s |\n", mdCode(t.Name), ratio(l.Ratio), ratio(l.RatioLo), ratio(l.RatioHi), l.MaxRatio, growth, verdict)
		}
	}

	if len(c.IgnoredFiles) > 0 {
		var ig []string
		for _, f := range c.IgnoredFiles {
			ig = append(ig, mdCode(f.Path))
		}
		fmt.Fprintf(b, "\nNot graded: %s.\n", strings.Join(ig, ", "))
	}
	for _, warn := range c.Warnings {
		fmt.Fprintf(b, "\n> **Warning:** %s\n", mdText(warn))
	}
	fmt.Fprintf(b, "\n<sub>isolation %s · seed %d · %s · grader %s · %.1fs</sub>\n",
		mdText(c.Isolation.Level), c.Seed, mdText(c.GoVersion), mdText(c.GraderVersion), float64(c.DurationMS)/1000)
}

// causes are the verdicts of tests that could not run for a cause a
// report states once.
var causes = map[scorecard.Verdict]string{
	scorecard.VerdictBuildFailed: "the submission does not compile (see the build output)",
	scorecard.VerdictPolicy:      "the submission breaks the exercise's policy (see the policy violations)",
	scorecard.VerdictMissingAPI:  "they need API the submission lacks (see the missing API)",
}

// mdText is s as Markdown text on one line: what Markdown or HTML would
// read as markup is escaped.
func mdText(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '!', '{', '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode is s as a Markdown code span on one line.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	s = strings.ReplaceAll(s, "|", "¦") // a | ends a table cell even in a code span
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdBlock is s as a fenced code block, with a fence longer than any run
// of backticks in s.
func mdBlock(s string) string {
	s = strings.TrimRight(clean(s), "\n")
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + "text\n" + s + "\n" + fence + "\n"
}

func longestRun(s string, c rune) int {
	best, n := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
