package batch

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hiringtools/grader/grader/scorecard"
)

// suiteChanges lists the suites whose scores differ from old to new.
func suiteChanges(old, new *scorecard.Scorecard) []string {
	var out []string
	for _, name := range scorecard.SuiteNames {
		a, b := old.Suite(name), new.Suite(name)
		if a == nil || b == nil {
			continue
		}
		if d := math.Round((b.Score-a.Score)*10) / 10; d != 0 {
			out = append(out, fmt.Sprintf("%s %+.1f", name, d))
		}
	}
	return out
}

// Move is how a regrade changed one submission's result.
type Move struct {
	Name string
	// Before and After are the total scores; nil when there is no
	// scorecard (a new submission, or a failure).
	Before, After *float64
	// BeforeError and AfterError are the kinds of failure, if any.
	BeforeError, AfterError string
	// Suites are the suites whose scores changed, each as "race -15.0",
	// in scorecard order, when there are scorecards before and after.
	Suites []string
}

// Delta is After - Before, 0 when either is missing.
func (m Move) Delta() float64 {
	if m.Before == nil || m.After == nil {
		return 0
	}
	return math.Round((*m.After-*m.Before)*10) / 10
}

// Moved reports whether the result changed.
func (m Move) Moved() bool {
	return (m.Before == nil) != (m.After == nil) || m.Delta() != 0 || m.BeforeError != m.AfterError
}

// moves compares each new result with the old one in results; the
// submissions that moved most come first, then the unchanged, by name.
func moves(results *store, rs []Result) []Move {
	var out []Move
	for _, r := range rs {
		m := Move{Name: r.Name}
		old, ok := results.card(r.Name)
		if ok {
			m.Before = &old.Score
			if r.Card != nil {
				m.Suites = suiteChanges(old, r.Card)
			}
		} else if f, ok := results.failure(r.Name); ok {
			m.BeforeError = f.Kind
		}
		if r.Card != nil {
			m.After = &r.Card.Score
		} else if r.Failure != nil {
			m.AfterError = r.Failure.Kind
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Moved() != b.Moved() {
			return a.Moved()
		}
		if da, db := math.Abs(a.Delta()), math.Abs(b.Delta()); da != db {
			return da > db
		}
		return a.Name < b.Name
	})
	return out
}

// WriteMoves writes the moves as a text table, who moved, by how much
// and in which suites, then how many did not.
func WriteMoves(w io.Writer, ms []Move) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	same := 0
	for _, m := range ms {
		if !m.Moved() {
			same++
		}
	}
	if same < len(ms) {
		fmt.Fprintln(tw, "candidate\tbefore\tafter\tchange\tsuites")
	}
	for _, m := range ms {
		if !m.Moved() {
			continue
		}
		change := "-"
		switch {
		case m.Before == nil && m.BeforeError == "":
			change = "new"
		case m.Delta() != 0:
			change = fmt.Sprintf("%+.1f", m.Delta())
		}
		row := strings.Join([]string{printable(m.Name), scoreOr(m.Before, m.BeforeError), scoreOr(m.After, m.AfterError), change, strings.Join(m.Suites, ", ")}, "\t")
		fmt.Fprintln(tw, strings.TrimRight(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d moved, %d unchanged\n", len(ms)-same, same)
	return err
}

func scoreOr(s *float64, failure string) string {
	switch {
	case s != nil:
		return fmt.Sprintf("%.1f", *s)
	case failure != "":
		return failure
	}
	return "-"
}
