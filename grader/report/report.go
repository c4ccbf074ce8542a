// Package report renders scorecards for people and for other tools: one
// registry of output formats ([Formats]) that 'grader grade --format'
// and 'grader report --format' share.
//
// A format is a name, the file extensions that select it for --out, and
// a render function over an [Input]: one scorecard or several (a batch's
// results folder), with, when they are at hand, the graded source files
// and the similarity pairs of the batch. Every render function is a pure
// function of its Input: what a candidate may see is decided before
// rendering, by transforming the scorecards, so a redaction applies to
// every format alike.
//
// The formats:
//
//	text        the scorecard for a terminal (scorecard.WriteText); for
//	            several, a leaderboard then each scorecard.
//	json        the scorecard's wire format (scorecard.WriteJSON); for
//	            several, a JSON array of scorecards.
//	markdown    for a hiring note or a CI step summary: the totals, the
//	            suites, the failures with their messages in code blocks;
//	            for several, a leaderboard first.
//	junit       JUnit XML in the conventions gotestsum writes: one
//	            testsuite per suite graded, one testcase per hidden test
//	            (classname EXERCISE/SUITE), failure and skipped elements.
//	html        one self-contained page (inline CSS and SVG, no script,
//	            nothing fetched), for one scorecard or a batch.
//	gradescope  Gradescope's autograder results.json, for one scorecard.
//
// Everything a candidate's code printed reaches the renderers through
// the scorecards' messages: every format but text and json (which are
// the scorecard as it is) first drops terminal escape sequences,
// control characters and invalid UTF-8 from every string of the input;
// then the html format escapes it (html/template), the junit format
// writes it as XML character data, and the markdown format fences it in
// code blocks or escapes its markup.
package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/similarity"
)

// Input is what a format renders: one entry per scorecard, in the order
// they were given (a results folder's in name order), and the advisory
// similarity pairs of a batch.
type Input struct {
	Entries []Entry
	// Pairs are the batch's similarity pairs (similarity.json), most
	// alike first; empty when there are none or no similarity was run.
	Pairs []Pair
	// Failures are the batch's submissions that have no scorecard.
	Failures []Failure
	// Batch is true when the input came from a results folder or from
	// several scorecards: the formats that can show several do.
	Batch bool
}

// Entry is one graded submission.
type Entry struct {
	// Name names the submission in a batch: the scorecard file's name
	// without .json (a results folder names each NAME.json after the
	// submission).
	Name string
	Card *scorecard.Scorecard
	// Sources are the graded files (src/NAME/*.go in a results folder),
	// in name order; nil when they are not at hand.
	Sources []Source
}

// Label is how the entry is shown: the candidate label when the
// scorecard has one, else its name.
func (e Entry) Label() string {
	if e.Card != nil && e.Card.Candidate != "" {
		return e.Card.Candidate
	}
	return e.Name
}

// Source is one graded file.
type Source struct {
	Name string // the file's name in the package, e.g. "cache.go"
	Text string
}

// Pair is two submissions whose code is alike (similarity.json), with
// the shared regions side by side. It is evidence for a person to judge,
// never a verdict.
type Pair = similarity.Pair

// Region is one shared fragment: lines of A's file beside B's.
type Region = similarity.Region

// Span is a run of lines of one file, Start to End inclusive, from 1.
type Span = similarity.Span

// Failure is a submission of a batch that has no scorecard
// (errors/NAME.json in a results folder): it was refused as bad input,
// or the grader failed on it.
type Failure struct {
	Name  string
	Kind  string // "refused" or "error"
	Error string
}

// Options tune a rendering.
type Options struct {
	Color   bool // text: ANSI colours, for a terminal
	Verbose bool // text and markdown: list passing tests too
}

// Format is one output format of the registry.
type Format struct {
	Name string
	Doc  string
	// Exts are the --out file extensions that select this format
	// (lower case, with the dot). A format may share an extension with
	// an earlier one (gradescope's .json); the first format that lists
	// an extension is the one --out infers.
	Exts []string
	// Several reports whether the format can render more than one
	// scorecard.
	Several bool
	Render  func(w io.Writer, in *Input, o Options) error
}

