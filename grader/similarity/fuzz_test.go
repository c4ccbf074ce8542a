package similarity_test

import (
	"bytes"
	"testing"

	"github.com/hiringtools/grader/grader/similarity"
)

// FuzzCompare checks what holds for any input, Go or not: no panic, a
// similarity from 0 to 1, regions inside their files, and a flag that
// follows the threshold.
func FuzzCompare(f *testing.F) {
	f.Add([]byte(statsA), []byte(statsB), []byte("package stats\n\nfunc Mean(values []float64) (float64, bool) {\n\treturn 0, false\n}\n"))
	f.Add([]byte("func (x interface{ M() }) f() struct{ a int } { { } } }}} func"), []byte("`raw\nstring"), []byte("func f() {"))
	f.Fuzz(func(t *testing.T, a, b, tmpl []byte) {
		docs := []similarity.Doc{
			{Name: "a", Files: []similarity.File{{Name: "a.go", Data: a}, {Name: "b.go", Data: b}}},
			{Name: "b", Files: []similarity.File{{Name: "b.go", Data: b}}},
		}
		pairs := similarity.Compare(docs, similarity.Options{Template: []similarity.File{{Name: "t.go", Data: tmpl}}, K: 3, W: 2})
		if len(pairs) != 1 {
			t.Fatalf("%d pairs", len(pairs))
		}
		p := pairs[0]
		if p.Similarity < 0 || p.Similarity > 1 || p.Flagged != (p.Similarity >= similarity.DefaultThreshold) {
			t.Fatalf("similarity %v, flagged %v", p.Similarity, p.Flagged)
		}
		lines := map[string]int{"a.go": bytes.Count(a, []byte("\n")) + 1, "b.go": bytes.Count(b, []byte("\n")) + 1}
		for _, r := range p.Regions {
			for _, s := range []similarity.Span{r.A, r.B} {
				if s.Start < 1 || s.End < s.Start || s.End > lines[s.File] {
					t.Fatalf("region %+v outside its file (%d lines)", r, lines[s.File])
				}
			}
			if r.Tokens < 3+2-1 {
				t.Fatalf("region %+v shorter than t", r)
			}
		}
	})
}
