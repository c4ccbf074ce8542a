// Package catalog loads and validates the exercise catalog: each exercise's
// metadata, prompt, stub, hidden spec, public tests, known-bad fixtures and
// reference solution. The format is described in docs/exercise-format.md.
package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	godoc "go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/specdeps"
	"github.com/hiringtools/grader/grader/suite"
)

// Difficulties are the allowed values of Meta.Difficulty.
var Difficulties = []string{"easy", "medium", "hard"}

// Growth classes a latency budget may name as MaxGrowth.
var Growths = []string{"constant", "logarithmic", "linear"}

// Meta is an exercise's exercise.json.
type Meta struct {
	Title      string               `json:"title"`
	Summary    string               `json:"summary"`
	Difficulty string               `json:"difficulty"`
	Tags       []string             `json:"tags"`
	Imports    policy.Imports       `json:"imports,omitzero"`
	Suites     map[string]SuiteMeta `json:"suites"`
	Latency    []Budget             `json:"latency"`
	Limits     Limits               `json:"limits,omitempty"`
}

// Limits are an exercise's resource limits for each test process, where
// it needs other than the grader's defaults; zero fields keep them. The
// grade command's flags override both.
type Limits struct {
	MemoryMB  int64    `json:"memory_mb,omitempty"`
	Pids      int      `json:"pids,omitempty"`
	OpenFiles int      `json:"open_files,omitempty"`
	OutputKB  int64    `json:"output_kb,omitempty"`
	FileMB    int64    `json:"file_mb,omitempty"`
	CPUTime   Duration `json:"cpu_time,omitempty"`
}

// SuiteMeta is one suite's weight and time limit.
type SuiteMeta struct {
	Weight  float64  `json:"weight"`
	Timeout Duration `json:"timeout,omitempty"`
}

