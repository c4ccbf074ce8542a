package similarity_test

import (
	"fmt"

	"github.com/hiringtools/grader/grader/similarity"
)

func ExampleCompare() {
	ada := `package stats

// Mean returns the mean of the positive values.
func Mean(values []float64) (float64, bool) {
	sum, n := 0.0, 0
	for _, v := range values {
		if v <= 0 {
			continue
		}
		sum += v
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}
`
	// bob renamed everything, reformatted and rewrote the comments.
	bob := `package stats

// Average: my own averaging, written from scratch.
func Average(xs []float64) (float64, bool) {
	total, count := 0.0, 0
	for _, x := range xs {
		if x <= 0 { continue } // skip non-positive values
		total += x
		count++
	}
	if count == 0 { return 0, false }
	return total / float64(count), true
}
`
	docs := []similarity.Doc{
		{Name: "ada", Files: []similarity.File{{Name: "stats.go", Data: []byte(ada)}}},
		{Name: "bob", Files: []similarity.File{{Name: "average.go", Data: []byte(bob)}}},
	}
	for _, p := range similarity.Compare(docs, similarity.Options{}) {
		fmt.Printf("%s and %s: %.2f alike, flagged %v (advisory)\n", p.A, p.B, p.Similarity, p.Flagged)
		for _, r := range p.Regions {
			fmt.Printf("  %s:%d-%d ~ %s:%d-%d, %d tokens\n", r.A.File, r.A.Start, r.A.End, r.B.File, r.B.Start, r.B.End, r.Tokens)
		}
	}
	// Output:
	// ada and bob: 1.00 alike, flagged true (advisory)
	//   stats.go:1-17 ~ average.go:1-13, 64 tokens
}
