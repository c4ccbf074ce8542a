package kit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/specdeps"
)

// ReportSchema is the schema field of the JSON form of a [Report].
const ReportSchema = "grader.check/v1"

// Checks, the values of [Finding.Check].
const (
	CheckFiles   = "files"   // the kit's package has no Go files
	CheckPolicy  = "policy"  // the import and language rules
	CheckAPI     = "api"     // a symbol of the required API is missing or different
	CheckCompile = "compile" // the package does not compile
	CheckTests   = "tests"   // a public test fails
	CheckRace    = "race"    // the race detector found a race in a public test
	CheckLeak    = "leak"    // goroutines were left running after the public tests
	CheckGofmt   = "gofmt"   // a file is not gofmt'ed
	CheckVet     = "vet"     // go vet found a problem
)

// Finding is one thing 'grader check' found.
type Finding struct {
	Check string `json:"check"`
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	// Message says, in the candidate's words, what was found and what
	// it would cost.
	Message string `json:"message"`
	// Costs names the suites it would cost points in ("all" when
	// nothing would be built), "" when it costs none (gofmt, vet: an
	// interviewer still reads them).
	Costs  string `json:"costs,omitempty"`
	Detail string `json:"detail,omitempty"` // more lines: a test's output, a race's frames
}

// PublicTest is one public test and how it fared.
type PublicTest struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "pass", "fail" or "not_run"
	Reason string `json:"reason,omitempty"`
}

// Report is what 'grader check' found in a kit.
type Report struct {
	Schema      string       `json:"schema"` // "grader.check/v1"
	Exercise    string       `json:"exercise"`
	KitVersion  string       `json:"kit_version"`
	SpecSHA256  string       `json:"spec_sha256"`
	OK          bool         `json:"ok"` // nothing was found
	Findings    []Finding    `json:"findings"`
	Passed      []string     `json:"passed"` // the checks that found nothing, in words
	PublicTests []PublicTest `json:"public_tests"`
	// HiddenSuites is always false: the hidden suites are not in the
	// kit, and only the interviewer's 'grader grade' runs them.
	HiddenSuites bool `json:"hidden_suites_run"`
}

// RunRequest is what [Runner.RunKit] runs.
type RunRequest struct {
	Package   string
	Files     []catalog.File // the candidate's package
	Tests     []catalog.File // the public tests (pruned of tests that need missing API) and the leak check
	Warm      []catalog.File // the kit's API source, built as trusted code to warm the cache
	WarmTests []catalog.File // the leak check, built with Warm
	Timeout   time.Duration  // of the whole test run
	Modules   []string       // the modules outside the standard library it may import, vendored into the module
}

// RunResult is the raw outcome of a [RunRequest].
type RunResult struct {
	VetOutput  string
	VetExit    int
	TestJSON   []byte // 'go test -json' output
	TestStderr string
	TestExit   int
	TimedOut   bool
}

// Runner runs go vet and the public tests in the sandbox: the engine's
// RunKit.
type Runner interface {
	RunKit(ctx context.Context, req RunRequest) (*RunResult, error)
}

// leakCheckName is the test file 'grader check' adds for the leak check.
const leakCheckName = "zz_grader_leakcheck_test.go"

func leakCheck(pkg string) catalog.File {
	return catalog.File{Name: leakCheckName, Data: []byte(fmt.Sprintf(`package %s_test

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain looks for goroutines left running after the tests, whether
// they passed or not.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors after the tests: %%v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
`, pkg))}
}

