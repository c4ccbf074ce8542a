// Package kit cuts the candidate's kit of an exercise and checks a
// candidate's work in it, with nothing of the exercise's hidden material.
//
// A kit ('grader export SLUG OUT') is what a candidate gets: the prompt
// as README.md, the stub, a go.mod, the public tests, and
// .grader/kit.json (a [Manifest]: the API the grader requires, the
// import rule, the suites, weights and budgets in words, and hashes that
// tie the kit to the hidden spec it was cut from). It never holds the
// hidden spec, the reference solution, the fixtures or the hidden tests'
// names; the package's tests prove it for every exercise.
//
// [Check] ('grader check [DIR]') runs in a kit with only the kit and a
// grader binary: it type-checks the candidate's package against the
// manifest's API, applies the import and language rules, runs gofmt, go
// vet and the public tests (with -race and a goroutine-leak check, in the
// sandbox), and says in the candidate's words what would cost points.
package kit

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/specdeps"
	"github.com/hiringtools/grader/grader/suite"
)

// Schema is the schema field of every kit.json this version writes.
const Schema = "grader.kit/v1"

// ManifestPath is where a kit holds its manifest.
const ManifestPath = ".grader/kit.json"

// Manifest is a kit's .grader/kit.json. Everything in it is for the
// candidate's eyes: nothing names or quotes the hidden spec.
type Manifest struct {
	Schema   string `json:"schema"`   // "grader.kit/v1"
	Exercise string `json:"exercise"` // the slug, which is the package name
	Title    string `json:"title"`
	// KitVersion identifies the kit's contents: the first 12 hex digits
	// of the SHA-256 of its files and of SpecSHA256. Two kits of the
	// same version hold the same files.
	KitVersion string `json:"kit_version"`
	// SpecSHA256 is the hex SHA-256 of the hidden spec the kit was cut
	// from (each file's name, a NUL, its length, a NUL and its
	// contents, in name order): an interviewer can tell whether a
	// candidate's kit matches the spec that grades it.
	SpecSHA256    string `json:"spec_sha256"`
	GraderVersion string `json:"grader_version"` // the grader that cut it
	// API is the exported API the grader requires, as Go declarations,
	// one per symbol (a method as "(*T).M").
	API []Symbol `json:"api"`
	// APISource declares that API as a Go file with bodies that panic
	// (see [APISource]); 'grader check' type-checks against it.
	APISource string `json:"api_source"`
	// Imports are the import rule in words and the exercise's exceptions
	// to it (policy.Imports); 'grader check' applies them.
	Imports Imports `json:"imports"`
	// Suites are the four suites: weight, what each checks, the time
	// limit of one test, and the latency budgets, in words.
	Suites []Suite `json:"suites"`
	// Stub and PublicTests are the kit's Go files by name.
	Stub        []string `json:"stub"`
	PublicTests []string `json:"public_tests"`
}

// Symbol is one element of the required API.
type Symbol struct {
	Symbol      string `json:"symbol"`      // e.g. "(*RateLimiter).Wait"
	Declaration string `json:"declaration"` // e.g. "func (*RateLimiter).Wait(ctx context.Context) error"
}

// Imports is the import rule of a kit's exercise.
type Imports struct {
	Rule   string            `json:"rule"` // the rule in words, as the prompt ends
	Allow  []string          `json:"allow,omitempty"`
	Forbid map[string]string `json:"forbid,omitempty"`
	// Modules are the modules outside the standard library whose
	// packages a submission may import (see [policy.Imports]); the
	// grader carries them, at the versions the rule names.
	Modules []string `json:"modules,omitempty"`
}

// Policy returns the exercise's exceptions to the import rule, with the
// packages of its modules that the grader carries.
func (im Imports) Policy() policy.Imports {
	p := policy.Imports{Allow: im.Allow, Forbid: im.Forbid, Modules: im.Modules}
	if len(im.Modules) > 0 {
		p = p.WithVendored(specdeps.Packages())
	}
	return p
}

// Suite is one suite as a candidate is told about it.
type Suite struct {
	Name      string   `json:"name"`
	Weight    float64  `json:"weight"`
	Checks    string   `json:"checks"`     // what the suite checks, in words
	TimeLimit string   `json:"time_limit"` // of one hidden test, e.g. "10s"
	Budgets   []string `json:"budgets,omitempty"`
}

// suiteChecks says what each suite checks.
var suiteChecks = map[string]string{
	scorecard.Correctness: "what your code does, as the prompt describes it; each hidden test runs in a process of its own, on virtual time where time matters",
	scorecard.Race:        "your code under the race detector, called from many goroutines at once: a data race fails the test that sees it, and costs points in this suite only",
	scorecard.Leak:        "goroutines your code leaves running once it is done (or closed, where the API has a Close or Stop), found with goleak",
	scorecard.Latency:     "time per operation, measured against the reference solution's in the same run; budgets are ratios and catch pathological slowness, not a sane design a little slower",
}

// File is one file of a kit: a slash-separated path and its contents.
type File struct {
	Path string
	Data []byte
}

