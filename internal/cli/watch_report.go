package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hiringtools/grader/grader/watch"
)

// isSessionFile reports whether 'grader report' was given a watch
// session (JSON lines written by 'grader watch --record') rather than a
// scorecard.
func isSessionFile(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".jsonl")
}

// runSessionReport draws a session file as a timeline: as text, as
// Markdown, or as its records (json). The format is --format's, else
// --out's extension's (.md for Markdown), else text.
func runSessionReport(s Streams, opts *reportOptions) error {
	path, format := opts.paths[0], opts.format
	if format == "" {
		format = "text"
		switch strings.ToLower(filepath.Ext(opts.out)) {
		case ".md", ".markdown":
			format = "markdown"
		case ".json", ".jsonl":
			format = "json"
		}
	}
	switch format {
	case "text", "markdown", "json":
	default:
		return usagef("--format %q: a session is drawn as text or markdown (or json, its records)", format)
	}
	if opts.out != "" {
		if err := checkOut(opts.out); err != nil {
			return err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return usagef("%v; pass a session file written by 'grader watch --record'", err)
	}
	defer f.Close()
	recs, err := watch.ReadSession(f)
	if err != nil {
		return usagef("%s: %v; pass a session file written by 'grader watch --record'", path, err)
	}
	if len(recs) == 0 {
		return usagef("%s holds no grading yet; 'grader watch --record %s' appends one per grading", path, path)
	}
	ts := watch.Timelines(recs)
	var buf bytes.Buffer
	switch format {
	case "markdown":
		err = watch.WriteTimelineMarkdown(&buf, ts)
	case "json":
		err = watch.WriteRecords(&buf, recs)
	default:
		err = watch.WriteTimelineText(&buf, ts)
	}
	if err != nil {
		return err
	}
	return writeOutput(s, opts.out, buf.Bytes(), func() string {
		return fmt.Sprintf("%s timeline of %d grading(s) written to %s", format, len(recs), opts.out)
	})
}
