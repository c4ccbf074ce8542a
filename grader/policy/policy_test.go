package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/policy"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestCheck(t *testing.T) {
	allowed := []string{"sync", "time"}
	type testCase struct {
		name  string
		files []policy.File
		want  []scorecard.Violation
	}
	run := func(t *testing.T, tc testCase) {
		got := policy.Check(tc.files, "lim", allowed)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Check (-want +got):\n%s", diff)
		}
	}
	file := func(name, src string) []policy.File { return []policy.File{{Name: name, Data: []byte(src)}} }
	for _, tc := range []testCase{
		{name: "allowed imports and noinline", files: file("l.go", "package lim\n\nimport \"sync\"\n\n//go:noinline\nfunc f() { var _ sync.Mutex }\n")},
		{
			name:  "import outside the list",
			files: file("l.go", "package lim\n\nimport \"os\"\n"),
			want:  []scorecard.Violation{{File: "l.go", Line: 3, Rule: policy.RuleImport, Message: `import "os" is not allowed in this exercise; it may use sync, time`}},
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
				{File: "l.go", Line: 4, Rule: policy.RuleImport, Message: `import "os" is not allowed in this exercise; it may use sync, time`},
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
