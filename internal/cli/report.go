package cli

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/internal/atomicfile"
)

type reportOptions struct {
	paths   []string
	format  string
	out     string
	verbose bool
	view    string
}

func newReportCmd(s Streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report CARD.json... | RESULTS",
		Short: "Render saved scorecards, or a batch's results folder, as text, JSON, Markdown, JUnit, HTML or Gradescope",
		Long: `report renders scorecards saved by 'grader grade --out card.json', or the results
folder of 'grader batch' (its NAME.json scorecards, the graded files under src/ and
the advisory similarity.json), in one of the formats 'grade --format' writes:

` + formatHelp() + `
--out takes the format from its extension (.md, .xml, .html, .json, .txt) unless
--format names one. Several scorecards, or a folder, render as a batch: a
leaderboard, then each scorecard.`,
		Example: `  grader grade ratelimiter ./sub --out card.json
  grader report card.json
  grader report -v card.json                          # passing tests too
  grader report card.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  grader report results/ --out round1.html             # a batch, as one page
  grader report results/ --format junit --out junit.xml
  grader report card.json --format gradescope --out /autograder/results/results.json
  grader report session.jsonl                         # a 'grader watch --record' session's timeline`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("usage: grader report CARD.json... | RESULTS [--format %s] [--out FILE]", strings.Join(report.Names(), "|"))
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runReport(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "output format: "+strings.Join(report.Names(), ", ")+" (default: from --out's extension, else text)")
	cmd.Flags().StringVar(&opts.out, "out", "", "write the report to this file instead of stdout")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions(report.Names()...))
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "list passing tests too")
	cmd.Flags().StringVar(&opts.view, "view", scorecard.ViewInterviewer, "whose scorecard: interviewer (all of it) or candidate (no hidden inputs, expected values or failure details)")
	cmd.RegisterFlagCompletionFunc("view", fixedCompletions(scorecard.Views...))
	return cmd
}

// formatHelp lists the registry's formats for --help.
func formatHelp() string {
	var b strings.Builder
	for _, f := range report.Formats() {
		fmt.Fprintf(&b, "  %-11s %s\n", f.Name, f.Doc)
	}
	return b.String()
}

// settleFormat checks --format and --out together, before anything is
// read or graded, and returns the format to write: the one named, else
// the one --out's extension selects, else text. A name whose extension
// belongs to other formats only (card.json with --format text) is a
// contradiction.
func settleFormat(format, out string) (report.Format, error) {
	var f report.Format
	if format != "" {
		var err error
		if f, err = report.Lookup(format); err != nil {
			return f, usagef("--format %q: use %s", format, orList(report.Names()))
		}
	}
	if out != "" {
		if err := checkOut(out); err != nil {
			return f, err
		}
		byExt, ok := report.ForPath(out)
		switch {
		case format == "" && ok:
			return byExt, nil
		case format != "" && !f.Accepts(out):
			ext := filepath.Ext(out)
			return f, usagef("--out %s is a %s file but --format is %s; drop --format, or write to a name not ending in %s", out, ext, format, ext)
		}
	}
	if format == "" {
		return report.Lookup("text")
	}
	return f, nil
}

// orList is "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func runReport(s Streams, opts *reportOptions) error {
	if len(opts.paths) == 1 && isSessionFile(opts.paths[0]) {
		return runSessionReport(s, opts)
	}
	if _, err := scorecard.View(scorecard.New("", ""), opts.view); err != nil {
		return usagef("--%v", err)
	}
	f, err := settleFormat(opts.format, opts.out)
	if err != nil {
		return err
	}
	in, err := report.Load(opts.paths...)
	var bad *report.InputError
	if errors.As(err, &bad) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	// The candidate view: each scorecard redacted, and no other
	// candidate's code (similarity pairs).
	for i := range in.Entries {
		in.Entries[i].Card, _ = scorecard.View(in.Entries[i].Card, opts.view)
	}
	if opts.view == scorecard.ViewCandidate {
		in.Pairs = nil
	}
	if len(in.Entries) > 1 && !f.Several {
		return usagef("--format %s renders one scorecard, and %d were given; render each NAME.json on its own", f.Name, len(in.Entries))
	}
	var buf bytes.Buffer
	o := report.Options{Color: s.color(s.OutTTY && opts.out == ""), Verbose: opts.verbose}
	if err := report.Render(&buf, f.Name, in, o); err != nil {
		return err
	}
	return writeOutput(s, opts.out, buf.Bytes(), func() string {
		return fmt.Sprintf("%s report of %d scorecard(s) written to %s", f.Name, len(in.Entries), opts.out)
	})
}

// writeOutput writes data to out (atomically) or, when out is "", to
// stdout; after writing a file it says so on stderr with done's line.
func writeOutput(s Streams, out string, data []byte, done func() string) error {
	if out == "" {
		_, err := s.Out.Write(data)
		return err
	}
	if err := atomicfile.Write(out, data, 0o644); err != nil {
		// Nothing is lost: the output goes to stdout.
		s.Out.Write(data)
		return fmt.Errorf("writing %s: %w; it is printed on stdout instead", out, err)
	}
	fmt.Fprintf(s.Err, "grader: %s\n", done())
	return nil
}