// Budget is a latency benchmark's budget.
type Budget struct {
	Benchmark string  `json:"benchmark"`
	MaxRatio  float64 `json:"max_ratio"`
	MaxGrowth string  `json:"max_growth,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("10s").
type Duration time.Duration

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"10s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// File is a file of an exercise: its base name and contents.
type File struct {
	Name string
	Data []byte
}

// Fixture is a known-bad submission and the suite it targets. Target
// "build" means the fixture must fail to compile. A known-good fixture
// (testdata/good/<name>/, which must score 100) has Target "good", and
// Defect holds what it shows instead (its "// Good:" line).
type Fixture struct {
	Name   string // the folder's name, e.g. "race-unlocked-tokens"
	Target string // a suite name, "build", or "good"
	Defect string // the one-line defect comment, or a good fixture's "// Good:" line
	Files  []File
}

// TargetGood is the Target of every known-good fixture.
const TargetGood = "good"

// FixtureTargets are the values a fixture's folder name may start with.
var FixtureTargets = append(suite.Names(), "build")

// Test is a hidden spec test or benchmark and the suite it belongs to.
type Test struct {
	Name  string
	Suite string
	// Description is what the test checks, in words a candidate may
	// read: the first sentence of its doc comment, without the test's
	// name in front ("Checks that a full bucket refuses."). It is ""
	// when the test has no doc comment, which 'grader verify' reports.
	// The rest of the doc comment is for the exercise's authors and
	// interviewers and never reaches a candidate.
	Description string
}

// Exercise is one exercise of the catalog.
type Exercise struct {
	Slug      string
	Meta      Meta
	Prompt    string
	Stub      []File
	Spec      []File
	Public    []File
	Fixtures  []Fixture // known-bad, from testdata/bad
	Good      []Fixture // known-good, from testdata/good: each must score 100
	Reference []File
	Tests     []Test // the spec's tests in file and source order; an exercise that grades tests: its mutants
	// Mutants are the mutants of the reference that the candidate's tests
	// must kill, when the exercise grades tests (see [Exercise.GradesTests]).
	Mutants []Mutant
}

// commonRules is appended to every prompt a candidate reads: how grading
// works for every exercise, kept in one place.
const commonRules = `

---

**Rules for every exercise.** Only your package's non-test ` + "`.go`" + ` files are
graded; your own tests, ` + "`go.mod`" + ` and other files are ignored. Each hidden test
runs in a fresh process with a time limit, so a panic or a hang costs only the
tests it happens in. The race, leak and latency suites earn points only once at
least half of the correctness tests pass: code that does not work yet earns
nothing for being race-free, leak-free or fast.

`

// CandidatePrompt is the prompt as a candidate reads it: the exercise's
// own text and the rules common to every exercise, with the import rule
// as this exercise applies it.
func (e *Exercise) CandidatePrompt() string {
	if e.GradesTests() {
		return strings.TrimRight(e.Prompt, "\n") + testRules + importRule(e.Meta.Imports)
	}
	return strings.TrimRight(e.Prompt, "\n") + commonRules + importRule(e.Meta.Imports)
}

// testRules replaces commonRules for an exercise that grades the
// candidate's tests.
const testRules = `

---

**Rules for an exercise that grades your tests.** Only your package's ` + "`_test.go`" + `
files are graded; the grader supplies the implementation, and ignores your
copy of it, ` + "`go.mod`" + ` and other files. Your tests run in a sandbox,
with a time limit, against the implementation and each of its hidden
mutants in turn. Your test files may import ` + "`testing`" + ` and the package
under test, besides the standard library under the rule below.

`

// ImportRule is the import rule as this exercise applies it, in the
// words its candidate reads at the end of the prompt.
func (e *Exercise) ImportRule() string { return importRule(e.Meta.Imports) }

// importRule says the import policy to a candidate: the standard library
// except [policy.Denied], with the exercise's exceptions.
func importRule(im policy.Imports) string {
	var denied []string
	for _, d := range policy.Denied {
		if !slices.Contains(im.Allow, d.Path) {
			denied = append(denied, "`"+d.Path+"`")
		}
	}
	var b strings.Builder
	b.WriteString("You may import any package of the standard library except those that reach " +
		"outside the test process or around Go's rules: " + strings.Join(denied, ", ") +
		", and any other internal package")
	if len(im.Allow) > 0 {
		b.WriteString(" (this exercise allows `" + strings.Join(im.Allow, "`, `") + "`)")
	}
	b.WriteString(".")
	forbidden := slices.Sorted(maps.Keys(im.Forbid))
	for _, p := range forbidden {
		b.WriteString(" This exercise also forbids `" + p + "`: " + im.Forbid[p] + ".")
	}
	if len(im.Modules) > 0 {
		var mods []string
		for _, m := range im.Modules {
			mods = append(mods, "`"+m+"` "+specdeps.ModuleVersion(m))
		}
		b.WriteString(" Outside the standard library, this exercise allows the packages of " + strings.Join(mods, ", ") +
			" (the grader provides them; add the module to your go.mod at that version to work with it); nothing else " +
			"outside the standard library can be imported. A submission ")
	} else {
		b.WriteString(" Nothing outside the standard library can be imported. A submission ")
	}
	b.WriteString("" +
		"that imports what it may not, or uses cgo, `unsafe`, `//go:` directives or build " +
		"constraints, is not built at all; the scorecard names the file and line.")
	return wrap(b.String(), 80)
}

// wrap breaks text into lines of at most width bytes where it can, at
// spaces, ending each with a newline.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteString("\n")
			n = 0
		} else if i > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	b.WriteString("\n")
	return b.String()
}

// GradesTests reports whether the exercise grades the candidate's tests
// rather than code: its one suite runs them against the reference and
// its mutants (suite.MutantRuns). The submission is then _test.go files;
// Stub is the implementation with a test file to start from, Spec the
// model answer's tests (solutions/<slug>/*_test.go), Tests the mutants,
// and fixtures are test files.
func (e *Exercise) GradesTests() bool {
	for name := range e.Meta.Suites {
		if k, _ := suite.Get(name); k.Run == suite.MutantRuns {
			return true
		}
	}
	return false
}

