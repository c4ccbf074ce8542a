package watch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hiringtools/grader/grader/scorecard"
)

// SessionSchema is the schema of every [Record] line of a session file.
const SessionSchema = "grader.session/v1"

// Record is one finished grading of a watch session, as a line of a
// session file (JSON lines, appended by 'grader watch --record'). A file
// may hold several sessions, told apart by Session. Canceled gradings and
// saves that left the package unchanged are not recorded.
type Record struct {
	Schema     string        `json:"schema"`            // SessionSchema
	Session    time.Time     `json:"session"`           // when the watch started
	Run        int           `json:"run"`               // the grading's number in the session, from 1
	Time       time.Time     `json:"time"`              // when the grading started: the save it graded
	Exercise   string        `json:"exercise"`          // the exercise's slug
	SHA256     string        `json:"submission_sha256"` // the package's content hash
	Score      float64       `json:"score"`
	MaxScore   float64       `json:"max_score"`
	Build      string        `json:"build"` // ok, failed, rejected: as the scorecard's build status
	Suites     []RecordSuite `json:"suites"`
	DurationMS int64         `json:"duration_ms"`
}

// RecordSuite is a suite's result in a [Record].
type RecordSuite struct {
	Name     string  `json:"name"`
	Status   string  `json:"status"` // as the scorecard's: pass, fail, error, skipped, withheld
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
}

// NewRecord is the record of grading run of a session, which started at
// started and gave card.
func NewRecord(session time.Time, run int, started time.Time, card *scorecard.Scorecard) Record {
	r := Record{Schema: SessionSchema, Session: session.UTC(), Run: run, Time: started.UTC(), Exercise: card.Exercise,
		SHA256: card.SHA256, Score: card.Score, MaxScore: card.MaxScore, Build: card.Build.Status,
		Suites: []RecordSuite{}, DurationMS: card.DurationMS}
	for _, s := range card.Suites {
		r.Suites = append(r.Suites, RecordSuite{Name: s.Name, Status: s.Status, Score: s.Score, MaxScore: s.MaxScore})
	}
	return r
}

// AppendRecord appends r to the session file at path as one line, with
// one write, creating the file if need be.
func AppendRecord(path string, r Record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteRecords writes recs as JSON lines, as a session file holds them.
func WriteRecords(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// ReadSession reads a session file's records. Blank lines are skipped; a
// line that is not a record of [SessionSchema] is an error naming it.
func ReadSession(r io.Reader) ([]Record, error) {
	var recs []Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("line %d is not a session record: %w", n, err)
		}
		if rec.Schema != SessionSchema {
			return nil, fmt.Errorf("line %d has schema %q, and this grader reads %q", n, rec.Schema, SessionSchema)
		}
		recs = append(recs, rec)
	}
	return recs, sc.Err()
}

// Timeline is one watch session, drawn: its gradings in order, when each
// suite first passed, when a suite that passed stopped passing, and when
// every selected suite first passed together.
//
// A grading whose submission did not build (or broke the policy) is
// shown but neither passes nor regresses a suite: broken code mid-edit
// is a normal state, not a step back.
type Timeline struct {
	Exercise string
	Session  time.Time
	Gradings []Record
	// Suites are the suites selected in the session, in scorecard order.
	Suites []string
	// FirstPass maps a suite to the index in Gradings where it first
	// passed; a suite that never passed is absent.
	FirstPass map[string]int
	// Regressions are the suites that stopped passing, in order.
	Regressions []Regression
	// FirstGreen is the index of the first grading where every selected
	// suite passed, or -1.
	FirstGreen int
}

// Regression is a suite that passed in Gradings[From] and not in
// Gradings[At], the next grading that built; Back is the index where it
// passed again, or -1.
type Regression struct {
	Suite       string
	From, At    int
	Back        int
	Status      string  // its status at At: fail, withheld, error
	Score, Max  float64 // its score at At
	BeforeScore float64 // its score at From
}

