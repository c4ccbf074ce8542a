package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// A results folder, as 'grader batch --out RESULTS' writes it:
//
//	NAME.json           one scorecard per submission
//	src/NAME/*.go       the files graded
//	errors/NAME.json    why NAME has no scorecard (refused, or the grader failed)
//	similarity.json     the advisory similarity pairs (see [Pair])
//	summary.csv, ...    anything else, which a report does not read
//
// Everything but the scorecards is optional.
const (
	similarityFile = "similarity.json"
	sourcesDir     = "src"
	errorsDir      = "errors"
)

// maxSourceBytes caps a source file a report reads.
const maxSourceBytes = 1 << 20

// InputError is bad input to [Load]: a file that is not a scorecard, a
// folder without one. Its message says what to pass instead.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Errorf(format, args...)}
}

// Load reads the scorecards at paths: each a JSON scorecard (NAME.json)
// or a results folder. Beside a scorecard in a results folder, its
// sources (src/NAME/) are read too; from a folder, its similarity.json.
// Several paths, or a folder, make a batch.
func Load(paths ...string) (*Input, error) {
	if len(paths) == 0 {
		return nil, inputErrorf("no scorecard given; pass NAME.json files or a results folder")
	}
	in := &Input{Batch: len(paths) > 1}
	seen := map[string]bool{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, inputErrorf("%s does not exist; pass a scorecard written by 'grader grade --format json', or a results folder of 'grader batch'", p)
		}
		if err != nil {
			return nil, inputErrorf("%v", err)
		}
		if fi.IsDir() {
			in.Batch = true
			if err := loadFolder(in, p); err != nil {
				return nil, err
			}
			continue
		}
		e, err := loadCard(p)
		if err != nil {
			return nil, err
		}
		in.Entries = append(in.Entries, e)
	}
	for i, e := range in.Entries {
		// Two scorecards of the same name (from two folders): tell them
		// apart by their folder.
		if seen[e.Name] {
			in.Entries[i].Name = fmt.Sprintf("%s (%d)", e.Name, i+1)
		}
		seen[in.Entries[i].Name] = true
	}
	return in, nil
}

// loadCard reads one scorecard file, and its sources when it sits in a
// results folder.
func loadCard(path string) (Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Entry{}, inputErrorf("%v; pass a scorecard written by 'grader grade --format json'", err)
	}
	c, err := scorecard.ReadJSON(bytes.NewReader(data))
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return Entry{}, inputErrorf("%s is not a JSON scorecard (a text scorecard cannot be read back): %v; write one with 'grader grade --out card.json'", path, err)
	case err != nil:
		return Entry{}, &InputError{err}
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	e := Entry{Name: name, Card: c}
	e.Sources, err = loadSources(filepath.Join(filepath.Dir(path), sourcesDir, name))
	return e, err
}

// loadFolder reads a results folder's scorecards, sources and
// similarity pairs. JSON files that are not scorecards at all (no
// schema field) are left alone; a scorecard of another schema is an
// error, as it is on its own.
func loadFolder(in *Input, dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return inputErrorf("%v", err)
	}
	n := 0
	for _, de := range ents {
		name := de.Name()
		if de.IsDir() || strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".json") || name == similarityFile {
			continue
		}
		path := filepath.Join(dir, name)
		if !isScorecard(path) {
			continue
		}
		e, err := loadCard(path)
		if err != nil {
			return err
		}
		in.Entries = append(in.Entries, e)
		n++
	}
	fails, err := loadFailures(filepath.Join(dir, errorsDir))
	if err != nil {
		return err
	}
	in.Failures = append(in.Failures, fails...)
	if n == 0 && len(fails) == 0 {
		return inputErrorf("%s holds no scorecards (NAME.json); pass a results folder of 'grader batch' or scorecard files", dir)
	}
	pairs, err := loadPairs(filepath.Join(dir, similarityFile))
	if err != nil {
		return err
	}
	in.Pairs = append(in.Pairs, pairs...)
	slices.SortStableFunc(in.Pairs, func(a, b Pair) int {
		switch {
		case a.Similarity > b.Similarity:
			return -1
		case a.Similarity < b.Similarity:
			return 1
		}
		return 0
	})
	return nil
}