// Timeout is the time limit of one test of the suite named name: the
// exercise's, or the suite's default.
func (e *Exercise) Timeout(name string) time.Duration {
	if t := e.Meta.Suites[name].Timeout; t > 0 {
		return time.Duration(t)
	}
	k, _ := suite.Get(name)
	return k.Timeout // the suite's default
}

// Budget returns the latency budget of benchmark, if there is one.
func (e *Exercise) Budget(benchmark string) (Budget, bool) {
	for _, b := range e.Meta.Latency {
		if b.Benchmark == benchmark {
			return b, true
		}
	}
	return Budget{}, false
}

// TestsOf returns the names of the tests of suite, in spec order.
func (e *Exercise) TestsOf(suite string) []string {
	var names []string
	for _, t := range e.Tests {
		if t.Suite == suite {
			names = append(names, t.Name)
		}
	}
	return names
}

// Catalog is the set of exercises.
type Catalog struct {
	exercises []*Exercise
	broken    []error
}

// Broken returns an error for each exercise folder that failed to load;
// those exercises are not in the catalog. A release has none: 'grader
// verify' fails while there are any.
func (c *Catalog) Broken() []error { return c.broken }

// List returns the exercises sorted by slug.
func (c *Catalog) List() []*Exercise { return c.exercises }

// Get returns the exercise slug.
func (c *Catalog) Get(slug string) (*Exercise, error) {
	for _, e := range c.exercises {
		if e.Slug == slug {
			return e, nil
		}
	}
	return nil, &NotFoundError{Slug: slug, Suggestion: c.closest(slug)}
}

// NotFoundError reports an unknown exercise slug.
type NotFoundError struct {
	Slug string
	// Suggestion is the catalog's slug nearest to Slug (a typo or a
	// prefix away), or "" when none is near.
	Suggestion string
}

func (e *NotFoundError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("no exercise %q; did you mean %q? run 'grader list' to see the catalog", e.Slug, e.Suggestion)
	}
	return fmt.Sprintf("no exercise %q; run 'grader list' to see the catalog", e.Slug)
}

