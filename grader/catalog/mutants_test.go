package catalog_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
)

const tmImpl = `package tm

import "strings"

// Upper upper-cases s.
func Upper(s string) string { return strings.ToUpper(s) }

type T struct{ n int }

// Add adds.
func (t *T) Add(k int, _ string, rest ...int) (int, error) { t.n += k; return t.n, nil }

func Each[E any](xs []E, f func(E)) {
	for _, x := range xs {
		f(x)
	}
}
`

// testExercise is a small exercise that grades tests, with edit applied.
func testExercise(edit func(ex, sol fstest.MapFS)) (fstest.MapFS, fstest.MapFS) {
	ex := fstest.MapFS{
		"tm/exercise.json":                        {Data: []byte(`{"title": "T", "summary": "S", "difficulty": "easy", "suites": {"mutants": {"weight": 100}}}`)},
		"tm/prompt.md":                            {Data: []byte("# Tm\n")},
		"tm/stub/tm.go":                           {Data: []byte(tmImpl)},
		"tm/stub/tm_test.go":                      {Data: []byte("package tm\n")},
		"tm/testdata/bad/mutants-weak/tm_test.go": {Data: []byte("// Defect: weak.\npackage tm\n")},
		"tm/testdata/mutants/lower/overlay.go":    {Data: []byte("// Behaviour: Upper upper-cases.\n\npackage tm\n\nimport \"strings\"\n\nfunc Upper(s string) string { return strings.ToLower(s) }\n")},
		"tm/testdata/mutants/sub/overlay.go":      {Data: []byte("// Behaviour: Add adds.\n\npackage tm\n\nfunc (t *T) Add(k int, _ string, rest ...int) (int, error) { t.n -= k; return t.n, nil }\n\nfunc Each[E any](xs []E, f func(E)) {}\n")},
	}
	sol := fstest.MapFS{"tm/tm.go": {Data: []byte(tmImpl)}, "tm/tm_test.go": {Data: []byte("package tm\n")}}
	if edit != nil {
		edit(ex, sol)
	}
	return ex, sol
}

func TestLoadTestsExercise(t *testing.T) {
	type testCase struct {
		name string
		edit func(ex, sol fstest.MapFS)
		want string // the load error, "" for none
	}
	run := func(t *testing.T, tc testCase) {
		c, err := catalog.Load(testExercise(tc.edit))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, err := range c.Broken() {
			got = err.Error()
		}
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Fatalf("load error %q, want one with %q", got, tc.want)
		}
		if tc.want != "" {
			return
		}
		e, _ := c.Get("tm")
		var tests []catalog.Test
		tests = append(tests, e.Tests...)
		want := []catalog.Test{{Name: "lower", Suite: "mutants", Description: "Upper upper-cases."}, {Name: "sub", Suite: "mutants", Description: "Add adds."}}
		if diff := cmp.Diff(want, tests); diff != "" || !e.GradesTests() || len(e.Stub) != 2 || len(e.Spec) != 1 || e.Fixtures[0].Files[0].Name != "tm_test.go" {
			t.Errorf("tests (-want +got):\n%s\nGradesTests %v, stub %d files, spec %d files", diff, e.GradesTests(), len(e.Stub), len(e.Spec))
		}
	}
	for _, tc := range []testCase{
		{name: "loads"},
		{name: "no behaviour", edit: func(ex, _ fstest.MapFS) {
			ex["tm/testdata/mutants/lower/overlay.go"] = &fstest.MapFile{Data: []byte("package tm\n\nfunc Upper(s string) string { return s }\n")}
		}, want: `say the behaviour`},
		{name: "a mutant that changes a type", edit: func(ex, _ fstest.MapFS) {
			ex["tm/testdata/mutants/lower/overlay.go"] = &fstest.MapFile{Data: []byte("// Behaviour: b.\npackage tm\n\ntype T struct{ n int64 }\n")}
		}, want: "replaces functions and methods only"},
		{name: "the stub's implementation differs", edit: func(ex, _ fstest.MapFS) {
			ex["tm/stub/tm.go"] = &fstest.MapFile{Data: []byte(strings.Replace(tmImpl, "ToUpper", "ToTitle", 1))}
		}, want: "must hold a copy of the reference's files"},
		{name: "no model answer", edit: func(_, sol fstest.MapFS) { delete(sol, "tm/tm_test.go") }, want: "model answer"},
		{name: "with another suite", edit: func(ex, _ fstest.MapFS) {
			ex["tm/exercise.json"] = &fstest.MapFile{Data: []byte(`{"title": "T", "summary": "S", "difficulty": "easy", "suites": {"mutants": {"weight": 50}, "correctness": {"weight": 50}}}`)}
		}, want: "is an exercise's only suite"},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestSchemata weaves the mutants into the reference: the result
// type-checks, and each replaced function starts by dispatching to its
// mutant's version.
func TestSchemata(t *testing.T) {
	c, err := catalog.Load(testExercise(nil))
	if err != nil || len(c.Broken()) > 0 {
		t.Fatal(err, c.Broken())
	}
	e, _ := c.Get("tm")
	files, err := e.Schemata("x1")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	var names []string
	all := ""
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Data, 0)
		if err != nil {
			t.Fatalf("%s: %v\n%s", f.Name, err, f.Data)
		}
		parsed = append(parsed, af)
		names = append(names, f.Name)
		all += string(f.Data)
	}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("tm", fset, parsed, nil); err != nil {
		t.Fatalf("the woven reference does not type-check: %v\n%s", err, all)
	}
	if diff := cmp.Diff([]string{"tm.go", "zz_mutant1.go", "zz_mutant2.go", "zz_mutants.go"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		`if activeMutant_x1 == "1" {` + "\n\t\treturn Upper__mutant1(s)",
		"return t.Add__mutant2(k, arg__0, rest...)",
		"Each__mutant2[E](xs, f)\n\t\treturn",
		`var activeMutant_x1 = os.Getenv("GRADER_MUTANT")`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the woven reference lacks %q:\n%s", want, all)
		}
	}
}
