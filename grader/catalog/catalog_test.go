package catalog_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
)

const meta = `{"title": "T", "summary": "S", "difficulty": "easy",
  "suites": {"correctness": {"weight": 40}, "race": {"weight": 20}, "leak": {"weight": 20}, "latency": {"weight": 20}},
  "latency": [{"benchmark": "BenchmarkLatency_X", "max_ratio": 8}]}`

const spec = `package ex_test

import "testing"

// TestCorrectness_A checks that A works. It uses 42 (for authors only).
func TestCorrectness_A(t *testing.T) {}
func TestRace_A(t *testing.T)        {}
func TestLeak_A(t *testing.T)        {}
func BenchmarkLatency_X(b *testing.B) {}
func helper()                        {}
`

func exercise(edit func(fstest.MapFS)) (fstest.MapFS, fstest.MapFS) {
	ex := fstest.MapFS{
		"ex/exercise.json":                    {Data: []byte(meta)},
		"ex/prompt.md":                        {Data: []byte("# Ex\n")},
		"ex/stub/ex.go":                       {Data: []byte("package ex\n")},
		"ex/testdata/spec/spec_test.go":       {Data: []byte(spec)},
		"ex/testdata/bad/race-unlocked/ex.go": {Data: []byte("// Defect: no lock.\npackage ex\n")},
		"ex/testdata/public/public_test.go":   {Data: []byte("package ex_test\n")},
		"ex/testdata/good/vendored/ex.go":     {Data: []byte("// Good: a vendored library.\npackage ex\n")},
		"ex/testdata/good/vendored/LICENSE":   {Data: []byte("a licence\n")},
	}
	if edit != nil {
		edit(ex)
	}
	return ex, fstest.MapFS{"ex/ex.go": {Data: []byte("package ex\n")}}
}

func TestLoad(t *testing.T) {
	type testCase struct {
		name string
		edit func(fstest.MapFS)
		want string // a part of the error; "" for a valid exercise
	}
	run := func(t *testing.T, tc testCase) {
		ex, sol := exercise(tc.edit)
		c, err := catalog.Load(ex, sol)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if b := c.Broken(); len(b) > 0 {
			got = b[0].Error()
		}
		if tc.want == "" {
			if got != "" {
				t.Fatalf("Load: %s", got)
			}
			e, err := c.Get("ex")
			if err != nil {
				t.Fatal(err)
			}
			want := []catalog.Test{{Name: "TestCorrectness_A", Suite: "correctness", Description: "Checks that A works."},
				{Name: "TestRace_A", Suite: "race"}, {Name: "TestLeak_A", Suite: "leak"}, {Name: "BenchmarkLatency_X", Suite: "latency"}}
			if diff := cmp.Diff(want, e.Tests); diff != "" {
				t.Errorf("Tests (-want +got):\n%s", diff)
			}
			if f := e.Fixtures; len(f) != 1 || f[0].Target != "race" || f[0].Defect != "no lock." {
				t.Errorf("Fixtures = %+v", f)
			}
			wantGood := []catalog.Fixture{{Name: "vendored", Target: catalog.TargetGood, Defect: "a vendored library.",
				Files: []catalog.File{{Name: "ex.go", Data: []byte("// Good: a vendored library.\npackage ex\n")}}}}
			if diff := cmp.Diff(wantGood, e.Good); diff != "" {
				t.Errorf("Good (-want +got):\n%s", diff)
			}
			return
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("Broken() = %q, want it to mention %q", got, tc.want)
		}
	}
	set := func(name, data string) func(fstest.MapFS) {
		return func(m fstest.MapFS) { m[name] = &fstest.MapFile{Data: []byte(data)} }
	}
	for _, tc := range []testCase{
		{name: "valid"},
		{name: "weights", edit: set("ex/exercise.json", strings.Replace(meta, `"weight": 40`, `"weight": 30`, 1)), want: "make them add up to 100"},
		{name: "opens a package", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"allow": ["net", "net/http"]},`, 1))},
		{name: "opens what is never opened", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"allow": ["unsafe"]},`, 1)), want: `allow: "unsafe" may never be opened`},
		{name: "imports as a list", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": ["sync"],`, 1)), want: "imports is no longer a list"},
		{name: "imports with an unknown field", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"deny": ["sort"]},`, 1)), want: `unknown field "deny"`},
		{name: "forbids a package the prompt does not mention", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"forbid": {"container/heap": "write the heap"}},`, 1)), want: "which the prompt must say"},
		{name: "good fixture without a Good line", edit: set("ex/testdata/good/vendored/ex.go", "package ex\n"), want: "// Good:"},
		{name: "allows a module", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"modules": ["github.com/golang-jwt/jwt/v5"]},`, 1))},
		{name: "allows a module the grader does not carry", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"modules": ["example.com/nosuch"]},`, 1)),
			want: "the grader does not carry example.com/nosuch; add it to the grader's go.mod"},
		{name: "allows a module with its version", edit: set("ex/exercise.json", strings.Replace(meta, `"easy",`, `"easy", "imports": {"modules": ["github.com/golang-jwt/jwt/v5@v5.3.1"]},`, 1)),
			want: "is not a module path"},
		{name: "unknown field", edit: set("ex/exercise.json", strings.Replace(meta, `"title"`, `"titel": "x", "title"`, 1)), want: "unknown field"},
		{name: "test outside the suites", edit: set("ex/testdata/spec/x_test.go", "package ex_test\n\nimport \"testing\"\n\nfunc TestOther(t *testing.T) {}\n"), want: "rename it"},
		{name: "TestMain", edit: set("ex/testdata/spec/x_test.go", "package ex_test\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n"), want: "TestMain is not allowed"},
		{name: "benchmark without a budget", edit: set("ex/testdata/spec/x_test.go", "package ex_test\n\nimport \"testing\"\n\nfunc BenchmarkLatency_Y(b *testing.B) {}\n"), want: "has no budget"},
		{name: "fixture without a defect line", edit: set("ex/testdata/bad/leak-x/ex.go", "package ex\n"), want: "// Defect:"},
		{name: "fixture for no suite", edit: set("ex/testdata/bad/speed-x/ex.go", "// Defect: d\npackage ex\n"), want: "starts with the suite it targets"},
		{name: "overlay that no longer applies", edit: set("ex/testdata/bad/leak-x/overlay.go", "// Defect: d\npackage ex\n\nfunc G() {}\n"),
			want: "exercise ex: testdata/bad/leak-x/overlay.go: G: the reference has no G; if the fixture adds it, put //grader:new"},
		{name: "overlay beside whole files", edit: func(m fstest.MapFS) {
			set("ex/testdata/bad/leak-x/overlay.go", "// Defect: d\npackage ex\n\n//grader:new\nfunc G() {}\n")(m)
			set("ex/testdata/bad/leak-x/more.go", "package ex\n")(m)
		}, want: "testdata/bad/leak-x: overlay.go is applied to the reference, so it must be the fixture's only .go file"},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestLoadOverlay checks that a fixture written as an overlay reaches the