// closest returns the slug nearest to slug: one that starts with it (the
// shortest), else one within a few edits (a third of its length, at
// least two); "" when none is.
func (c *Catalog) closest(slug string) string {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if slug == "" {
		return ""
	}
	best := ""
	for _, e := range c.exercises {
		if strings.HasPrefix(e.Slug, slug) && (best == "" || len(e.Slug) < len(best)) {
			best = e.Slug
		}
	}
	if best != "" {
		return best
	}
	bestDist := 0
	for _, e := range c.exercises {
		d := editDistance(slug, e.Slug)
		if d <= max(2, len(e.Slug)/3) && d < len(e.Slug) && (best == "" || d < bestDist) {
			best, bestDist = e.Slug, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var slugRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// Load reads every exercise folder of exercises, with its reference
// solution from solutions, and validates it. A folder with a problem (an
// authoring error: the message names the exercise and file and says what
// to fix) is left out and reported by [Catalog.Broken]; the error is for
// a catalog that cannot be read at all.
func Load(exercises, solutions fs.FS) (*Catalog, error) {
	entries, err := fs.ReadDir(exercises, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the catalog: %w", err)
	}
	c := &Catalog{}
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		e, err := loadExercise(exercises, solutions, ent.Name())
		if err != nil {
			c.broken = append(c.broken, err)
			continue
		}
		c.exercises = append(c.exercises, e)
	}
	return c, nil
}

func loadExercise(exFS, solFS fs.FS, slug string) (*Exercise, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("exercise %s: %s", slug, fmt.Sprintf(format, args...))
	}
	if !slugRE.MatchString(slug) {
		return nil, fail("the folder name must be a Go package name in lower case letters and digits")
	}
	e := &Exercise{Slug: slug}
	raw, err := fs.ReadFile(exFS, slug+"/exercise.json")
	if err != nil {
		return nil, fail("no exercise.json: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e.Meta); err != nil {
		return nil, fail("exercise.json: %v", err)
	}
	if err := validateMeta(&e.Meta); err != nil {
		return nil, fail("exercise.json: %v", err)
	}
	if len(e.Meta.Imports.Modules) > 0 {
		for _, m := range e.Meta.Imports.Modules {
			if specdeps.ModuleVersion(m) == "" {
				return nil, fail("exercise.json: imports.modules: the grader does not carry %s; add it to the grader's go.mod ('go get %s@VERSION') and run 'go generate ./grader/specdeps'", m, m)
			}
		}
		e.Meta.Imports = e.Meta.Imports.WithVendored(specdeps.Packages())
	}
	prompt, err := fs.ReadFile(exFS, slug+"/prompt.md")
	if err != nil {
		return nil, fail("no prompt.md: %v", err)
	}
	e.Prompt = string(prompt)
	for p := range e.Meta.Imports.Forbid {
		if !strings.Contains(e.Prompt, "`"+p+"`") {
			return nil, fail("exercise.json forbids import %q, which the prompt must say: write `%s` and why in prompt.md", p, p)
		}
	}
	if e.Stub, err = goFiles(exFS, slug+"/stub", false); err != nil || len(e.Stub) == 0 {
		return nil, fail("stub/ must hold the stub's .go files (%v)", err)
	}
	if e.GradesTests() {
		// The stub is the candidate's workspace: the implementation they
		// test (the reference's own files) and a test file to fill in.
		// The hidden "spec" is the model answer's tests, in solutions/.
		stubTests, err := goFiles(exFS, slug+"/stub", true)
		if err != nil || len(stubTests) == 0 {
			return nil, fail("stub/ must hold the test file a candidate starts from, beside the implementation (%v)", err)
		}
		e.Stub = append(e.Stub, stubTests...)
		if e.Spec, err = goFiles(solFS, slug, true); err != nil || len(e.Spec) == 0 {
			return nil, fail("solutions/%s must hold the model answer's _test.go files, which kill every mutant (%v)", slug, err)
		}
	} else if e.Spec, err = goFiles(exFS, slug+"/testdata/spec", true); err != nil || len(e.Spec) == 0 {
		return nil, fail("testdata/spec/ must hold the hidden spec's _test.go files (%v)", err)
	}
	if e.Public, err = goFiles(exFS, slug+"/testdata/public", true); err != nil {
		return nil, fail("testdata/public: %v", err)
	}
	if e.Reference, err = goFiles(solFS, slug, false); err != nil || len(e.Reference) == 0 {
		return nil, fail("no reference solution in solutions/%s (%v)", slug, err)
	}
	if e.GradesTests() {
		if err := sameFiles(e.Stub, e.Reference); err != nil {
			return nil, fail("%v", err)
		}
		if e.Mutants, err = mutants(exFS, slug, e.Reference); err != nil {
			return nil, fail("%v", err)
		}
		for _, m := range e.Mutants {
			e.Tests = append(e.Tests, Test{Name: m.Name, Suite: suite.Mutants, Description: m.Behaviour})
		}
		if _, err := e.Schemata("check"); err != nil {
			return nil, fail("testdata/mutants: weaving the mutants into the reference: %v", err)
		}
	} else if e.Tests, err = specTests(slug, e.Spec, e.Meta.Suites); err != nil {
		return nil, fail("%v", err)
	}
	if err := checkBudgets(e); err != nil {
		return nil, fail("%v", err)
	}
	if e.Fixtures, err = fixtures(exFS, slug, e.Reference, e.GradesTests()); err != nil {
		return nil, fail("%v", err)
	}
	for _, f := range e.Fixtures {
		if _, ok := e.Meta.Suites[f.Target]; !ok && f.Target != "build" {
			return nil, fail("testdata/bad/%s targets the %s suite, which exercise.json does not declare", f.Name, f.Target)
		}
	}
	if e.Good, err = goodFixtures(exFS, slug, e.GradesTests()); err != nil {
		return nil, fail("%v", err)
	}
	return e, nil
}

func validateMeta(m *Meta) error {
	if m.Title == "" || m.Summary == "" {
		return errors.New("title and summary are required")
	}
	if !slices.Contains(Difficulties, m.Difficulty) {
		return fmt.Errorf("difficulty %q: use one of %s", m.Difficulty, strings.Join(Difficulties, ", "))
	}
	if err := m.Imports.Validate(); err != nil {
		return fmt.Errorf("imports: %w", err)
	}
	total := 0.0
	for name, s := range m.Suites {
		if !slices.Contains(suite.Names(), name) {
			return fmt.Errorf("suites: unknown suite %q; the suites are %s", name, strings.Join(suite.Names(), ", "))
		}
		if s.Weight <= 0 {
			return fmt.Errorf("suites.%s.weight must be positive", name)
		}
		total += s.Weight
	}
	for name := range m.Suites {
		if k, _ := suite.Get(name); k.Run == suite.MutantRuns && len(m.Suites) > 1 {
			return fmt.Errorf("suites: %s grades the candidate's tests, and is an exercise's only suite; remove the others", name)
		}
	}
	if _, ok := m.Suites[scorecard.Correctness]; !ok && !slices.ContainsFunc(slices.Collect(maps.Keys(m.Suites)), func(n string) bool {
		k, _ := suite.Get(n)
		return k.Run == suite.MutantRuns
	}) {
		return fmt.Errorf("suites: %q is missing; an exercise that grades code has a correctness suite (it gates the others)", scorecard.Correctness)
	}
	if total != 100 {
		return fmt.Errorf("suites: the weights add up to %v; make them add up to 100", total)
	}
	for _, b := range m.Latency {
		if b.MaxRatio <= 1 {
			return fmt.Errorf("latency: %s: max_ratio must be above 1", b.Benchmark)
		}
		if b.MaxGrowth != "" && !slices.Contains(Growths, b.MaxGrowth) {
			return fmt.Errorf("latency: %s: max_growth %q: use one of %s", b.Benchmark, b.MaxGrowth, strings.Join(Growths, ", "))
		}
	}
	return nil
}

// goFiles reads the .go files of dir, sorted by name; test selects the
// _test.go files, or else the other .go files. A missing dir is empty.
func goFiles(fsys fs.FS, dir string, test bool) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []File
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") != test {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: name, Data: data})
	}
	return files, nil
}

