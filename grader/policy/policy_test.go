package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestCheck(t *testing.T) {
	type testCase struct {
		name    string
		imports policy.Imports // the exercise's exceptions
		files   []policy.File
		want    []scorecard.Violation
	}
	run := func(t *testing.T, tc testCase) {
		got := policy.Check(tc.files, "lim", tc.imports)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Check (-want +got):\n%s", diff)
		}
	}
	file := func(name, src string) []policy.File { return []policy.File{{Name: name, Data: []byte(src)}} }
	for _, tc := range []testCase{
		{name: "allowed imports and noinline", files: file("l.go", "package lim\n\nimport \"sync\"\n\n//go:noinline\nfunc f() { var _ sync.Mutex }\n")},
		{
			name:  "the standard library is allowed: fmt, hash/maphash, reflect, runtime, net/url",
			files: file("l.go", "package lim\n\nimport (\n\t\"fmt\"\n\t\"hash/maphash\"\n\t\"reflect\"\n\t\"runtime\"\n\t\"net/url\"\n)\n"),
		},
		{
			name:  "a denied package",
			files: file("l.go", "package lim\n\nimport \"os\"\n"),
			want:  []scorecard.Violation{{File: "l.go", Line: 3, Rule: policy.RuleImport, Message: `import "os" is not allowed: it reaches the machine: files, the environment, other processes and the process's own exit`}},
		},
		{
			name:  "a package under a denied tree",
			files: file("l.go", "package lim\n\nimport \"debug/elf\"\n"),
			want:  []scorecard.Violation{{File: "l.go", Line: 3, Rule: policy.RuleImport, Message: `import "debug/elf" is not allowed: it reads executables and their debug information (the test binary holds the hidden spec)`}},
		},
		{
			name:    "an exercise opens net and net/http, not net/http/pprof",
			imports: policy.Imports{Allow: []string{"net", "net/http"}},
			files:   file("l.go", "package lim\n\nimport (\n\t\"net\"\n\t\"net/http\"\n\t\"net/http/pprof\"\n)\n"),
			want:    []scorecard.Violation{{File: "l.go", Line: 6, Rule: policy.RuleImport, Message: `import "net/http/pprof" is not allowed: it serves and fetches over the network (the sandbox has no network)`}},
		},
		{
			name:    "an exercise forbids one more package",
			imports: policy.Imports{Forbid: map[string]string{"container/heap": "the exercise is to write the heap"}},
			files:   file("l.go", "package lim\n\nimport \"container/heap\"\n"),
			want:    []scorecard.Violation{{File: "l.go", Line: 3, Rule: policy.RuleImport, Message: `import "container/heap" is not allowed in this exercise: the exercise is to write the heap`}},
		},
		{
			name: "an exercise allows a module: its packages whose imports the exercise allows",
			imports: policy.Imports{Allow: []string{"net/http"}, Modules: []string{"example.com/jwt"}}.WithVendored(map[string][]string{
				"example.com/jwt":              {"crypto/hmac", "example.com/jwt/internal/b64"},
				"example.com/jwt/internal/b64": {"encoding/base64"},
				"example.com/jwt/request":      {"net/http", "example.com/jwt"},
				"example.com/jwt/test":         {"os", "example.com/jwt"},
				"example.com/jwt/usestest":     {"example.com/jwt/test"},
			}),
			files: file("l.go", "package lim\n\nimport (\n\t\"example.com/jwt\"\n\t\"example.com/jwt/request\"\n\t\"example.com/jwt/test\"\n\t\"example.com/jwt/usestest\"\n\t\"example.com/jwt/nosuch\"\n\t\"example.com/jwt/internal/b64\"\n\t\"example.com/jwtx\"\n)\n"),
			want: []scorecard.Violation{
				{File: "l.go", Line: 6, Rule: policy.RuleImport, Message: `import "example.com/jwt/test" is not allowed: it imports "os", which this exercise does not allow`},
				{File: "l.go", Line: 7, Rule: policy.RuleImport, Message: `import "example.com/jwt/usestest" is not allowed: it imports "example.com/jwt/test", which this exercise does not allow`},
				{File: "l.go", Line: 8, Rule: policy.RuleImport, Message: `import "example.com/jwt/nosuch" is not allowed: the exercise allows module example.com/jwt, which has no package example.com/jwt/nosuch that the grader carries`},
				{File: "l.go", Line: 9, Rule: policy.RuleImport, Message: `import "example.com/jwt/internal/b64" is not allowed: Go's rules keep internal packages to the code they belong to`},
				{File: "l.go", Line: 10, Rule: policy.RuleImport, Message: `import "example.com/jwtx" is not allowed: only the standard library may be imported (a submission is one package, graded alone); copy what you need into your package`},
			},
		},
		{
			name:  "outside the standard library, the sandbox module's packages and internal packages",
			files: file("l.go", "package lim\n\nimport (\n\t\"golang.org/x/time/rate\"\n\t\"lim/internal/gradertest\"\n\t\"crypto/internal/fips140\"\n)\n"),
			want: []scorecard.Violation{
				{File: "l.go", Line: 4, Rule: policy.RuleImport, Message: `import "golang.org/x/time/rate" is not allowed: only the standard library may be imported (a submission is one package, graded alone); copy what you need into your package`},
				{File: "l.go", Line: 5, Rule: policy.RuleImport, Message: `import "lim/internal/gradertest" is not allowed: only the standard library may be imported (a submission is one package, graded alone); copy what you need into your package`},
				{File: "l.go", Line: 6, Rule: policy.RuleImport, Message: `import "crypto/internal/fips140" is not allowed: Go's rules keep internal packages to the code they belong to`},
			},
		},
		{
			name:  "cgo",
			files: file("l.go", "package lim\n\n// #include <stdio.h>\nimport \"C\"\n"),
			want:  []scorecard.Violation{{File: "l.go", Line: 4, Rule: policy.RuleCgo, Message: `cgo (import "C") is not allowed; write the solution in Go`}},
		},
		{
			name:  "linkname and embed",
			files: file("l.go", "package lim\n\n//go:linkname f runtime.f\nfunc f()\n\n//go:embed spec_test.go\nvar s string\n"),
			want: []scorecard.Violation{
				{File: "l.go", Line: 3, Rule: policy.RuleDirective, Message: "the //go:linkname directive is not allowed; remove it"},
				{File: "l.go", Line: 6, Rule: policy.RuleDirective, Message: "the //go:embed directive is not allowed; remove it"},
			},
		},
		{
			name:  "build constraints in a comment and in the name",
			files: file("l_linux.go", "//go:build race\n\npackage lim\n"),
			want: []scorecard.Violation{
				{File: "l_linux.go", Rule: policy.RuleFileName, Message: `the suffix "_linux" is a build constraint in a file name: the file would be built only on some systems; rename the file`},
				{File: "l_linux.go", Line: 1, Rule: policy.RuleConstraint, Message: "build constraints are not allowed: every file is built in every suite; remove the line"},
			},
		},
		{
			name:  "a //line directive does not move later violations",
			files: file("l.go", "package lim\n\n//line spec_test.go:40\nimport \"os\"\n"),
			want: []scorecard.Violation{
				{File: "l.go", Line: 3, Rule: policy.RuleDirective, Message: "//line directives are not allowed: they change the positions the grader reports"},
				{File: "l.go", Line: 4, Rule: policy.RuleImport, Message: `import "os" is not allowed: it reaches the machine: files, the environment, other processes and the process's own exit`},
			},
		},
		{
			name: "a test file (an exercise that grades tests) may be the external test package and import testing and the package",
			files: []policy.File{
				{Name: "a_test.go", Data: []byte("package lim_test\n\nimport (\n\t\"testing\"\n\t\"lim\"\n\t\"testing/quick\"\n)\n")},
				{Name: "b_test.go", Data: []byte("package lim\n\nimport \"testing\"\n")},
				{Name: "c_test.go", Data: []byte("package other_test\n")},
				{Name: "d.go", Data: []byte("package lim\n\nimport \"testing\"\n")},
			},
			want: []scorecard.Violation{
				{File: "a_test.go", Line: 6, Rule: policy.RuleImport, Message: `import "testing/quick" is not allowed: the test framework belongs to the hidden spec: a submission that drives it could register its flags or print the lines the grader reads as results`},
				{File: "c_test.go", Line: 1, Rule: policy.RulePackage, Message: "the package is lim or lim_test, not other_test; change the package clause"},
				{File: "d.go", Line: 3, Rule: policy.RuleImport, Message: `import "testing" is not allowed: the test framework belongs to the hidden spec: a submission that drives it could register its flags or print the lines the grader reads as results`},
			},
		},
		{
			name:  "wrong package",
			files: file("l.go", "package main\n"),
			want:  []scorecard.Violation{{File: "l.go", Line: 1, Rule: policy.RulePackage, Message: "the package is lim, not main; change the package clause"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestImportsValidate(t *testing.T) {
	type testCase struct {
		name    string
		imports policy.Imports
		want    string // the error; "" for none
	}
	run := func(t *testing.T, tc testCase) {
		got := ""
		if err := tc.imports.Validate(); err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Validate (-want +got):\n%s", diff)
		}
	}
	for _, tc := range []testCase{
		{name: "none"},
		{name: "a service opens the network", imports: policy.Imports{Allow: []string{"net", "net/http"}}},
		{name: "forbid with a reason", imports: policy.Imports{Forbid: map[string]string{"container/heap": "the exercise is to write a heap"}}},
		{name: "opening an allowed package", imports: policy.Imports{Allow: []string{"fmt"}},
			want: `allow: "fmt" is allowed already (the standard library is, except the packages policy.Denied lists); remove it`},
		{name: "opening what is never opened", imports: policy.Imports{Allow: []string{"unsafe"}},
			want: `allow: "unsafe" may never be opened: it steps around Go's memory safety: it can read and write any memory of the test process, the hidden spec's and the test framework's included`},
		{name: "forbid without a reason", imports: policy.Imports{Forbid: map[string]string{"sort": " "}},
			want: `forbid: "sort" needs a reason: why using it would defeat the exercise`},
		{name: "forbid what is denied", imports: policy.Imports{Forbid: map[string]string{"os": "no files"}},
			want: `forbid: "os" is denied to every exercise already; remove it`},
		{name: "a module", imports: policy.Imports{Modules: []string{"github.com/golang-jwt/jwt/v5"}}},
		{name: "a module named badly", imports: policy.Imports{Modules: []string{"jwt", "github.com/golang-jwt/jwt/v5@v5.3.1", "a.com/x", "a.com/x"}},
			want: "modules: \"jwt\" is not a module path: write it as go.mod requires it, without a version (\"github.com/golang-jwt/jwt/v5\")\n" +
				"modules: \"github.com/golang-jwt/jwt/v5@v5.3.1\" is not a module path: write it as go.mod requires it, without a version (\"github.com/golang-jwt/jwt/v5\")\n" +
				"modules: \"a.com/x\" is named twice; keep one"},
		{name: "forbid a module", imports: policy.Imports{Forbid: map[string]string{"golang.org/x/time/rate": "write it yourself"}},
			want: `forbid: "golang.org/x/time/rate" is not a standard-library package; only those are allowed at all`},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
