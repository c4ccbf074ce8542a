package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/scorecard"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/* (and docs/report-batch.png) from the renderers' current output")

// The inputs of the golden files: scorecards of real gradings of
// ttlcache (testdata/batch, see testdata/README.md), one at a time and
// as the batch's results folder.
var inputs = []struct {
	name  string
	paths []string
	view  string // the scorecards' view (scorecard.View); "" for the interviewer's
}{
	{"ada", []string{"testdata/batch/ada.json"}, ""},                            // race, leak and latency failures; sources beside it
	{"bo", []string{"testdata/batch/bo.json"}, ""},                              // a build failure
	{"stub", []string{"testdata/batch/stub.json"}, ""},                          // correctness below half: the other suites withheld
	{"ref", []string{"testdata/batch/ref.json"}, ""},                            // the reference: full marks
	{"batch", []string{"testdata/batch"}, ""},                                   // the results folder, with similarity.json
	{"two", []string{"testdata/batch/ada.json", "testdata/batch/ref.json"}, ""}, // two cards named on the command line
	{"ada-candidate", []string{"testdata/batch/ada.json"}, scorecard.ViewCandidate},
}

func ext(format string) string {
	if format == "gradescope" {
		return ".gradescope.json"
	}
	f, _ := report.Lookup(format)
	return f.Exts[0]
}

func TestGolden(t *testing.T) {
	for _, in := range inputs {
		for _, f := range report.Formats() {
			several := in.name == "batch" || in.name == "two"
			if f.Name == "json" && !several && in.view == "" || in.name == "two" && f.Name == "html" {
				continue // TestTextAndJSONUnchanged covers one card's JSON; batch.html covers a batch's page
			}
			t.Run(in.name+"/"+f.Name, func(t *testing.T) {
				got, err := renderView(t, f.Name, in.view, in.paths...)
				if several {
					if !f.Several {
						if !errors.Is(err, report.ErrOneScorecard) {
							t.Fatalf("%s of several scorecards: got error %v, want ErrOneScorecard", f.Name, err)
						}
						return
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", "golden", in.name+ext(f.Name)), got)
			})
		}
	}
}

func render(t *testing.T, format string, paths ...string) ([]byte, error) {
	t.Helper()
	return renderView(t, format, "", paths...)
}

// renderView renders the scorecards at paths in view, as 'grader report
// --view' does.
func renderView(t *testing.T, format, view string, paths ...string) ([]byte, error) {
	t.Helper()
	in, err := report.Load(paths...)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in.Entries {
		if in.Entries[i].Card, err = scorecard.View(in.Entries[i].Card, view); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	err = report.Render(&buf, format, in, report.Options{})
	return buf.Bytes(), err
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test -update", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is meant, run go test -update:\n%s", path, diff)
	}
}

// The text and json formats of one scorecard are what grade always
// wrote: scorecard.WriteText and scorecard.WriteJSON, byte for byte.
func TestTextAndJSONUnchanged(t *testing.T) {
	for _, in := range inputs[:4] {
		f, err := os.Open(in.paths[0])
		if err != nil {
			t.Fatal(err)
		}
		card, err := scorecard.ReadJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []report.Options{{}, {Verbose: true}, {Color: true}} {
			var want, got bytes.Buffer
			scorecard.WriteText(&want, card, scorecard.TextOptions{Color: o.Color, Verbose: o.Verbose})
			if err := report.Render(&got, "text", report.Single(card), o); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("%s: text %+v differs from WriteText (-want +got):\n%s", in.name, o, diff)
			}
		}
		var want, got bytes.Buffer
		scorecard.WriteJSON(&want, card)
		if err := report.Render(&got, "json", report.Single(card), report.Options{}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Errorf("%s: json differs from WriteJSON (-want +got):\n%s", in.name, diff)
		}
	}
}