// SuiteOf returns the suite of a spec test name (see [suite.Of]), or "".
func SuiteOf(name string) string {
	k, _ := suite.Of(name)
	return k.Name
}

func specTests(slug string, spec []File, declared map[string]SuiteMeta) ([]Test, error) {
	fset := token.NewFileSet()
	var tests []Test
	for _, f := range spec {
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("testdata/spec/%s: %v", f.Name, err)
		}
		if file.Name.Name != slug+"_test" {
			return nil, fmt.Errorf("testdata/spec/%s: the spec is the external test package %s_test, not %s", f.Name, slug, file.Name.Name)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			name := fd.Name.Name
			if name == "TestMain" {
				return nil, fmt.Errorf("testdata/spec/%s: TestMain is not allowed; the grader runs each test in a process of its own", f.Name)
			}
			isTest := strings.HasPrefix(name, "Test") || strings.HasPrefix(name, "Benchmark") || strings.HasPrefix(name, "Fuzz") || strings.HasPrefix(name, "Example")
			if !isTest {
				continue
			}
			of := SuiteOf(name)
			if of == "" {
				p := suite.Prefixes()
				return nil, fmt.Errorf("testdata/spec/%s: %s: a spec test's name starts with %s or %s; rename it (or unexport it if it is a helper)", f.Name, name, strings.Join(p[:len(p)-1], ", "), p[len(p)-1])
			}
			if _, ok := declared[of]; !ok {
				return nil, fmt.Errorf("testdata/spec/%s: %s belongs to the %s suite, which exercise.json does not declare; declare it or remove the test", f.Name, name, of)
			}
			tests = append(tests, Test{Name: name, Suite: of, Description: Description(name, fd.Doc.Text())})
		}
	}
	for s := range declared {
		found := false
		for _, t := range tests {
			found = found || t.Suite == s
		}
		if !found {
			return nil, fmt.Errorf("testdata/spec: the %s suite has no tests", s)
		}
	}
	return tests, nil
}

