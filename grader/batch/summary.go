package batch

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
)

// Summary is a batch's results, one [Row] per submission, ranked.
type Summary struct {
	Exercise  string
	Threshold float64 // the pass mark, 0 for none
	// Suites are the suites of the scorecards, in scorecard order (see
	// scorecard.SuitesIn): the tables' suite columns.
	Suites []string
	Rows   []Row
}

// Row is one submission in a [Summary].
type Row struct {
	Name string
	// Total is the score out of 100; nil when the submission failed.
	Total *float64
	// Suites are the summary's suites, in scorecard order.
	Suites []SuiteScore
	// Build is the build status ("ok", "failed", "rejected"), or the
	// failure's kind ("refused", "error") when there is no scorecard.
	Build    string
	Duration time.Duration
	// Passed is the scorecard's verdict against the pass mark.
	Passed bool
	// Flags are what an interviewer should look at beyond the score:
	// "isolation:LEVEL" when the grading ran below full isolation,
	// "below N" under the pass mark, and what others add with
	// [Summary.Flag] (the similarity check's "similar").
	Flags []string
	// Error is the failure's message when there is no scorecard.
	Error string
}

// SuiteScore is one suite of a [Row].
type SuiteScore struct {
	Name   string
	Status string // the suite's status: pass, fail, withheld, skipped, error
	Score  float64
	Max    float64
}

// Summarize ranks results: the graded by total score (highest first),
// then by name; the failed last, by name.
func Summarize(exercise string, threshold float64, rs []Result) *Summary {
	s := &Summary{Exercise: exercise, Threshold: threshold}
	var cards []*scorecard.Scorecard
	for _, r := range rs {
		cards = append(cards, r.Card)
	}
	s.Suites = scorecard.SuitesIn(cards...)
	for _, r := range rs {
		row := Row{Name: r.Name}
		switch {
		case r.Card != nil:
			c := r.Card
			total := c.Score
			row.Total = &total
			row.Build = c.Build.Status
			row.Duration = time.Duration(c.DurationMS) * time.Millisecond
			row.Passed = c.Score >= threshold && c.Build.Status != scorecard.BuildFailed && c.Build.Status != scorecard.BuildRejected
			for _, name := range s.Suites {
				ss := SuiteScore{Name: name, Status: scorecard.StatusSkipped}
				if su := c.Suite(name); su != nil {
					ss = SuiteScore{Name: name, Status: su.Status, Score: su.Score, Max: su.MaxScore}
				}
				row.Suites = append(row.Suites, ss)
			}
			if c.Isolation.Level != string(sandbox.LevelFull) {
				row.Flags = append(row.Flags, "isolation:"+c.Isolation.Level)
			}
			if threshold > 0 && !row.Passed {
				row.Flags = append(row.Flags, "below "+strconv.FormatFloat(threshold, 'g', -1, 64))
			}
		case r.Failure != nil:
			row.Build = r.Failure.Kind
			row.Error = r.Failure.Error
		}
		s.Rows = append(s.Rows, row)
	}
	sort.SliceStable(s.Rows, func(i, j int) bool {
		a, b := s.Rows[i], s.Rows[j]
		if (a.Total == nil) != (b.Total == nil) {
			return a.Total != nil
		}
		if a.Total != nil && *a.Total != *b.Total {
			return *a.Total > *b.Total
		}
		return a.Name < b.Name
	})
	return s
}

// Flag adds flag to the row of name (once), and reports whether there is
// such a row. It is the hook for checks that look at the batch as a
// whole, such as similarity.
func (s *Summary) Flag(name, flag string) bool {
	for i := range s.Rows {
		if s.Rows[i].Name == name {
			if !slices.Contains(s.Rows[i].Flags, flag) {
				s.Rows[i].Flags = append(s.Rows[i].Flags, flag)
			}
			return true
		}
	}
	return false
}

// Counts are how a batch's submissions ended.
type Counts struct {
	Graded  int // with a scorecard
	Below   int // graded, and not passed (under the pass mark, or not built) while there is a pass mark
	Refused int // refused as bad input
	Errors  int // the grader failed
}

// Counts counts the rows.
func (s *Summary) Counts() Counts {
	var c Counts
	for _, r := range s.Rows {
		switch {
		case r.Total != nil:
			c.Graded++
			if s.Threshold > 0 && !r.Passed {
				c.Below++
			}
		case r.Build == FailureRefused:
			c.Refused++
		default:
			c.Errors++
		}
	}
	return c
}

// csvHeader is summary.csv's first line.
func csvHeader(suites []string) []string {
	h := []string{"candidate", "total", "passed"}
	h = append(h, suites...)
	return append(h, "build", "time_s", "flags", "error")
}

