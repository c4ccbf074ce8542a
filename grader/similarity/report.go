package similarity

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
)

// Advisory is the sentence that goes wherever similarity is shown.
const Advisory = "advisory: code alike beyond chance is evidence for a person to judge, not a verdict"

// ReportSchema is the schema of a [Report].
const ReportSchema = "grader.similarity/v1"

// Report is a batch's similarity as a results folder's similarity.json
// holds it: a wire format, stable within its schema.
type Report struct {
	Schema   string `json:"schema"`   // ReportSchema
	Advisory string `json:"advisory"` // Advisory
	Exercise string `json:"exercise"` // the exercise's slug
	// Threshold is the similarity from which a pair is flagged.
	Threshold float64 `json:"threshold"`
	// K and W are the k-gram length in tokens and the winnowing window in
	// k-grams (see the package doc).
	K int `json:"k"`
	W int `json:"w"`
	// Against are the earlier rounds compared with, as given; the
	// names of their documents start with their folder's name and "/".
	Against []string `json:"against,omitempty"`
	// Pairs are every pair compared, most similar first, as [Compare]
	// returns them; a pair with no regions (an empty list, never null)
	// shares nothing that counts.
	Pairs []Pair `json:"pairs"`
}

// NewReport is the report of pairs compared with opts, for exercise. It
// does not fill Against.
func NewReport(exercise string, opts Options, pairs []Pair) *Report {
	r := &Report{
		Schema: ReportSchema, Advisory: Advisory, Exercise: exercise,
		Threshold: opts.Threshold, K: opts.K, W: opts.W, Pairs: pairs,
	}
	if r.Threshold == 0 {
		r.Threshold = DefaultThreshold
	}
	if r.K == 0 {
		r.K = DefaultK
	}
	if r.W == 0 {
		r.W = DefaultW
	}
	if r.Pairs == nil {
		r.Pairs = []Pair{}
	}
	for i := range r.Pairs {
		if r.Pairs[i].Regions == nil {
			r.Pairs[i].Regions = []Region{}
		}
	}
	return r
}

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV writes one row per pair, in r's order, under the header
// a,b,similarity,longest_lines,flag_advisory: the similarity with three
// decimals, the longest shared fragment in lines, and "similar" for a
// flagged pair (advisory, as the column's name says).
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"a", "b", "similarity", "longest_lines", "flag_advisory"})
	for _, p := range r.Pairs {
		flag := ""
		if p.Flagged {
			flag = "similar"
		}
		cw.Write([]string{p.A, p.B, strconv.FormatFloat(p.Similarity, 'f', 3, 64), strconv.Itoa(p.Longest), flag})
	}
	cw.Flush()
	return cw.Error()
}
