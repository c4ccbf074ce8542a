package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/scorecard"
)

// evil is what a candidate's code can make a message say: markup that
// would run script, template actions, a NUL, terminal escapes, a code
// fence that would end a Markdown block, XML that would end an element.
const evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)> {{.Title}} {{template \"page\"}}\x00 " +
	"\x1b[31mred\x1b[0m \x1b]8;;http://evil.example/\x07link\x1b]8;;\x07 \x07bell \xff\xfe bad utf-8\n" +
	"```\n# injected heading\n</failure></testcase><testcase name=\"forged\"/> ]]> & &amp; cache.go:3"

// hostileInput is a batch of two scorecards whose every free text is evil.
func hostileInput() *report.Input {
	card := func(name string) *scorecard.Scorecard {
		c := scorecard.New("ttlcache", "submissions/"+evil)
		c.Candidate = evil
		c.Build.Status = scorecard.BuildOK
		c.Isolation.Level = "bwrap+cgroup"
		c.Warnings = []string{evil}
		c.IgnoredFiles = []scorecard.Ignored{{Path: "notes<img src=x onerror=alert(3)>.txt", Reason: evil}}
		for i, n := range scorecard.SuiteNames {
			s := scorecard.Suite{Name: n, Weight: []float64{40, 20, 20, 20}[i]}
			s.Tests = []scorecard.Test{
				{Name: "Test" + n + "_Evil", Status: scorecard.StatusFail, Verdict: scorecard.VerdictPanic, Message: evil},
				{Name: "Test" + n + "_Fine", Status: scorecard.StatusPass, Verdict: scorecard.VerdictPassed},
			}
			if n == scorecard.Latency {
				s.Tests[1].Latency = &scorecard.LatencyResult{Ratio: 2, RatioLo: 1.5, RatioHi: 2.5, MaxRatio: 8, Rounds: 2}
			}
			c.Suites = append(c.Suites, s)
		}
		c.Suite(scorecard.Race).Evidence = []string{evil}
		c.MissingAPI = []scorecard.MissingAPI{{Symbol: evil, Expected: evil, Found: evil}}
		c.Policy = []scorecard.Violation{{File: "cache.go", Line: 2, Rule: "import", Message: evil}}
		c.Tally(0)
		return c
	}
	src := []report.Source{{Name: "cache.go", Text: "package ttlcache\n\n// " + evil + "\nvar s = \"</script>{{.}}\x00\x1b[2J\"\n"}}
	return &report.Input{
		Batch: true,
		Entries: []report.Entry{
			{Name: "a<b>", Card: card("a"), Sources: src},
			{Name: "evil", Card: card("evil"), Sources: src},
		},
		Pairs: []report.Pair{{A: "a<b>", B: "evil", Similarity: 0.9, Longest: 3,
			Regions: []report.Region{{A: report.Span{File: "cache.go", Start: 1, End: 4}, B: report.Span{File: "cache.go", Start: 1, End: 4}}}}},
	}
}

func renderHostile(t *testing.T, format string, in *report.Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Render(&buf, format, in, report.Options{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// noControls checks that out holds no NUL, no escape sequence and no
// other control character but newline and tab.
func noControls(t *testing.T, format, out string) {
	t.Helper()
	for i, r := range out {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			t.Errorf("%s: control character %U at byte %d: %q", format, r, i, out[max(0, i-40):min(len(out), i+40)])
			return
		}
	}
}

func TestHostileHTML(t *testing.T) {
	one := hostileInput()
	one.Batch, one.Entries, one.Pairs = false, one.Entries[:1], nil
	for name, in := range map[string]*report.Input{"batch": hostileInput(), "single": one} {
		out := renderHostile(t, "html", in)
		noControls(t, "html", out)
		for _, bad := range []string{"<script", "</script", "<img", "\uFFFE"} {
			if strings.Contains(strings.ToLower(out), bad) {
				i := strings.Index(strings.ToLower(out), bad)
				t.Errorf("%s: the page holds %q: %q", name, bad, out[max(0, i-80):min(len(out), i+80)])
			}
		}
		for _, want := range []string{
			"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", // escaped, and shown
			"{{.Title}} {{template &#34;page&#34;}}",                                                 // shown, never executed
			"red", "link",                                                                            // the text of terminal escapes stays, the escapes go
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the page lacks %q", name, want)
			}
		}
	}
}

func TestHostileJUnit(t *testing.T) {
	out := renderHostile(t, "junit", hostileInput())
	noControls(t, "junit", out)
	dec := xml.NewDecoder(strings.NewReader(out))
	cases := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "testcase" {
			cases++
			for _, a := range se.Attr {
				if a.Value == "forged" {
					t.Errorf("a message forged a test case")
				}
			}
		}
	}
	if cases != 16 {
		t.Errorf("%d test cases, want 16 (two scorecards of four suites of two tests)", cases)
	}
}

func TestHostileMarkdown(t *testing.T) {
	out := renderHostile(t, "markdown", hostileInput())
	noControls(t, "markdown", out)
	// Outside code blocks, nothing is markup a renderer would obey;
	// inside, the candidate's text never closes the block.
	fence := ""
	for i, line := range strings.Split(out, "\n") {
		switch {
		case fence == "" && strings.HasPrefix(line, "```"):
			fence = strings.TrimRight(line, "abcdefghijklmnopqrstuvwxyz")
		case fence != "" && line == fence:
			fence = ""
		case fence == "":
			if line == "# injected heading" {
				t.Errorf("line %d: the candidate's text made a heading", i+1)
			}
			if m := rawMarkup.FindString(withoutCodeSpans(ours.Replace(line))); m != "" {
				t.Errorf("line %d: %q outside a code block or span: %s", i+1, m, line)
			}
		}
	}
	if fence != "" {
		t.Errorf("a code block is never closed")
	}
}

// ours is the markup the markdown format writes itself.
var ours = strings.NewReplacer("<sub>", "", "</sub>", "")

// rawMarkup is HTML a Markdown renderer would pass through: a < not
// escaped with a backslash, before a tag name.
var rawMarkup = regexp.MustCompile(`(^|[^\\])</?[A-Za-z]`)

// withoutCodeSpans is line with its code spans (a run of backticks to
// the next run of the same length) taken out; backslash-escaped
// backticks open none.
func withoutCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] == '\\' && i+1 < len(line) {
			b.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		fence := line[i : i+n]
		end := -1
		for k := i + n; k < len(line); {
			j := strings.Index(line[k:], fence)
			if j < 0 {
				break
			}
			j += k
			if (j+n == len(line) || line[j+n] != '`') && line[j-1] != '`' {
				end = j
				break
			}
			k = j + n
		}
		if end < 0 {
			b.WriteString(fence)
			i += n
			continue
		}
		i = end + n
	}
	return b.String()
}

func TestHostileGradescope(t *testing.T) {
	in := hostileInput()
	in.Batch, in.Entries, in.Pairs = false, in.Entries[:1], nil
	out := renderHostile(t, "gradescope", in)
	var res struct {
		Output string `json:"output"`
		Tests  []struct {
			Output string `json:"output"`
		} `json:"tests"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	noControls(t, "gradescope output", res.Output)
	for _, tc := range res.Tests {
		noControls(t, "gradescope test output", tc.Output)
	}
}