// Check checks the candidate's package in the kit folder dir, with run
// for what needs Go (nil skips go vet and the public tests).
func Check(ctx context.Context, dir string, run Runner) (*Report, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	files, tests, err := readPackage(dir)
	if err != nil {
		return nil, err
	}
	r := &Report{Schema: ReportSchema, Exercise: m.Exercise, KitVersion: m.KitVersion, SpecSHA256: m.SpecSHA256,
		Findings: []Finding{}, Passed: []string{}, PublicTests: []PublicTest{}}
	add := func(f Finding) { r.Findings = append(r.Findings, f) }
	pass := func(s string) { r.Passed = append(r.Passed, s) }
	defer func() { r.OK = len(r.Findings) == 0 }()
	if len(files) == 0 {
		add(Finding{Check: CheckFiles, Message: fmt.Sprintf("%s has no Go files of package %s: every suite would score 0", dir, m.Exercise), Costs: "all"})
		return r, nil
	}

	// The import and language rules: a breach means nothing is built.
	pfiles := make([]policy.File, len(files))
	for i, f := range files {
		pfiles[i] = policy.File{Name: f.Name, Data: f.Data}
	}
	violations := policy.Check(pfiles, m.Exercise, m.Imports.Policy())
	for _, v := range violations {
		add(Finding{Check: CheckPolicy, File: v.File, Line: v.Line, Costs: "all",
			Message: v.Message + ": the grader would build nothing, and every suite would score 0"})
	}
	if len(violations) == 0 {
		pass("the import and language rules")
	}

	// The API, against the kit's, and the compiler.
	api := []apicheck.File{{Name: "api.go", Data: []byte(m.APISource)}}
	model, err := apicheck.NewModel(m.Exercise, api, toAPI(tests), specdeps.Importer(apicheck.DefaultImporter()))
	if err != nil {
		return nil, fmt.Errorf("the kit's API (%s): %w; the kit is damaged: ask for a new one", ManifestPath, err)
	}
	afiles := toAPI(files)
	mismatches := model.Compare(afiles)
	var missing []string
	for _, mm := range mismatches {
		missing = append(missing, mm.Symbol)
		name := shortName(mm.Symbol)
		expected := mm.Expected
		for _, s := range m.API {
			if s.Symbol == mm.Symbol {
				expected = s.Declaration // with the parameters' names
			}
		}
		f := Finding{Check: CheckAPI, Costs: "every suite with tests that use it", Detail: "the grader expects: " + expected}
		if mm.Found == "" {
			f.Message = fmt.Sprintf("`%s` is missing: the hidden tests of %s will score 0", name, name)
		} else {
			f.Message = fmt.Sprintf("`%s` is not declared as the prompt says: the hidden tests of %s will score 0", name, name)
			f.Detail += "\nyours:               " + mm.Found
		}
		add(f)
	}
	if len(mismatches) == 0 {
		pass("the API: every symbol of " + ManifestPath + " is declared as it says")
	}
	typeErrs := model.TypeErrors(afiles)
	for _, e := range typeErrs {
		file, line := position(e)
		add(Finding{Check: CheckCompile, File: file, Line: line, Costs: "all", Message: "does not compile: every suite would score 0", Detail: e})
	}
	if len(typeErrs) == 0 {
		pass("it type-checks")
	}

	// gofmt: costs nothing, but an interviewer reads the code.
	unformatted := 0
	for _, f := range append(slices.Clone(files), tests...) {
		if out, err := format.Source(f.Data); err == nil && !bytes.Equal(out, f.Data) {
			unformatted++
			add(Finding{Check: CheckGofmt, File: f.Name, Message: "not gofmt'ed: run 'gofmt -w " + f.Name + "' (this costs no points, but your interviewer reads your code)"})
		}
	}
	if unformatted == 0 {
		pass("gofmt")
	}

	// The public tests, with what the missing API leaves of them.
	pruned, dropped, err := model.Prune(missing)
	if err != nil {
		return nil, err
	}
	testNames := testFuncs(tests)
	for _, name := range testNames {
		if syms, ok := dropped[name]; ok {
			var short []string
			for _, s := range syms {
				short = append(short, "`"+shortName(s)+"`")
			}
			r.PublicTests = append(r.PublicTests, PublicTest{Name: name, Status: "not_run", Reason: "it needs " + strings.Join(short, ", ")})
		}
	}
	if run == nil {
		return r, nil
	}
	if len(violations) > 0 || len(typeErrs) > 0 {
		for _, name := range testNames {
			if _, ok := dropped[name]; !ok {
				r.PublicTests = append(r.PublicTests, PublicTest{Name: name, Status: "not_run", Reason: "the package does not build"})
			}
		}
		return r, nil
	}
	runTests := toCatalog(pruned)
	leak := !slices.Contains(testNames, "TestMain")
	if leak {
		runTests = append(runTests, leakCheck(m.Exercise))
	}
	res, err := run.RunKit(ctx, RunRequest{
		Package: m.Exercise, Files: files, Tests: runTests,
		Warm: []catalog.File{{Name: "api.go", Data: []byte(m.APISource)}}, WarmTests: []catalog.File{leakCheck(m.Exercise)},
		Timeout: 2 * time.Minute, Modules: m.Imports.Modules,
	})
	if err != nil {
		return nil, err
	}
	judge(r, res, files, leak)
	return r, nil
}