// The candidate view renders in every format with each failing test's
// description and none of the messages it left out.
func TestCandidateViewInEveryFormat(t *testing.T) {
	card := readCard(t, "testdata/batch/ada.json")
	var hidden, shown []string
	for _, s := range card.Suites {
		for _, tc := range s.Tests {
			if tc.Status == scorecard.StatusFail && tc.Message != "" {
				hidden = append(hidden, firstWords(tc.Message))
				if tc.Description != "" {
					shown = append(shown, tc.Description)
				}
			}
		}
	}
	if len(hidden) == 0 || len(shown) == 0 {
		t.Fatalf("testdata/batch/ada.json has %d failure messages and %d descriptions of failing tests; want some of each", len(hidden), len(shown))
	}
	for _, f := range report.Formats() {
		out, err := renderView(t, f.Name, scorecard.ViewCandidate, "testdata/batch/ada.json")
		if err != nil {
			t.Fatal(err)
		}
		text := html.UnescapeString(string(out))
		for _, h := range hidden {
			if strings.Contains(text, h) {
				t.Errorf("%s: the candidate view shows %q", f.Name, h)
			}
		}
		if f.Name == "text" {
			continue // scorecard.WriteText's own business
		}
		for _, d := range shown {
			if !strings.Contains(text, d) && !strings.Contains(text, strings.ReplaceAll(d, "\"", "\\\"")) {
				t.Errorf("%s: the candidate view lacks the description %q", f.Name, d)
			}
		}
	}
}

