package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hiringtools/grader/grader/scorecard"
)

// renderText writes one scorecard exactly as scorecard.WriteText does;
// several as a leaderboard, then each scorecard under its name.
func renderText(w io.Writer, in *Input, o Options) error {
	if !in.Batch && len(in.Entries) == 1 {
		return scorecard.WriteText(w, in.Entries[0].Card, scorecard.TextOptions{Color: o.Color, Verbose: o.Verbose})
	}
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "#\tsubmission\tscore\t%s\tbuild\tflags\n", strings.Join(suitesOf(in), "\t"))
	sim := flagged(in)
	for i, e := range ranked(in) {
		cells := []string{fmt.Sprint(i + 1), textCell(e.Label()), fmt.Sprintf("%.1f", e.Card.Score)}
		for _, n := range suitesOf(in) {
			cells = append(cells, suiteCell(e.Card, n))
		}
		cells = append(cells, e.Card.Build.Status, strings.Join(entryFlags(in, e, sim), ", "))
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
	var b strings.Builder
	for _, l := range strings.SplitAfter(table.String(), "\n") {
		b.WriteString(strings.TrimRight(l, " \n"))
		if strings.HasSuffix(l, "\n") {
			b.WriteString("\n")
		}
	}
	if len(in.Failures) > 0 {
		fmt.Fprintf(&b, "\nnot graded (no scorecard):\n")
		for _, f := range in.Failures {
			fmt.Fprintf(&b, "  %s (%s): %s\n", textCell(f.Name), textCell(f.Kind), textCell(f.Error))
		}
	}
	if len(in.Pairs) > 0 {
		fmt.Fprintf(&b, "\nsimilar code (advisory: evidence for a person to judge, not a verdict)\n")
		for _, p := range in.Pairs {
			fmt.Fprintf(&b, "  %s ~ %s  %.0f%%, longest shared fragment %d lines\n", textCell(labelOf(in, p.A)), textCell(labelOf(in, p.B)), p.Similarity*100, p.Longest)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, e := range in.Entries {
		fmt.Fprintf(w, "\n── %s ──\n", textCell(e.Label()))
		if err := scorecard.WriteText(w, e.Card, scorecard.TextOptions{Color: o.Color, Verbose: o.Verbose}); err != nil {
			return err
		}
	}
	return nil
}

// textCell is s on one line, without control characters.
func textCell(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// entryFlags are what a leaderboard flags about an entry: similar
// code, weaker isolation, uncommitted changes.
func entryFlags(in *Input, e Entry, sim map[string]Pair) []string {
	var flags []string
	if p, ok := sim[e.Name]; ok {
		other := p.A
		if other == e.Name {
			other = p.B
		}
		flags = append(flags, fmt.Sprintf("similar to %s: %.0f%% (advisory)", labelOf(in, other), p.Similarity*100))
	}
	if lvl := e.Card.Isolation.Level; lvl != "" && lvl != "bwrap+cgroup" {
		flags = append(flags, "isolation "+lvl)
	}
	if e.Card.Dirty {
		flags = append(flags, "uncommitted changes")
	}
	return flags
}

// renderJSON writes one scorecard as scorecard.WriteJSON does; several
// as a JSON array of scorecards.
func renderJSON(w io.Writer, in *Input, _ Options) error {
	if !in.Batch && len(in.Entries) == 1 {
		return scorecard.WriteJSON(w, in.Entries[0].Card)
	}
	cards := make([]*scorecard.Scorecard, len(in.Entries))
	for i, e := range in.Entries {
		cards[i] = e.Card
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(cards)
}