// Timelines groups records into sessions, in the order they first appear,
// and draws each.
func Timelines(recs []Record) []Timeline {
	var out []Timeline
	index := map[time.Time]int{}
	for _, r := range recs {
		i, ok := index[r.Session]
		if !ok {
			i = len(out)
			index[r.Session] = i
			out = append(out, Timeline{Exercise: r.Exercise, Session: r.Session})
		}
		out[i].Gradings = append(out[i].Gradings, r)
	}
	for i := range out {
		out[i].draw()
	}
	return out
}

func (t *Timeline) draw() {
	t.FirstPass, t.FirstGreen = map[string]int{}, -1
	selected := map[string]bool{}
	for _, g := range t.Gradings {
		for _, s := range g.Suites {
			if s.Status != scorecard.StatusSkipped {
				selected[s.Name] = true
			}
		}
	}
	t.Suites = nil
	for _, n := range scorecard.SuiteNames {
		if selected[n] {
			t.Suites = append(t.Suites, n)
		}
	}
	passing := map[string]int{} // suite -> the grading where it last passed, while it passes
	open := map[string]int{}    // suite -> its open regression
	for i, g := range t.Gradings {
		if g.Build != scorecard.BuildOK {
			continue
		}
		green := len(t.Suites) > 0
		for _, name := range t.Suites {
			s, ok := suiteOf(g, name)
			if !ok || s.Status == scorecard.StatusSkipped {
				green = false
				continue
			}
			if s.Status == scorecard.StatusPass {
				if _, ok := t.FirstPass[name]; !ok {
					t.FirstPass[name] = i
				}
				if r, ok := open[name]; ok {
					t.Regressions[r].Back = i
					delete(open, name)
				}
				passing[name] = i
				continue
			}
			green = false
			if from, ok := passing[name]; ok {
				before, _ := suiteOf(t.Gradings[from], name)
				open[name] = len(t.Regressions)
				t.Regressions = append(t.Regressions, Regression{Suite: name, From: from, At: i, Back: -1,
					Status: s.Status, Score: s.Score, Max: s.MaxScore, BeforeScore: before.Score})
				delete(passing, name)
			}
		}
		if green && t.FirstGreen < 0 {
			t.FirstGreen = i
		}
	}
}

func suiteOf(g Record, name string) (RecordSuite, bool) {
	for _, s := range g.Suites {
		if s.Name == name {
			return s, true
		}
	}
	return RecordSuite{}, false
}