// engine as whole files: the reference with the overlay applied.
func TestLoadOverlay(t *testing.T) {
	ex, sol := exercise(func(m fstest.MapFS) {
		delete(m, "ex/testdata/bad/race-unlocked/ex.go")
		m["ex/testdata/bad/race-unlocked/overlay.go"] = &fstest.MapFile{Data: []byte("// Defect: F counts wrong.\npackage ex\n\nfunc F() int { return 2 }\n")}
	})
	sol["ex/ex.go"] = &fstest.MapFile{Data: []byte("// Package ex is the reference.\npackage ex\n\nfunc F() int { return 1 }\n\nfunc G() {}\n")}
	c, err := catalog.Load(ex, sol)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range c.Broken() {
		t.Fatal(err)
	}
	e, err := c.Get("ex")
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Fixture{{Name: "race-unlocked", Target: "race", Defect: "F counts wrong.", Files: []catalog.File{{Name: "ex.go",
		Data: []byte("// Defect: F counts wrong.\npackage ex\n\nfunc F() int { return 2 }\n\nfunc G() {}\n")}}}}
	if diff := cmp.Diff(want, e.Fixtures, cmp.Transformer("string", func(b []byte) string { return string(b) })); diff != "" {
		t.Errorf("Fixtures (-want +got):\n%s", diff)
	}
}