// formats is the registry, in the order --help lists it.
var formats = []Format{
	{Name: "text", Doc: "the scorecard for a terminal", Exts: []string{".txt"}, Several: true, Render: renderText},
	{Name: "json", Doc: "the JSON scorecard (grader.scorecard/v1); several as an array", Exts: []string{".json"}, Several: true, Render: renderJSON},
	{Name: "markdown", Doc: "a hiring note or a CI step summary", Exts: []string{".md", ".markdown"}, Several: true, Render: renderMarkdown},
	{Name: "junit", Doc: "JUnit XML, one test case per hidden test", Exts: []string{".xml"}, Several: true, Render: renderJUnit},
	{Name: "html", Doc: "one self-contained page", Exts: []string{".html", ".htm"}, Several: true, Render: renderHTML},
	{Name: "gradescope", Doc: "Gradescope's autograder results.json", Exts: []string{".json"}, Render: renderGradescope},
}

// Formats returns the registry's formats, in the order help lists them.
func Formats() []Format { return slices.Clone(formats) }

// Names returns the formats' names.
func Names() []string {
	var names []string
	for _, f := range formats {
		names = append(names, f.Name)
	}
	return names
}

// UnknownFormatError is the error of [Lookup] for a name the registry
// does not hold.
type UnknownFormatError struct{ Name string }

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown format %q; the formats are %s", e.Name, strings.Join(Names(), ", "))
}

// Lookup returns the format named name.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, &UnknownFormatError{Name: name}
}

// ForPath returns the format an --out path's extension selects (case
// does not matter), and whether any does.
func ForPath(path string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == "" {
		return Format{}, false
	}
	for _, f := range formats {
		if slices.Contains(f.Exts, ext) {
			return f, true
		}
	}
	return Format{}, false
}

// Accepts reports whether the format may be written to path: path's
// extension selects no format, or lists this one among its formats.
func (f Format) Accepts(path string) bool {
	if _, ok := ForPath(path); !ok {
		return true
	}
	return slices.Contains(f.Exts, strings.ToLower(filepath.Ext(path)))
}

// ErrOneScorecard is returned by a format that renders exactly one
// scorecard when given several.
var ErrOneScorecard = errors.New("this format renders one scorecard at a time")

// Render renders in as the format named name.
func Render(w io.Writer, name string, in *Input, o Options) error {
	f, err := Lookup(name)
	if err != nil {
		return err
	}
	if len(in.Entries) == 0 {
		return errors.New("no scorecards to render")
	}
	if len(in.Entries) > 1 && !f.Several {
		return fmt.Errorf("%s: %w; render each NAME.json on its own", f.Name, ErrOneScorecard)
	}
	if f.Name != "text" && f.Name != "json" {
		var err error
		if in, err = sanitized(in); err != nil {
			return err
		}
	}
	return f.Render(w, in, o)
}

// Single returns an Input of one scorecard.
func Single(c *scorecard.Scorecard) *Input {
	return &Input{Entries: []Entry{{Name: strings.TrimSuffix(filepath.Base(c.Submission), filepath.Ext(c.Submission)), Card: c}}}
}

// ansi matches terminal escape sequences: CSI (colours, cursor moves),
// OSC (titles, hyperlinks) and two-character escapes.
var ansi = regexp.MustCompile(`\x1b(\[[0-9;?<=>!]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])`)