// WriteCSV writes the summary as CSV with a header line: candidate,
// total (empty for a failure), passed (true or false against the pass
// mark; empty when there is none), each suite's
// score (empty when not selected or no scorecard), build (the build
// status, or refused or error), time_s (the grading's wall time in
// seconds), flags (separated by ";") and error (a failure's message).
func (s *Summary) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader(s.Suites))
	for _, r := range s.Rows {
		rec := []string{r.Name, "", ""}
		if r.Total != nil {
			rec[1] = fmt.Sprintf("%.1f", *r.Total)
			if s.Threshold > 0 {
				rec[2] = strconv.FormatBool(r.Passed)
			}
		}
		for i := range s.Suites {
			cell := ""
			if r.Total != nil && r.Suites[i].Status != scorecard.StatusSkipped {
				cell = fmt.Sprintf("%.1f", r.Suites[i].Score)
			}
			rec = append(rec, cell)
		}
		secs := ""
		if r.Total != nil {
			secs = fmt.Sprintf("%.1f", r.Duration.Seconds())
		}
		rec = append(rec, r.Build, secs, strings.Join(r.Flags, ";"), r.Error)
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// cells returns a row's cells for the text and Markdown tables:
// candidate, total, the four suites, build, time, flags.
func (r Row) cells(suites int) []string {
	out := []string{printable(r.Name)}
	if r.Total == nil {
		for range 1 + suites {
			out = append(out, "-")
		}
		out = append(out, r.Build, "-")
	} else {
		out = append(out, fmt.Sprintf("%.1f", *r.Total))
		for _, su := range r.Suites {
			switch su.Status {
			case scorecard.StatusSkipped:
				out = append(out, "-")
			case scorecard.StatusWithheld:
				out = append(out, "withheld")
			default:
				out = append(out, fmt.Sprintf("%.1f/%g", su.Score, su.Max))
			}
		}
		out = append(out, r.Build, r.Duration.Round(time.Second).String())
	}
	return append(out, strings.Join(r.Flags, ", "))
}

func tableHeader(suites []string) []string {
	h := []string{"candidate", "total"}
	h = append(h, suites...)
	return append(h, "build", "time", "flags")
}

// WriteText writes the summary as an aligned text table, the failures'
// messages below it.
func (s *Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(tableHeader(s.Suites), "\t"))
	for _, r := range s.Rows {
		fmt.Fprintln(tw, strings.TrimRight(strings.Join(r.cells(len(s.Suites)), "\t"), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range s.Rows {
		if r.Total == nil {
			fmt.Fprintf(w, "%s: %s: %s\n", printable(r.Name), r.Build, printable(r.Error))
		}
	}
	return nil
}

// WriteMarkdown writes the summary as a Markdown section: a heading, the
// counts and pass mark, the ranked table and the failures' messages.
func (s *Summary) WriteMarkdown(w io.Writer) error {
	c := s.Counts()
	fmt.Fprintf(w, "# %s: %d submissions\n\n", mdEscape(s.Exercise), len(s.Rows))
	line := fmt.Sprintf("%d graded", c.Graded)
	if c.Refused > 0 {
		line += fmt.Sprintf(", %d refused", c.Refused)
	}
	if c.Errors > 0 {
		line += fmt.Sprintf(", %d not graded (grader error)", c.Errors)
	}
	if s.Threshold > 0 {
		line += fmt.Sprintf("; pass mark %g: %d below", s.Threshold, c.Below)
	}
	fmt.Fprintf(w, "%s.\n\n", line)
	h := append([]string{"#"}, tableHeader(s.Suites)...)
	fmt.Fprintf(w, "| %s |\n", strings.Join(h, " | "))
	fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(h)))
	for i, r := range s.Rows {
		cells := r.cells(len(s.Suites))
		for j := range cells {
			cells[j] = mdEscape(cells[j])
		}
		rank := strconv.Itoa(i + 1)
		if r.Total == nil {
			rank = ""
		}
		fmt.Fprintf(w, "| %s | %s |\n", rank, strings.Join(cells, " | "))
	}
	first := true
	for _, r := range s.Rows {
		if r.Total != nil {
			continue
		}
		if first {
			fmt.Fprint(w, "\n## Not graded\n\n")
			first = false
		}
		fmt.Fprintf(w, "- **%s** (%s): %s\n", mdEscape(r.Name), r.Build, mdEscape(r.Error))
	}
	return nil
}

// printable replaces control characters (a newline in a name or an
// error) so that each row stays one line.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// mdEscape makes s plain text in a Markdown table cell.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range printable(s) {
		if strings.ContainsRune("\\`*_{}[]<>()#+!|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