// firstWords is the start of a message, enough to recognise it.
func firstWords(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

func TestRegistry(t *testing.T) {
	if diff := cmp.Diff([]string{"text", "json", "markdown", "junit", "html", "gradescope"}, report.Names()); diff != "" {
		t.Errorf("Names() (-want +got):\n%s", diff)
	}
	_, err := report.Lookup("xml")
	if err == nil || err.Error() != `unknown format "xml"; the formats are text, json, markdown, junit, html, gradescope` {
		t.Errorf("Lookup(xml) = %v; want the error to list the registry's names", err)
	}
	type testCase struct {
		path     string
		inferred string // "" when the extension selects no format
		accepts  []string
		refuses  []string
		reason   string
	}
	for _, tc := range []testCase{
		{path: "card.json", inferred: "json", accepts: []string{"json", "gradescope"}, refuses: []string{"text", "markdown", "html"},
			reason: "gradescope's results.json is JSON too, but a .json name alone means the scorecard"},
		{path: "results/CARD.JSON", inferred: "json", accepts: []string{"json"}},
		{path: "note.md", inferred: "markdown", accepts: []string{"markdown"}, refuses: []string{"text", "json"}},
		{path: "note.markdown", inferred: "markdown"},
		{path: "junit.xml", inferred: "junit", refuses: []string{"html"}},
		{path: "round1.html", inferred: "html"},
		{path: "round1.htm", inferred: "html"},
		{path: "card.txt", inferred: "text", refuses: []string{"json"}},
		{path: "card.out", accepts: []string{"text", "json", "markdown", "junit", "html", "gradescope"}, reason: "an unknown extension takes any format"},
		{path: "card", accepts: []string{"text", "json"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			f, ok := report.ForPath(tc.path)
			if got := map[bool]string{true: f.Name}[ok]; got != tc.inferred {
				t.Errorf("ForPath(%q) = %q; want %q (%s)", tc.path, got, tc.inferred, tc.reason)
			}
			for _, name := range tc.accepts {
				if f, _ := report.Lookup(name); !f.Accepts(tc.path) {
					t.Errorf("%s refuses %s; want it accepted", name, tc.path)
				}
			}
			for _, name := range tc.refuses {
				if f, _ := report.Lookup(name); f.Accepts(tc.path) {
					t.Errorf("%s accepts %s; want it refused", name, tc.path)
				}
			}
		})
	}
}

// The junit golden files are valid XML of gotestsum's shape, with one
// test case per hidden test, classed EXERCISE/SUITE.
func TestJUnitShape(t *testing.T) {
	type junit struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Fail  int    `xml:"failures,attr"`
			Skip  int    `xml:"skipped,attr"`
			Cases []struct {
				Classname string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Time      string `xml:"time,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	for _, in := range []string{"ada", "stub", "bo"} {
		out, err := render(t, "junit", "testdata/batch/"+in+".json")
		if err != nil {
			t.Fatal(err)
		}
		var doc junit
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("%s: not XML: %v", in, err)
		}
		card := readCard(t, "testdata/batch/"+in+".json")
		if len(doc.Suites) != len(card.Suites) {
			t.Fatalf("%s: %d testsuites, want one per suite (%d)", in, len(doc.Suites), len(card.Suites))
		}
		for i, s := range card.Suites {
			js := doc.Suites[i]
			if js.Name != card.Exercise+"/"+s.Name || len(js.Cases) != len(s.Tests) || js.Tests != len(s.Tests) {
				t.Errorf("%s: testsuite %q has %d cases (tests=%d); want %s/%s with %d", in, js.Name, len(js.Cases), js.Tests, card.Exercise, s.Name, len(s.Tests))
				continue
			}
			fails, skips := 0, 0
			for k, tc := range js.Cases {
				test := s.Tests[k]
				if tc.Name != test.Name || tc.Classname != js.Name {
					t.Errorf("%s: case %s of class %s; want %s of %s", in, tc.Name, tc.Classname, test.Name, js.Name)
				}
				switch {
				case tc.Skipped != nil:
					skips++
					if !s.Gated && s.Status != scorecard.StatusSkipped {
						t.Errorf("%s: %s is skipped in a suite that ran", in, tc.Name)
					}
				case tc.Failure != nil:
					fails++
					if test.Status == scorecard.StatusPass || tc.Failure.Type != string(test.Verdict) || tc.Failure.Text == "" {
						t.Errorf("%s: %s: failure %+v for a test with status %s, verdict %s", in, tc.Name, tc.Failure, test.Status, test.Verdict)
					}
				default:
					if test.Status != scorecard.StatusPass {
						t.Errorf("%s: %s has neither failure nor skipped, and status %s", in, tc.Name, test.Status)
					}
				}
			}
			if fails != js.Fail || skips != js.Skip {
				t.Errorf("%s: %s counts failures=%d skipped=%d; its cases have %d and %d", in, js.Name, js.Fail, js.Skip, fails, skips)
			}
		}
	}
}

// Gradescope's results.json: the top-level score is the scorecard's, and
// each suite's tests are worth its weight.
func TestGradescopeScores(t *testing.T) {
	for _, in := range []string{"ada", "ref", "stub", "bo"} {
		out, err := render(t, "gradescope", "testdata/batch/"+in+".json")
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Score float64 `json:"score"`
			Tests []struct {
				Name       string   `json:"name"`
				Score      *float64 `json:"score"`
				MaxScore   *float64 `json:"max_score"`
				Status     string   `json:"status"`
				Output     *string  `json:"output"`
				Visibility string   `json:"visibility"`
				Tags       []string `json:"tags"`
			} `json:"tests"`
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&struct {
			Score            float64 `json:"score"`
			ExecutionTime    int64   `json:"execution_time"`
			Output           string  `json:"output"`
			OutputFormat     string  `json:"output_format"`
			TestOutputFormat string  `json:"test_output_format"`
			Visibility       string  `json:"visibility"`
			StdoutVisibility string  `json:"stdout_visibility"`
			Tests            any     `json:"tests"`
		}{}); err != nil {
			t.Fatalf("%s: a field Gradescope does not define, or not JSON: %v", in, err)
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatal(err)
		}
		card := readCard(t, "testdata/batch/"+in+".json")
		if res.Score != card.Score {
			t.Errorf("%s: score %g, want the scorecard's %g", in, res.Score, card.Score)
		}
		max, got := map[string]float64{}, map[string]float64{}
		n := 0
		for _, tc := range res.Tests {
			if tc.Score == nil || tc.MaxScore == nil || tc.Output == nil || tc.Visibility != "visible" || len(tc.Tags) != 1 {
				t.Fatalf("%s: test %+v lacks score, max_score, output, visibility or its suite tag", in, tc)
			}
			if (tc.Status == "passed") != (*tc.Score == *tc.MaxScore && *tc.MaxScore > 0) || (tc.Status != "passed" && tc.Status != "failed") {
				t.Errorf("%s: %s: status %q with score %g/%g", in, tc.Name, tc.Status, *tc.Score, *tc.MaxScore)
			}
			max[tc.Tags[0]] += *tc.MaxScore
			got[tc.Tags[0]] += *tc.Score
			n++
		}
		for _, s := range card.Suites {
			n -= len(s.Tests)
			if math.Abs(max[s.Name]-s.Weight) > 0.01*float64(len(s.Tests)) {
				t.Errorf("%s: %s tests are worth %g in all; want its weight %g", in, s.Name, max[s.Name], s.Weight)
			}
			if math.Abs(got[s.Name]-s.Score) > 0.1+0.01*float64(len(s.Tests)) {
				t.Errorf("%s: %s tests score %g in all; the scorecard says %g", in, s.Name, got[s.Name], s.Score)
			}
		}
		if n != 0 {
			t.Errorf("%s: %d tests more in results.json than in the scorecard", in, n)
		}
	}
}

func readCard(t *testing.T, path string) *scorecard.Scorecard {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := scorecard.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