// judge turns the vet and test runs into findings.
func judge(r *Report, res *RunResult, files []catalog.File, leak bool) {
	add := func(f Finding) { r.Findings = append(r.Findings, f) }
	own := map[string]bool{}
	for _, f := range files {
		own[f.Name] = true
	}
	vetFound := 0
	for _, l := range strings.Split(res.VetOutput, "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "./")
		file, line := position(l)
		if file == "" || file == leakCheckName {
			continue
		}
		vetFound++
		msg := positionRE.ReplaceAllString(l, "")
		add(Finding{Check: CheckVet, File: file, Line: line, Message: "go vet: " + msg + " (this costs no points by itself, but vet's findings are often bugs)"})
	}
	if vetFound == 0 && res.VetExit == 0 {
		r.Passed = append(r.Passed, "go vet")
	}

	type testRun struct {
		action string
		output strings.Builder
	}
	runs := map[string]*testRun{}
	var order []string
	var pkgOut, buildOut strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(res.TestJSON))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev struct{ Action, Test, Output string }
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		switch {
		case ev.Action == "build-output":
			buildOut.WriteString(ev.Output)
		case ev.Test == "":
			if ev.Action == "output" {
				pkgOut.WriteString(ev.Output)
			}
		default:
			t := runs[ev.Test]
			if t == nil {
				t = &testRun{}
				runs[ev.Test] = t
				if !strings.Contains(ev.Test, "/") {
					order = append(order, ev.Test)
				}
			}
			switch ev.Action {
			case "output":
				t.output.WriteString(ev.Output)
			case "pass", "fail", "skip":
				t.action = ev.Action
			}
		}
	}
	if len(runs) == 0 && res.TestExit != 0 {
		out := buildOut.String() + res.TestStderr + pkgOut.String()
		add(Finding{Check: CheckCompile, Costs: "all", Message: "the public tests do not build with your package: every suite would score 0",
			Detail: strings.TrimSpace(out)})
		return
	}
	failed, raced := 0, 0
	for _, name := range order {
		t := runs[name]
		out := t.output.String()
		status := "pass"
		switch {
		case strings.Contains(out, "WARNING: DATA RACE"):
			raced++
			status = "fail"
			add(Finding{Check: CheckRace, Costs: "race", Message: fmt.Sprintf("a data race in %s: it would cost points in the race suite", name),
				Detail: "your code where it happened: " + strings.Join(frames(out, own, 4), ", ")})
		case t.action == "fail":
			failed++
			status = "fail"
			add(Finding{Check: CheckTests, Costs: "correctness", Message: fmt.Sprintf("the public test %s fails: hidden tests of the same behaviour would fail too", name),
				Detail: failureLines(out)})
		case t.action == "":
			failed++
			status = "fail"
			add(Finding{Check: CheckTests, Costs: "correctness", Message: fmt.Sprintf("the public test %s did not finish (a panic, a deadlock or the time limit): hidden tests would fail the same way", name),
				Detail: failureLines(out + pkgOut.String())})
		}
		r.PublicTests = append(r.PublicTests, PublicTest{Name: name, Status: status})
	}
	if failed == 0 && raced == 0 {
		r.Passed = append(r.Passed, fmt.Sprintf("the public tests pass with -race (%d)", len(order)))
	}
	switch {
	case !leak:
		r.Passed = append(r.Passed, "(the leak check did not run: your tests declare TestMain)")
	case strings.Contains(pkgOut.String(), "goleak: Errors"):
		add(Finding{Check: CheckLeak, Costs: "leak", Message: "goroutines were left running after the public tests: they would cost points in the leak suite",
			Detail: "started or blocked at: " + strings.Join(frames(pkgOut.String(), own, 4), ", ")})
	case res.TestExit == 0 || failed+raced > 0 && !res.TimedOut:
		r.Passed = append(r.Passed, "no goroutines left running after the public tests")
	}
	if res.TimedOut {
		add(Finding{Check: CheckTests, Costs: "correctness", Message: "the public tests did not finish in their time limit"})
	}
}

