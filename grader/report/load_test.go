package report_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/similarity"
)

// copyCards copies testdata/batch/NAME.json for each name into a new
// results folder, and returns it.
func copyCards(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "batch", n+".json"))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, n+".json"), string(data))
	}
	return dir
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFolder(t *testing.T) {
	in, err := report.Load("testdata/batch")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range in.Entries {
		names = append(names, e.Name)
		if len(e.Sources) != 1 {
			t.Errorf("%s: %d source files, want the one under src/%s", e.Name, len(e.Sources), e.Name)
		}
	}
	if diff := cmp.Diff([]string{"ada", "bo", "ref", "stub"}, names); diff != "" {
		t.Errorf("entries (-want +got), with manifest.json and summary.csv left alone:\n%s", diff)
	}
	want := []report.Pair{{A: "ada", B: "bo", Similarity: 0.9203539823008849, Longest: 81, Flagged: true, Regions: []report.Region{
		{A: report.Span{File: "cache.go", Start: 7, End: 87}, B: report.Span{File: "cache.go", Start: 7, End: 87}, Tokens: 312},
	}}} // and the pairs not flagged left out
	if diff := cmp.Diff(want, in.Pairs); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
	if !in.Batch {
		t.Errorf("a folder is not a batch")
	}
}

// A folder with scorecards only (no src/, no similarity.json) renders in
// every format that shows several.
func TestLoadBareFolder(t *testing.T) {
	dir := copyCards(t, "ada", "stub")
	in, err := report.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Entries) != 2 || len(in.Pairs) != 0 || in.Entries[0].Sources != nil {
		t.Fatalf("entries %d, pairs %d, sources %v; want 2, 0, none", len(in.Entries), len(in.Pairs), in.Entries[0].Sources)
	}
	for _, f := range report.Formats() {
		if !f.Several {
			continue
		}
		var buf bytes.Buffer
		if err := report.Render(&buf, f.Name, in, report.Options{}); err != nil || buf.Len() == 0 {
			t.Errorf("%s: %v, %d bytes", f.Name, err, buf.Len())
		}
	}
}

// similarity.json as encoding/json writes []similarity.Pair (Go field
// names), with the pairs that are not flagged left out, and the
// submissions that have no scorecard (errors/NAME.json).
func TestLoadSimilarityAndErrors(t *testing.T) {
	dir := copyCards(t, "ada", "bo")
	write(t, filepath.Join(dir, "batch.json"), `{"schema": "grader.batch/v1", "exercise": "ttlcache"}`)
	write(t, filepath.Join(dir, "similarity.json"), `[
  {"A": "ada", "B": "bo", "Similarity": 0.91, "Longest": 7, "Flagged": true,
   "Regions": [{"A": {"File": "cache.go", "Start": 3, "End": 9}, "B": {"File": "cache.go", "Start": 4, "End": 10}, "Tokens": 60}]},
  {"A": "ada", "B": "zed", "Similarity": 0.05, "Longest": 0, "Flagged": false, "Regions": null}
]`)
	write(t, filepath.Join(dir, "errors", "zed.json"), `{"schema": "grader.batch-error/v1", "name": "zed", "kind": "refused", "error": "zed.zip: not a zip archive"}`)
	in, err := report.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Pair{{A: "ada", B: "bo", Similarity: 0.91, Longest: 7, Flagged: true, Regions: []report.Region{
		{A: report.Span{File: "cache.go", Start: 3, End: 9}, B: report.Span{File: "cache.go", Start: 4, End: 10}, Tokens: 60}}}}
	if diff := cmp.Diff(want, in.Pairs); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]report.Failure{{Name: "zed", Kind: "refused", Error: "zed.zip: not a zip archive"}}, in.Failures); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	for _, format := range []string{"text", "markdown", "html", "junit"} {
		var buf bytes.Buffer
		if err := report.Render(&buf, format, in, report.Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "zed.zip: not a zip archive") {
			t.Errorf("%s does not say why zed has no scorecard", format)
		}
	}
}

// similarity.json as the similarity check writes it: the pairs that
// are flagged, with their regions.
func TestLoadSimilarityReport(t *testing.T) {
	dir := copyCards(t, "ada", "bo", "ref")
	flagged := report.Pair{A: "ada", B: "bo", Similarity: 0.93, Longest: 12, Flagged: true, Regions: []report.Region{
		{A: report.Span{File: "cache.go", Start: 60, End: 71}, B: report.Span{File: "cache.go", Start: 60, End: 71}, Tokens: 80}}}
	r := similarity.NewReport("ttlcache", similarity.Options{}, []report.Pair{flagged, {A: "ada", B: "ref", Similarity: 0.1}})
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "similarity.json"), buf.String())
	in, err := report.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]report.Pair{flagged}, in.Pairs); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	type testCase struct {
		name  string
		setup func(t *testing.T) []string
		want  string // a part of the message
	}
	for _, tc := range []testCase{
		{"missing", func(t *testing.T) []string { return []string{filepath.Join(t.TempDir(), "nope.json")} }, "nope.json does not exist; pass a scorecard"},
		{"empty folder", func(t *testing.T) []string { return []string{t.TempDir()} }, "holds no scorecards (NAME.json)"},
		{"text scorecard", func(t *testing.T) []string {
			p := filepath.Join(t.TempDir(), "card.txt")
			write(t, p, "ttlcache  ./sub\nscore 60.0/100\n")
			return []string{p}
		}, "is not a JSON scorecard (a text scorecard cannot be read back)"},
		{"newer scorecard in a folder", func(t *testing.T) []string {
			dir := copyCards(t, "ada")
			write(t, filepath.Join(dir, "next.json"), `{"schema": "grader.scorecard/v2"}`)
			return []string{dir}
		}, `the scorecard's schema is "grader.scorecard/v2"`},
		{"similarity.json not pairs", func(t *testing.T) []string {
			dir := copyCards(t, "ada")
			write(t, filepath.Join(dir, "similarity.json"), `"alike"`)
			return []string{dir}
		}, "is not a list of similarity pairs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.Load(tc.setup(t)...)
			var bad *report.InputError
			if !errors.As(err, &bad) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v; want an InputError saying %q", err, tc.want)
			}
		})
	}
}
