// Package policy checks a submission against the grader's language and
// import policy before anything is built. Each breach is reported with the
// file and line, and the grader then builds and runs nothing.
//
// # Imports
//
// One rule holds for every exercise: a submission may import the standard
// library, except the packages in [Denied], which reach outside the test
// process (files, processes, the network, signals, the kernel) or around
// Go's rules (memory safety, the runtime's settings, the test framework).
// Packages that merely can touch the outside as a side effect stay allowed
// (fmt.Println writes to stdout, log to stderr): the sandbox confines them
// and the verdicts ignore what they print. Outside the standard library
// nothing may be imported: a submission is one package, graded alone.
//
// An exercise may open a denied package its subject needs ([Imports.Allow],
// e.g. net and net/http for a service exercise; the sandbox has no
// network), and may forbid one more where using it would defeat the
// exercise ([Imports.Forbid], with the reason, which its prompt must say);
// see docs/exercise-format.md.
//
// # Language
//
// A submission may use none of the routes by which code escapes the
// sandbox's rules or changes what is built: cgo, //go: directives
// (linkname, embed, ...), //line directives, build constraints in comments
// or in file names.
package policy

import (
	"fmt"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// File is a submitted Go file.
type File struct {
	Name string
	Data []byte
}

// Rules name the kinds of breach, as the scorecard records them.
const (
	RuleImport     = "import"
	RuleCgo        = "cgo"
	RuleDirective  = "directive"
	RuleConstraint = "build_constraint"
	RuleFileName   = "file_name"
	RulePackage    = "package"
)

// allowedDirectives are the //go: directives a submission may use: they
// change nothing about what is built or what it may reach.
var allowedDirectives = []string{"noinline"}

var fileNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*\.go$`)

// Check returns every breach of the policy in files, sorted by file and
// line. pkg is the package name the exercise requires and imports the
// exercise's exceptions to the import rule. Files that do not parse are
// left to the compiler, which reports them at the candidate's file:line.
func Check(files []File, pkg string, imports Imports) []scorecard.Violation {
	var out []scorecard.Violation
	add := func(file string, line int, rule, format string, args ...any) {
		out = append(out, scorecard.Violation{File: file, Line: line, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	for _, f := range files {
		if !fileNameRE.MatchString(f.Name) {
			add(f.Name, 0, RuleFileName, "file names are letters, digits, '_', '-' and '.', ending in .go; rename the file")
		} else if c := constraintInName(f.Name); c != "" {
			add(f.Name, 0, RuleFileName, "the suffix %q is a build constraint in a file name: the file would be built only on some systems; rename the file", c)
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil && file == nil {
			continue
		}
		// Real positions: a //line directive must not move where a
		// violation is reported.
		line := func(p token.Pos) int { return fset.PositionFor(p, false).Line }
		// A test file (only an exercise that grades tests takes them) may
		// be the external test package, and import "testing" and the
		// package under test.
		test := strings.HasSuffix(f.Name, "_test.go")
		if file.Name != nil && file.Name.Name != pkg && file.Name.Name != "" && !(test && file.Name.Name == pkg+"_test") {
			if test {
				add(f.Name, line(file.Name.Pos()), RulePackage, "the package is %s or %s_test, not %s; change the package clause", pkg, pkg, file.Name.Name)
			} else {
				add(f.Name, line(file.Name.Pos()), RulePackage, "the package is %s, not %s; change the package clause", pkg, file.Name.Name)
			}
		}
		for _, imp := range file.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if test && (p == "testing" || p == pkg) {
				continue
			}
			if p == "C" {
				add(f.Name, line(imp.Pos()), RuleCgo, "cgo (import \"C\") is not allowed; write the solution in Go")
			} else if msg := imports.refusal(p, pkg); msg != "" {
				add(f.Name, line(imp.Pos()), RuleImport, "%s", msg)
			}
		}
		for _, cg := range file.Comments {
			for _, c := range cg.List {
				checkComment(f.Name, line(c.Pos()), c.Text, add)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b scorecard.Violation) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return out
}

func checkComment(file string, line int, text string, add func(string, int, string, string, ...any)) {
	if strings.HasPrefix(text, "/*") {
		// A /* */ comment can hold a directive only at the start of a line
		// for //line; go: directives need the // form. Check each line.
		for i, l := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/"), "\n") {
			if strings.HasPrefix(l, "line ") {
				add(file, line+i, RuleDirective, "//line directives are not allowed: they change the positions the grader reports")
			}
		}
		return
	}
	body := strings.TrimPrefix(text, "//")
	switch {
	case strings.HasPrefix(body, "go:build") || strings.HasPrefix(strings.TrimSpace(body), "+build"):
		add(file, line, RuleConstraint, "build constraints are not allowed: every file is built in every suite; remove the line")
	case strings.HasPrefix(body, "go:"):
		name, _, _ := strings.Cut(strings.TrimPrefix(body, "go:"), " ")
		if !slices.Contains(allowedDirectives, name) {
			add(file, line, RuleDirective, "the //go:%s directive is not allowed; remove it", name)
		}
	case strings.HasPrefix(body, "line "):
		add(file, line, RuleDirective, "//line directives are not allowed: they change the positions the grader reports")
	case strings.HasPrefix(body, "export ") || strings.HasPrefix(body, "extern "):
		add(file, line, RuleCgo, "cgo directives are not allowed")
	}
}

// knownOS and knownArch are the GOOS and GOARCH values the go command
// treats as build constraints in file names (go/build's syslist).
var (
	knownOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
		"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// constraintInName returns the GOOS or GOARCH suffix that makes name a
// constrained file (x_linux.go, x_amd64.go, x_linux_amd64.go), or "".
func constraintInName(name string) string {
	stem := strings.TrimSuffix(name, ".go")
	parts := strings.Split(stem, "_")
	if len(parts) < 2 {
		return ""
	}
	last := parts[len(parts)-1]
	if slices.Contains(knownOS, last) || slices.Contains(knownArch, last) {
		return "_" + last
	}
	return ""
}