// clean makes text a candidate's code printed fit to show in a document:
// terminal escape sequences go, and every other control character but
// newline and tab becomes U+FFFD, as do invalid UTF-8 bytes.
func clean(s string) string {
	s = ansi.ReplaceAllString(s, "")
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

// passed counts a suite's passing tests.
func passed(s scorecard.Suite) int {
	n := 0
	for _, t := range s.Tests {
		if t.Status == scorecard.StatusPass {
			n++
		}
	}
	return n
}

// notRun says why a test of suite s has no result of its own, or "".
func notRun(s scorecard.Suite, t scorecard.Test) string {
	switch {
	case s.Gated:
		return "not run: fewer than half of the correctness tests pass"
	case s.Status == scorecard.StatusSkipped || t.Status == scorecard.StatusSkipped:
		return "not run: the suite was not selected"
	case t.Verdict == scorecard.VerdictNotRun:
		return "not run"
	}
	return ""
}

// testMessage is what a failing test's report says: the verdict, then
// the message.
func testMessage(t scorecard.Test) string {
	msg := clean(t.Message)
	switch {
	case msg == "":
		return string(t.Verdict)
	case t.Verdict == scorecard.VerdictPassed || t.Verdict == scorecard.VerdictFailed:
		return msg
	}
	return string(t.Verdict) + ": " + msg
}

// firstLine is s's first line, cut to n runes.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

// ranked returns the entries best first: by score, then by name.
func ranked(in *Input) []Entry {
	es := slices.Clone(in.Entries)
	slices.SortStableFunc(es, func(a, b Entry) int {
		if a.Card.Score != b.Card.Score {
			if a.Card.Score > b.Card.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return es
}

// flagged returns, for each entry in a similarity pair, its most
// similar pair.
func flagged(in *Input) map[string]Pair {
	m := map[string]Pair{}
	for _, p := range in.Pairs {
		for _, n := range []string{p.A, p.B} {
			if q, ok := m[n]; !ok || p.Similarity > q.Similarity {
				m[n] = p
			}
		}
	}
	return m
}

// labelOf is how the entry named name is shown (see [Entry.Label]).
func labelOf(in *Input, name string) string {
	for _, e := range in.Entries {
		if e.Name == name {
			return e.Label()
		}
	}
	return name
}

// suiteCell is a suite's score as a leaderboard shows it.
func suiteCell(c *scorecard.Scorecard, name string) string {
	s := c.Suite(name)
	switch {
	case s == nil:
		return "–"
	case s.Status == scorecard.StatusSkipped:
		return "skipped"
	case s.Gated:
		return "withheld"
	}
	return fmt.Sprintf("%.1f/%g", s.Score, s.MaxScore)
}

// ratio formats a latency ratio with the precision it deserves.
func ratio(v float64) string {
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f×", v)
	case v < 100:
		return fmt.Sprintf("%.1f×", v)
	}
	return fmt.Sprintf("%.0f×", v)
}

// sanitized returns a copy of in whose every string a candidate could
// have influenced is passed through clean: the scorecards' fields, the
// names, the sources. The renderers of documents (all but text and
// json, which are the scorecard as it is) render only such a copy.
func sanitized(in *Input) (*Input, error) {
	out := &Input{Batch: in.Batch}
	for _, f := range in.Failures {
		out.Failures = append(out.Failures, Failure{Name: clean(f.Name), Kind: clean(f.Kind), Error: clean(f.Error)})
	}
	for _, e := range in.Entries {
		data, err := json.Marshal(e.Card)
		if err != nil {
			return nil, err
		}
		var c scorecard.Scorecard
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, err
		}
		cleanStrings(reflect.ValueOf(&c).Elem())
		ne := Entry{Name: clean(e.Name), Card: &c}
		for _, s := range e.Sources {
			ne.Sources = append(ne.Sources, Source{Name: clean(s.Name), Text: clean(s.Text)})
		}
		out.Entries = append(out.Entries, ne)
	}
	for _, p := range in.Pairs {
		q := p
		q.A, q.B = clean(p.A), clean(p.B)
		q.Regions = slices.Clone(p.Regions)
		for i := range q.Regions {
			q.Regions[i].A.File, q.Regions[i].B.File = clean(q.Regions[i].A.File), clean(q.Regions[i].B.File)
		}
		out.Pairs = append(out.Pairs, q)
	}
	return out, nil
}

// cleanStrings cleans every string reachable from v in place.
func cleanStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(clean(v.String()))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			cleanStrings(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			cleanStrings(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanStrings(v.Index(i))
		}
	}
}

// batchTitle is a batch's heading: its exercises and how many
// submissions it holds, graded or not.
func batchTitle(in *Input) string {
	var exs []string
	for _, e := range in.Entries {
		if !slices.Contains(exs, e.Card.Exercise) {
			exs = append(exs, e.Card.Exercise)
		}
	}
	t := fmt.Sprintf("%s: %d submissions", strings.Join(exs, ", "), len(in.Entries)+len(in.Failures))
	if n := len(in.Failures); n > 0 {
		t += fmt.Sprintf(" (%d not graded)", n)
	}
	return t
}

// suitesOf returns the suites of the scorecards in, in scorecard order:
// a table's suite columns (see scorecard.SuitesIn).
func suitesOf(in *Input) []string {
	var cards []*scorecard.Scorecard
	for _, e := range in.Entries {
		cards = append(cards, e.Card)
	}
	return scorecard.SuitesIn(cards...)
}