// Description is the candidate-safe description of the spec test name
// whose doc comment is doc: the comment's first sentence (as go/doc
// finds it), without a leading "name " and with its first letter in
// upper case; "" when doc is empty.
func Description(name, doc string) string {
	s := strings.TrimSpace(new(godoc.Package).Synopsis(doc))
	if rest, ok := strings.CutPrefix(s, name+" "); ok {
		s = rest
	}
	if r, size := utf8.DecodeRuneInString(s); size > 0 {
		s = string(unicode.ToUpper(r)) + s[size:]
	}
	return s
}

// Undescribed returns the names of the spec tests without a
// description (a doc comment): 'grader verify' fails while there are
// any, since the candidate's view of a scorecard shows a test's
// description in place of its failure message.
func (e *Exercise) Undescribed() []string {
	var out []string
	for _, t := range e.Tests {
		if t.Description == "" {
			out = append(out, t.Name)
		}
	}
	return out
}

func checkBudgets(e *Exercise) error {
	for _, t := range e.Tests {
		if t.Suite == scorecard.Latency {
			if _, ok := e.Budget(t.Name); !ok {
				return fmt.Errorf("exercise.json: latency: %s has no budget; add {\"benchmark\": %q, \"max_ratio\": ...}", t.Name, t.Name)
			}
		}
	}
	for _, b := range e.Meta.Latency {
		if !slices.ContainsFunc(e.Tests, func(t Test) bool { return t.Name == b.Benchmark }) {
			return fmt.Errorf("exercise.json: latency: no benchmark %s in the spec; remove the budget or add the benchmark", b.Benchmark)
		}
	}
	return nil
}

// fixtures reads testdata/bad/<suite>-<name>/: each folder holds either a
// whole submission or an overlay (overlay.go), which is applied to the
// reference ref here, so that a fixture's Files are always a whole
// submission.
func fixtures(fsys fs.FS, slug string, ref []File, tests bool) ([]Fixture, error) {
	dirs, err := fixtureDirs(fsys, slug, "bad", tests)
	if err != nil {
		return nil, err
	}
	var out []Fixture
	for _, d := range dirs {
		target, _, _ := strings.Cut(d.name, "-")
		if !slices.Contains(FixtureTargets, target) {
			return nil, fmt.Errorf("testdata/bad/%s: a fixture's folder name starts with the suite it targets (%s) and a dash", d.name, strings.Join(FixtureTargets, ", "))
		}
		if err := d.check(); err != nil {
			return nil, err
		}
		defect := markerLine(d.files, "// Defect:")
		if defect == "" {
			return nil, fmt.Errorf("testdata/bad/%s: say the defect in a comment line \"// Defect: ...\" in its main file", d.name)
		}
		files, err := overlaid(d.name, d.files, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, Fixture{Name: d.name, Target: target, Defect: defect, Files: files})
	}
	return out, nil
}

// fixtureDir is one fixture folder of testdata/<kind>/ and its .go files.
type fixtureDir struct {
	kind, name string
	files      []File
	err        error // reading the files failed
}