var frameRE = regexp.MustCompile(`(?m)^\s+\S*?([A-Za-z0-9_.-]+\.go):(\d+)`)

// frames returns up to n distinct file:line frames of own files in out.
func frames(out string, own map[string]bool, n int) []string {
	var fs []string
	for _, m := range frameRE.FindAllStringSubmatch(out, -1) {
		f := m[1] + ":" + m[2]
		if own[m[1]] && !slices.Contains(fs, f) && len(fs) < n {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return []string{"(no frame in your files)"}
	}
	return fs
}

// failureLines keeps a failing test's own lines: not the === and ---
// framing, at most 20.
func failureLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") || t == "FAIL" || t == "PASS" {
			continue
		}
		if len(keep) == 20 {
			keep = append(keep, "…")
			break
		}
		keep = append(keep, t)
	}
	return strings.Join(keep, "\n")
}

var positionRE = regexp.MustCompile(`^(?:\./)?([A-Za-z0-9_.-]+\.go):(\d+)(?::\d+)?: `)

// position returns the file and line a compiler or vet message starts
// with, or "" and 0.
func position(msg string) (string, int) {
	m := positionRE.FindStringSubmatch(msg)
	if m == nil {
		return "", 0
	}
	n, _ := strconv.Atoi(m[2])
	return m[1], n
}

// shortName is a symbol as a candidate names it: "RateLimiter.Wait" for
// "(*RateLimiter).Wait".
func shortName(symbol string) string {
	if rest, ok := strings.CutPrefix(symbol, "(*"); ok {
		return strings.Replace(rest, ").", ".", 1)
	}
	return symbol
}

// testFuncs returns the Test functions of files, in order.
func testFuncs(files []catalog.File) []string {
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Test") {
				out = append(out, fd.Name.Name)
			}
		}
	}
	return out
}

// readPackage reads the package files and the test files at the top of
// the kit folder dir.
func readPackage(dir string) (files, tests []catalog.File, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the kit: %w", err)
	}
	for _, ent := range entries {
		name := ent.Name()
		if !ent.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") {
			continue
		}
		data, err := fs.ReadFile(os.DirFS(dir), name)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the kit: %w", err)
		}
		f := catalog.File{Name: name, Data: data}
		if strings.HasSuffix(name, "_test.go") {
			tests = append(tests, f)
		} else {
			files = append(files, f)
		}
	}
	return files, tests, nil
}

func toCatalog(files []apicheck.File) []catalog.File {
	out := make([]catalog.File, len(files))
	for i, f := range files {
		out[i] = catalog.File{Name: f.Name, Data: f.Data}
	}
	return out
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes r for the candidate; m, the kit's manifest, names
// the hidden suites and their points (nil leaves them out).
func WriteText(w io.Writer, r *Report, m *Manifest) error {
	var b strings.Builder
	fmt.Fprintf(&b, "grader check: %s (kit %s)\n\n", r.Exercise, r.KitVersion)
	for _, f := range r.Findings {
		where := ""
		if f.File != "" {
			where = f.File
			if f.Line > 0 {
				where += ":" + strconv.Itoa(f.Line)
			}
			where += ": "
		}
		fmt.Fprintf(&b, "  ✗ %s%s\n", where, f.Message)
		if f.Detail != "" {
			fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(f.Detail, "\n", "\n      "))
		}
	}
	for _, p := range r.Passed {
		fmt.Fprintf(&b, "  ✓ %s\n", p)
	}
	for _, t := range r.PublicTests {
		if t.Status == "not_run" {
			fmt.Fprintf(&b, "  - public test %s not run: %s\n", t.Name, t.Reason)
		}
	}
	var suites []string
	if m != nil {
		for _, s := range m.Suites {
			suites = append(suites, fmt.Sprintf("%s %g", s.Name, s.Weight))
		}
	}
	points := ""
	if len(suites) > 0 {
		points = " (" + strings.Join(suites, ", ") + " points)"
	}
	fmt.Fprintf(&b, "\nThe hidden suites%s were not run: they are not in the kit,\nand only your interviewer's 'grader grade' runs them.\n", points)
	switch n := len(r.Findings); n {
	case 0:
		b.WriteString("Nothing found.\n")
	case 1:
		b.WriteString("1 thing found.\n")
	default:
		fmt.Fprintf(&b, "%d things found.\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