// Cut returns the files of ex's kit, in path order, and its manifest
// (one of the files); graderVersion is recorded in the manifest.
func Cut(ex *catalog.Exercise, graderVersion string) ([]File, *Manifest, error) {
	apiSrc, err := APISource(ex.Slug, ex.Reference)
	if err != nil {
		return nil, nil, fmt.Errorf("exercise %s: %w", ex.Slug, err)
	}
	model, err := apicheck.NewModel(ex.Slug, toAPI(ex.Reference), toAPI(ex.Spec), apicheck.DefaultImporter())
	if err != nil {
		return nil, nil, fmt.Errorf("exercise %s: %w", ex.Slug, err)
	}
	m := &Manifest{
		Schema: Schema, Exercise: ex.Slug, Title: ex.Meta.Title,
		SpecSHA256: SpecSHA256(ex.Spec), GraderVersion: graderVersion,
		APISource: string(apiSrc),
		Imports:   Imports{Rule: strings.TrimSpace(ex.ImportRule()), Allow: ex.Meta.Imports.Allow, Forbid: ex.Meta.Imports.Forbid, Modules: ex.Meta.Imports.Modules},
		API:       []Symbol{}, Stub: []string{}, PublicTests: []string{},
	}
	for _, s := range model.Symbols() {
		m.API = append(m.API, Symbol{Symbol: s.Key, Declaration: s.Expected})
	}
	for _, name := range suite.Names() {
		if _, ok := ex.Meta.Suites[name]; !ok {
			continue // the exercise has no such suite
		}
		s := Suite{Name: name, Weight: ex.Meta.Suites[name].Weight, Checks: suiteChecks[name], TimeLimit: ex.Timeout(name).String()}
		if name == scorecard.Latency {
			s.Budgets = budgets(ex.Meta.Latency)
		}
		m.Suites = append(m.Suites, s)
	}
	files := []File{
		{Path: "README.md", Data: []byte(ex.CandidatePrompt() + checkingYourWork(ex.Slug))},
		{Path: "go.mod", Data: []byte(fmt.Sprintf("module %s\n\ngo 1.26\n", ex.Slug))},
	}
	for _, f := range ex.Stub {
		files = append(files, File{Path: f.Name, Data: f.Data})
		m.Stub = append(m.Stub, f.Name)
	}
	for _, f := range ex.Public {
		files = append(files, File{Path: f.Name, Data: f.Data})
		m.PublicTests = append(m.PublicTests, f.Name)
	}
	sum := sha256.New()
	for _, f := range files {
		fmt.Fprintf(sum, "%s\x00%d\x00", f.Path, len(f.Data))
		sum.Write(f.Data)
	}
	sum.Write([]byte(m.SpecSHA256))
	m.KitVersion = hex.EncodeToString(sum.Sum(nil))[:12]
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	files = append(files, File{Path: ManifestPath, Data: append(data, '\n')})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, m, nil
}

// budgets says the latency budgets without naming the benchmarks, which
// are hidden tests.
func budgets(bs []catalog.Budget) []string {
	var out []string
	for _, b := range bs {
		s := fmt.Sprintf("a benchmark of this suite allows up to %g times the reference's time per operation", b.MaxRatio)
		if b.MaxGrowth != "" {
			s += fmt.Sprintf(", and time per operation that grows no faster than %s with the size of the data", map[string]string{
				"constant": "a constant (not at all)", "logarithmic": "logarithmically", "linear": "linearly",
			}[b.MaxGrowth])
		}
		out = append(out, s)
	}
	return out
}

// checkingYourWork ends the kit's README.md.
func checkingYourWork(slug string) string {
	return fmt.Sprintf(`
---

**Checking your work.** In this folder, 'go test' runs the public tests.
'grader check' (with the grader binary your interviewer gave you) checks
what it can without the hidden tests: that your package compiles and
declares the API in .grader/kit.json exactly, the import rule, gofmt and
go vet, and the public tests with the race detector and a check for
goroutines left running. It tells you what would cost points, and exits 0
when it found nothing. It does not run the hidden suites: only your
interviewer's 'grader grade %s' does.
`, slug)
}

// SpecSHA256 is the hash of a hidden spec that [Manifest.SpecSHA256]
// records.
func SpecSHA256(spec []catalog.File) string {
	files := slices.Clone(spec)
	slices.SortFunc(files, func(a, b catalog.File) int { return strings.Compare(a.Name, b.Name) })
	sum := sha256.New()
	for _, f := range files {
		fmt.Fprintf(sum, "%s\x00%d\x00", f.Name, len(f.Data))
		sum.Write(f.Data)
	}
	return hex.EncodeToString(sum.Sum(nil))
}

func toAPI(files []catalog.File) []apicheck.File {
	out := make([]apicheck.File, len(files))
	for i, f := range files {
		out[i] = apicheck.File{Name: f.Name, Data: f.Data}
	}
	return out
}

// ErrExists is returned by [Write] when the destination is in the way.
var ErrExists = errors.New("already exists")

// Write writes files to out: a folder, which must be new or empty, or,
// when out ends in .zip, a zip archive, which must not exist yet, with
// every entry under one top-level folder named for the archive.
func Write(out string, files []File) error {
	if strings.EqualFold(filepath.Ext(out), ".zip") {
		return writeZip(out, files)
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file: %w; choose a new folder, or a name ending in .zip", out, ErrExists)
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: %w; choose a new folder so nothing is overwritten", out, ErrExists)
	}
	for _, f := range files {
		p := filepath.Join(out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func writeZip(out string, files []File) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s: %w; choose a new name so nothing is overwritten", out, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	top := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
	for _, f := range files {
		// A fixed time, so that the same kit makes the same archive.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: top + "/" + f.Path, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := w.Write(f.Data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// ReadManifest reads the manifest of the kit in dir.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ManifestPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no %s: run 'grader check' in the folder 'grader export' made (the candidate's kit), or name it: grader check DIR", dir, ManifestPath)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w; the kit is damaged: ask for a new one", ManifestPath, err)
	}
	if m.Schema != Schema {
		return nil, fmt.Errorf("%s: schema %q, and this grader reads %q; use the grader binary that came with the kit", ManifestPath, m.Schema, Schema)
	}
	if m.Exercise == "" || m.APISource == "" {
		return nil, fmt.Errorf("%s: no exercise or API; the kit is damaged: ask for a new one", ManifestPath)
	}
	return &m, nil
}