// elapsed is the time of grading i since the session started.
func (t *Timeline) elapsed(i int) string {
	d := t.Gradings[i].Time.Sub(t.Session)
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("+%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("+%d:%02d", m, s)
}

// cell is suite name's result in grading g, as a table shows it.
func cell(g Record, name string) string {
	if g.Build == scorecard.BuildFailed {
		return "build failed"
	}
	if g.Build == scorecard.BuildRejected {
		return "policy"
	}
	s, ok := suiteOf(g, name)
	if !ok {
		return ""
	}
	switch s.Status {
	case scorecard.StatusPass:
		return fmt.Sprintf("✓ %g/%g", s.Score, s.MaxScore)
	case scorecard.StatusFail:
		return fmt.Sprintf("✗ %g/%g", s.Score, s.MaxScore)
	}
	return s.Status
}

// changes says what grading i changed: suites that passed for the first
// time, stopped passing, or passed again.
func (t *Timeline) changes(i int) string {
	var out []string
	for _, name := range t.Suites {
		if first, ok := t.FirstPass[name]; ok && first == i {
			out = append(out, name+" passes")
		}
	}
	for _, r := range t.Regressions {
		switch i {
		case r.At:
			out = append(out, r.Suite+" regressed")
		case r.Back:
			out = append(out, r.Suite+" passes again")
		}
	}
	if t.FirstGreen == i {
		out = append(out, "all green")
	}
	return strings.Join(out, ", ")
}

// summary is the lines under the table: each suite's first pass and
// regressions, and the time to first green.
func (t *Timeline) summary() []string {
	var out []string
	for _, name := range t.Suites {
		line := name + ": "
		if i, ok := t.FirstPass[name]; ok {
			line += fmt.Sprintf("first passed at %s (#%d)", t.elapsed(i), t.Gradings[i].Run)
		} else {
			line += "never passed"
		}
		for _, r := range t.Regressions {
			if r.Suite != name {
				continue
			}
			line += fmt.Sprintf("; regressed at %s (#%d: %s %g/%g, after passing at #%d)", t.elapsed(r.At), t.Gradings[r.At].Run,
				r.Status, r.Score, r.Max, t.Gradings[r.From].Run)
			if r.Back >= 0 {
				line += fmt.Sprintf(", passed again at %s (#%d)", t.elapsed(r.Back), t.Gradings[r.Back].Run)
			}
		}
		out = append(out, line)
	}
	if t.FirstGreen >= 0 {
		out = append(out, fmt.Sprintf("time to first green: %s (#%d, every selected suite passed)",
			t.elapsed(t.FirstGreen), t.Gradings[t.FirstGreen].Run))
	} else {
		best := 0
		for i, g := range t.Gradings {
			if g.Score > t.Gradings[best].Score {
				best = i
			}
		}
		out = append(out, fmt.Sprintf("time to first green: not reached (best score %g/%g at %s, #%d)",
			t.Gradings[best].Score, t.Gradings[best].MaxScore, t.elapsed(best), t.Gradings[best].Run))
	}
	return out
}

func (t *Timeline) heading() string {
	last := t.Gradings[len(t.Gradings)-1]
	return fmt.Sprintf("session %s, started %s: %d grading(s) over %s", t.Exercise, t.Session.UTC().Format("2006-01-02 15:04:05 UTC"),
		len(t.Gradings), last.Time.Sub(t.Session).Round(time.Second))
}

// WriteTimelineText writes timelines for a terminal.
func WriteTimelineText(w io.Writer, ts []Timeline) error {
	var b bytes.Buffer
	for k, t := range ts {
		if k > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n\n", t.heading())
		var table bytes.Buffer
		tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  elapsed\tgrading\tscore\t%s\tchange\n", strings.Join(t.Suites, "\t"))
		for i, g := range t.Gradings {
			cells := make([]string, len(t.Suites))
			for j, name := range t.Suites {
				cells[j] = cell(g, name)
			}
			fmt.Fprintf(tw, "  %s\t#%d\t%g/%g\t%s\t%s\n", t.elapsed(i), g.Run, g.Score, g.MaxScore, strings.Join(cells, "\t"), t.changes(i))
		}
		tw.Flush()
		for _, l := range strings.Split(strings.TrimSuffix(table.String(), "\n"), "\n") {
			fmt.Fprintf(&b, "%s\n", strings.TrimRight(l, " "))
		}
		b.WriteString("\n")
		for _, l := range t.summary() {
			fmt.Fprintf(&b, "%s\n", l)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteTimelineMarkdown writes timelines as Markdown: a heading, a table
// and a list per session.
func WriteTimelineMarkdown(w io.Writer, ts []Timeline) error {
	var b bytes.Buffer
	for k, t := range ts {
		if k > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## %s\n\n", t.heading())
		fmt.Fprintf(&b, "| elapsed | grading | score | %s | change |\n", strings.Join(t.Suites, " | "))
		fmt.Fprintf(&b, "|---|---|---|%s---|\n", strings.Repeat("---|", len(t.Suites)))
		for i, g := range t.Gradings {
			cells := make([]string, len(t.Suites))
			for j, name := range t.Suites {
				cells[j] = cell(g, name)
			}
			fmt.Fprintf(&b, "| %s | #%d | %g/%g | %s | %s |\n", t.elapsed(i), g.Run, g.Score, g.MaxScore, strings.Join(cells, " | "), t.changes(i))
		}
		b.WriteString("\n")
		for _, l := range t.summary() {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
