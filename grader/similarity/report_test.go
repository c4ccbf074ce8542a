package similarity_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/similarity"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestReport renders a batch of three and an earlier round of one as
// similarity.csv and similarity.json, against golden files (go test
// -update rewrites them).
func TestReport(t *testing.T) {
	doc := func(name, file, src string) similarity.Doc {
		return similarity.Doc{Name: name, Files: []similarity.File{{Name: file, Data: []byte(src)}}}
	}
	docs := []similarity.Doc{
		doc("ada", "stats.go", statsA),
		doc("bob", "numbers.go", statsB),
		doc("cy", "mine.go", "package stats\n\nfunc Mean(values []float64) (float64, bool) { return 0, false }\n"),
	}
	opts := similarity.Options{Against: []similarity.Doc{doc("round1/dee", "x.go", statsA)}}
	r := similarity.NewReport("stats", opts, similarity.Compare(docs, opts))
	r.Against = []string{"round1"}

	var csvBuf, jsonBuf bytes.Buffer
	if err := r.WriteCSV(&csvBuf); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&jsonBuf); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.csv", csvBuf.Bytes())
	golden(t, "report.json", jsonBuf.Bytes())

	// The JSON reads back as the report.
	var back similarity.Report
	if err := json.Unmarshal(jsonBuf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("report read back (-written +read):\n%s", diff)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
