package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/similarity"
	"github.com/hiringtools/grader/solutions"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBatchSimilarity checks the similarity step of a batch on a results
// folder made by hand: nothing is graded.
func TestBatchSimilarity(t *testing.T) {
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	e, err := cat.Get("lrucache")
	if err != nil {
		t.Fatal(err)
	}
	ref := string(e.Reference[0].Data)
	// A copy with the fields and locals renamed and the comments gone.
	copied := strings.NewReplacer("c.mu", "c.lock", "items", "index", "order", "recency", "// ", "//").Replace(ref)
	stubbed := string(e.Stub[0].Data)
	independent, err := os.ReadFile(filepath.Join("..", "..", "grader", "similarity", "testdata", "independent", "lrucache", "lru.go"))
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	results := filepath.Join(dir, "results")
	for name, src := range map[string]string{"ada": ref, "bob": copied, "cy": string(independent), "dee": stubbed} {
		writeFile(t, filepath.Join(results, "src", name, "lrucache.go"), src)
	}
	// An earlier round as a folder of submissions, another as a results folder.
	writeFile(t, filepath.Join(dir, "spring", "eve", "lrucache.go"), copied)
	writeFile(t, filepath.Join(dir, "spring", "fay", "NOTES.md"), "no Go files here\n")
	writeFile(t, filepath.Join(dir, "winter", "src", "gus", "lru.go"), string(independent))

	card := &scorecard.Scorecard{Score: 100, Build: scorecard.Build{Status: scorecard.BuildOK}, Isolation: scorecard.Isolation{Level: string(sandbox.LevelFull)}}
	rs := []batch.Result{{Name: "ada", Card: card}, {Name: "bob", Card: card}, {Name: "cy", Card: card}, {Name: "dee", Card: card},
		{Name: "old", Card: card}, // graded by an older run that kept no src/
		{Name: "zed", Failure: &batch.Failure{Kind: batch.FailureRefused, Error: "no Go files"}}}
	sum := batch.Summarize("lrucache", 0, rs)
	against := []string{filepath.Join(dir, "spring"), filepath.Join(dir, "winter")}
	var warn bytes.Buffer
	rep, err := batchSimilarity(context.Background(), e, results, against, rs, sum, &warn)
	if err != nil {
		t.Fatal(err)
	}

	var flagged []string
	for _, p := range rep.Pairs {
		if p.Flagged {
			flagged = append(flagged, p.A+" "+p.B)
		}
	}
	// The reference's code is in three documents of seven, cy's in two:
	// neither is common.
	wantFlagged := []string{"ada bob", "ada spring/eve", "bob spring/eve", "cy winter/gus"}
	slices.Sort(flagged)
	if diff := cmp.Diff(wantFlagged, flagged); diff != "" {
		t.Errorf("flagged pairs (-want +got):\n%s", diff)
	}
	if want := 4*3/2 + 4*2; len(rep.Pairs) != want {
		t.Errorf("%d pairs, want %d: the four graded with each other and with the two earlier ones read", len(rep.Pairs), want)
	}
	flags := map[string][]string{}
	for _, r := range sum.Rows {
		flags[r.Name] = r.Flags
	}
	wantFlags := map[string][]string{"ada": {similarFlag}, "bob": {similarFlag}, "cy": {similarFlag}, "dee": nil, "old": nil, "zed": nil}
	if diff := cmp.Diff(wantFlags, flags); diff != "" {
		t.Errorf("summary flags (-want +got):\n%s", diff)
	}
	for _, want := range []string{"spring/fay left out", "old left out: its package files are not in"} {
		if !strings.Contains(warn.String(), want) {
			t.Errorf("warnings %q: want %q", warn.String(), want)
		}
	}

	// The files written are the report.
	data, err := os.ReadFile(filepath.Join(results, "similarity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back similarity.Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rep, &back); diff != "" {
		t.Errorf("similarity.json (-returned +written):\n%s", diff)
	}
	csv, err := os.ReadFile(filepath.Join(results, "similarity.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 1+len(rep.Pairs) || lines[0] != "a,b,similarity,longest_lines,flag_advisory" {
		t.Errorf("similarity.csv: %d lines, header %q", len(lines), lines[0])
	}

	var out bytes.Buffer
	if err := writeSimilarity(&out, rep, "results"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Similarity (advisory: ", "  ada and bob: ", "longest shared fragment"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the text lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCheckAgainst(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"subs", "results", "a/round1", "b/round1", "round2"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	writeFile(t, filepath.Join(dir, "file"), "x")
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		name    string
		against []string
		want    string // in the error; "" for none
	}{
		{"none", nil, ""},
		{"two rounds", []string{p("a/round1"), p("round2")}, ""},
		{"missing", []string{p("nope")}, "no such file"},
		{"a file", []string{p("file")}, "is not a folder"},
		{"the submissions", []string{p("subs")}, "is this batch"},
		{"the results", []string{p("results") + "/"}, "is this batch"},
		{"the same name twice", []string{p("a/round1"), p("b/round1")}, `the same name "round1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkAgainst(tc.against, p("subs"), p("results"))
			got := ""
			if err != nil {
				got = err.Error()
				if _, ok := err.(usageError); !ok {
					t.Errorf("%v is not a usage error", err)
				}
			}
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("checkAgainst: %q, want an error with %q", got, tc.want)
			}
		})
	}
}