// isScorecard reports whether the JSON file at path has a schema field
// naming a grader scorecard of any version.
func isScorecard(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return true // let loadCard say what is wrong
	}
	var head struct {
		Schema *string `json:"schema"`
	}
	if json.Unmarshal(data, &head) != nil {
		return true
	}
	return head.Schema != nil && strings.HasPrefix(*head.Schema, "grader.scorecard/")
}

// loadSources reads the .go files of dir, in name order; none when dir
// does not exist.
func loadSources(dir string) ([]Source, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, inputErrorf("reading the sources: %v", err)
	}
	var out []Source
	for _, de := range ents {
		if !de.Type().IsRegular() || !strings.HasSuffix(de.Name(), ".go") {
			continue
		}
		info, err := de.Info()
		if err != nil || info.Size() > maxSourceBytes {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			return nil, inputErrorf("reading the sources: %v", err)
		}
		out = append(out, Source{Name: de.Name(), Text: string(data)})
	}
	return out, nil
}

// loadFailures reads errors/NAME.json, the submissions of a batch that
// have no scorecard; none when the folder does not exist.
func loadFailures(dir string) ([]Failure, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, inputErrorf("reading %s: %v", dir, err)
	}
	var out []Failure
	for _, de := range ents {
		if !de.Type().IsRegular() || !strings.HasSuffix(de.Name(), ".json") || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			return nil, inputErrorf("reading %s: %v", dir, err)
		}
		var f struct {
			Name, Kind, Error string
		}
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		if f.Name == "" {
			f.Name = strings.TrimSuffix(de.Name(), ".json")
		}
		out = append(out, Failure{Name: f.Name, Kind: f.Kind, Error: f.Error})
	}
	return out, nil
}

// loadPairs reads similarity.json: a list of pairs, or an object whose
// "pairs" field is that list, each as encoding/json writes a
// [similarity.Pair] (field names in any case):
//
//	{"a": NAME, "b": NAME, "similarity": 0.87, "longest": 23, "flagged": true,
//	 "regions": [{"a": {"file": "x.go", "start": 10, "end": 32},
//	              "b": {"file": "y.go", "start": 4, "end": 26}}, ...]}
//
// A span's lines may also be written "from"/"to" or "start_line"/
// "end_line", or as "lines": [start, end]. Pairs whose "flagged" is false
// are left out (the similarity check compares every pair, and flags
// those alike beyond chance). A folder without the file has no pairs.
func loadPairs(path string) ([]Pair, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, inputErrorf("reading %s: %v", path, err)
	}
	var raw []jsonPair
	if err := json.Unmarshal(data, &raw); err != nil {
		var obj struct {
			Pairs []jsonPair `json:"pairs"`
		}
		if err2 := json.Unmarshal(data, &obj); err2 != nil {
			return nil, inputErrorf("%s is not a list of similarity pairs: %v", path, err)
		}
		raw = obj.Pairs
	}
	var out []Pair
	for _, p := range raw {
		if p.Flagged != nil && !*p.Flagged {
			continue
		}
		q := Pair{A: p.A, B: p.B, Similarity: p.Similarity, Longest: p.Longest, Flagged: true}
		if q.Similarity > 1 { // a percentage
			q.Similarity /= 100
		}
		for _, r := range p.Regions {
			q.Regions = append(q.Regions, Region{A: r.A.span(), B: r.B.span(), Tokens: r.Tokens})
		}
		out = append(out, q)
	}
	return out, nil
}

type jsonPair struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
	Longest    int     `json:"longest"`
	Flagged    *bool   `json:"flagged"`
	Regions    []struct {
		A      jsonSpan `json:"a"`
		B      jsonSpan `json:"b"`
		Tokens int      `json:"tokens"`
	} `json:"regions"`
}

type jsonSpan struct {
	File      string `json:"file"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	From      int    `json:"from"`
	To        int    `json:"to"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	Lines     []int  `json:"lines"`
}

func (s jsonSpan) span() Span {
	out := Span{File: s.File}
	for _, c := range [][2]int{{s.Start, s.End}, {s.From, s.To}, {s.StartLine, s.EndLine}} {
		if c[0] > 0 {
			out.Start, out.End = c[0], c[1]
			break
		}
	}
	if out.Start == 0 && len(s.Lines) == 2 {
		out.Start, out.End = s.Lines[0], s.Lines[1]
	}
	if out.End < out.Start {
		out.End = out.Start
	}
	return out
}