func TestNotFoundSuggests(t *testing.T) {
	type testCase struct {
		name, slug string
		want       string // the error
	}
	ex, sol := exercise(nil)
	for _, slug := range []string{"ratelimiter", "lrucache", "ttlcache"} {
		ex[slug+"/exercise.json"] = ex["ex/exercise.json"]
		ex[slug+"/prompt.md"] = ex["ex/prompt.md"]
		ex[slug+"/stub/"+slug+".go"] = &fstest.MapFile{Data: []byte("package " + slug + "\n")}
		ex[slug+"/testdata/spec/spec_test.go"] = &fstest.MapFile{Data: []byte(strings.Replace(spec, "package ex_test", "package "+slug+"_test", 1))}
		ex[slug+"/testdata/bad/race-unlocked/"+slug+".go"] = &fstest.MapFile{Data: []byte("// Defect: no lock.\npackage " + slug + "\n")}
		ex[slug+"/testdata/public/public_test.go"] = &fstest.MapFile{Data: []byte("package " + slug + "_test\n")}
		sol[slug+"/"+slug+".go"] = &fstest.MapFile{Data: []byte("package " + slug + "\n")}
	}
	c, err := catalog.Load(ex, sol)
	if err != nil {
		t.Fatal(err)
	}
	if b := c.Broken(); len(b) > 0 {
		t.Fatalf("the test catalog is broken: %v", b)
	}
	run := func(t *testing.T, tc testCase) {
		_, err := c.Get(tc.slug)
		if err == nil {
			t.Fatalf("Get(%q) found an exercise", tc.slug)
		}
		if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
			t.Errorf("Get(%q) error (-want +got):\n%s", tc.slug, diff)
		}
	}
	for _, tc := range []testCase{
		{"a typo", "ratelimitr", `no exercise "ratelimitr"; did you mean "ratelimiter"? run 'grader list' to see the catalog`},
		{"a prefix", "rate", `no exercise "rate"; did you mean "ratelimiter"? run 'grader list' to see the catalog`},
		{"swapped letters", "lurcache", `no exercise "lurcache"; did you mean "lrucache"? run 'grader list' to see the catalog`},
		{"upper case", "TTLCache", `no exercise "TTLCache"; did you mean "ttlcache"? run 'grader list' to see the catalog`},
		{"nothing near", "nosuch", `no exercise "nosuch"; run 'grader list' to see the catalog`},
		{"empty", "", `no exercise ""; run 'grader list' to see the catalog`},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestCandidatePromptImportRule(t *testing.T) {
	type testCase struct {
		name    string
		imports string // the exercise.json "imports" member, or ""
		want    []string
		notWant []string
	}
	run := func(t *testing.T, tc testCase) {
		m := meta
		if tc.imports != "" {
			m = strings.Replace(meta, `"easy",`, `"easy", "imports": `+tc.imports+`,`, 1)
		}
		ex, sol := exercise(func(fs fstest.MapFS) {
			fs["ex/exercise.json"] = &fstest.MapFile{Data: []byte(m)}
			fs["ex/prompt.md"] = &fstest.MapFile{Data: []byte("# Ex\n\nDo not use `container/heap`: writing the heap is the exercise.\n")}
		})
		c, err := catalog.Load(ex, sol)
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range c.Broken() {
			t.Fatal(err)
		}
		e, err := c.Get("ex")
		if err != nil {
			t.Fatal(err)
		}
		p := strings.Join(strings.Fields(e.CandidatePrompt()), " ") // the rule is wrapped
		for _, w := range tc.want {
			if !strings.Contains(p, w) {
				t.Errorf("the prompt does not say %q:\n%s", w, p)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(p, w) {
				t.Errorf("the prompt says %q:\n%s", w, p)
			}
		}
	}
	for _, tc := range []testCase{
		{
			name: "the rule",
			want: []string{"You may import any package of the standard library except", "`os`, `os/exec`", "`path/filepath`, `net`, `net/http/...`", "`unsafe`"},
		},
		{
			name:    "an exercise opens the network",
			imports: `{"allow": ["net", "net/http"]}`,
			want:    []string{"(this exercise allows `net`, `net/http`)", "`net/http/...`"},
			notWant: []string{"`path/filepath`, `net`, "},
		},
		{
			name:    "an exercise forbids one more",
			imports: `{"forbid": {"container/heap": "writing the heap is the exercise"}}`,
			want:    []string{"This exercise also forbids `container/heap`: writing the heap is the exercise."},
		},
		{
			name:    "an exercise allows a module",
			imports: `{"modules": ["github.com/golang-jwt/jwt/v5"]}`,
			want:    []string{"this exercise allows the packages of `github.com/golang-jwt/jwt/v5` v5.", "nothing else outside the standard library"},
			notWant: []string{"Nothing outside the standard library can be imported"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestDescription(t *testing.T) {
	type testCase struct {
		name, test, doc, want string
		reason                string
	}
	run := func(t *testing.T, tc testCase) {
		if got := catalog.Description(tc.test, tc.doc); got != tc.want {
			t.Errorf("Description(%q, %q) = %q, want %q (%s)", tc.test, tc.doc, got, tc.want, tc.reason)
		}
	}
	for _, tc := range []testCase{
		{name: "none", test: "TestRace_A", doc: "", want: ""},
		{name: "named", test: "TestRace_A", doc: "TestRace_A calls A from many goroutines.\n", want: "Calls A from many goroutines."},
		{name: "first sentence only", test: "TestLeak_B", doc: "TestLeak_B checks that B stops. It waits 3s for it.\n",
			want: "Checks that B stops.", reason: "the rest of the comment is for authors and may hold inputs"},
		{name: "not named", test: "TestCorrectness_C", doc: "a full cache evicts.\n", want: "A full cache evicts."},
		{name: "paragraphs", test: "TestCorrectness_C", doc: "TestCorrectness_C checks C\nacross lines.\n\nMore.\n", want: "Checks C across lines."},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