// check reports a folder without .go files, or whose files could not be
// read.
func (d fixtureDir) check() error {
	if d.err != nil || len(d.files) == 0 {
		return fmt.Errorf("testdata/%s/%s: no .go files (%v)", d.kind, d.name, d.err)
	}
	return nil
}

// fixtureDirs reads the folders of slug/testdata/kind/, in name order;
// none when there is no such folder.
func fixtureDirs(fsys fs.FS, slug, kind string, tests bool) ([]fixtureDir, error) {
	dir := slug + "/testdata/" + kind
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []fixtureDir
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		files, err := goFiles(fsys, path.Join(dir, ent.Name()), tests)
		out = append(out, fixtureDir{kind: kind, name: ent.Name(), files: files, err: err})
	}
	return out, nil
}

// markerLine returns the text after prefix on the first line of files
// that starts with it (after indentation), or "".
func markerLine(files []File, prefix string) string {
	for _, f := range files {
		for _, line := range strings.Split(string(f.Data), "\n") {
			if d, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
				if d = strings.TrimSpace(d); d != "" {
					return d
				}
			}
		}
	}
	return ""
}

// overlaid returns the files of the known-bad fixture name: files as
// they are, or, when they are an overlay, the reference ref with the
// overlay applied.
func overlaid(name string, files, ref []File) ([]File, error) {
	i := slices.IndexFunc(files, func(f File) bool { return f.Name == OverlayName })
	if i < 0 {
		return files, nil
	}
	if len(files) > 1 {
		return nil, fmt.Errorf("testdata/bad/%s: %s is applied to the reference, so it must be the fixture's only .go file; move the other files' declarations into it, or make the fixture whole files without %s", name, OverlayName, OverlayName)
	}
	out, err := applyOverlay(ref, files[i])
	if err != nil {
		return nil, fmt.Errorf("testdata/bad/%s/%s: %w", name, OverlayName, err)
	}
	return out, nil
}

// goodFixtures reads testdata/good/<name>/: submissions a candidate could
// plausibly write (a vendored library, an unusual but allowed import) that
// must score 100. Each says what it shows in a "// Good: ..." line; files
// other than .go files (a LICENSE, a note of the version) are not graded.
func goodFixtures(fsys fs.FS, slug string, tests bool) ([]Fixture, error) {
	dirs, err := fixtureDirs(fsys, slug, "good", tests)
	if err != nil {
		return nil, err
	}
	var out []Fixture
	for _, d := range dirs {
		if err := d.check(); err != nil {
			return nil, err
		}
		shows := markerLine(d.files, "// Good:")
		if shows == "" {
			return nil, fmt.Errorf("testdata/good/%s: say what it shows in a comment line \"// Good: ...\" in its main file", d.name)
		}
		out = append(out, Fixture{Name: d.name, Target: TargetGood, Defect: shows, Files: d.files})
	}
	return out, nil
}

// LoadDir loads a catalog folder outside the binary, of the same format
// as the bundled one: dir/exercises/<slug>/ and dir/solutions/<slug>/
// (see docs/exercise-format.md). Like [Load], it leaves out exercises
// with authoring errors and reports them by [Catalog.Broken]; the error
// is for a folder that is not a catalog at all.
func LoadDir(dir string) (*Catalog, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w; name a folder that holds exercises/ and solutions/", dir, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("catalog %s is a file; name a folder that holds exercises/ and solutions/", dir)
	}
	if fi, err := os.Stat(filepath.Join(dir, "exercises")); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("catalog %s has no exercises/ folder; a catalog holds exercises/<slug>/ and solutions/<slug>/ (start one with 'grader new SLUG --catalog %s')", dir, dir)
	}
	return Load(os.DirFS(filepath.Join(dir, "exercises")), os.DirFS(filepath.Join(dir, "solutions")))
}
