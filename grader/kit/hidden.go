package kit

import (
	"strings"

	"github.com/hiringtools/grader/grader/catalog"
)

// HiddenMaterial returns what nothing a candidate sees may hold for
// exercise ex: every hidden test's name, and every non-trivial line (see
// [Trivial]) of the hidden spec, the reference solution and the fixtures
// that the candidate's own material (the stub, the public tests, the
// prompt) does not hold anyway, as a line or within one. The kit's tests,
// the candidate binary's test and the candidate view's test look for
// each in what they produce.
func HiddenMaterial(ex *catalog.Exercise) []string {
	var b strings.Builder
	for _, set := range [][]catalog.File{ex.Stub, ex.Public, {{Name: "prompt.md", Data: []byte(ex.CandidatePrompt())}}} {
		for _, f := range set {
			b.Write(f.Data)
			b.WriteString("\n")
		}
	}
	material := b.String()
	var out []string
	for _, t := range ex.Tests {
		out = append(out, t.Name)
	}
	sets := [][]catalog.File{ex.Spec, ex.Reference}
	for _, fx := range append(append([]catalog.Fixture{}, ex.Fixtures...), ex.Good...) {
		sets = append(sets, fx.Files)
	}
	seen := map[string]bool{}
	for _, set := range sets {
		for _, f := range set {
			for _, l := range strings.Split(string(f.Data), "\n") {
				l = strings.TrimSpace(l)
				if !seen[l] && !strings.Contains(material, l) && !Trivial(l) {
					seen[l] = true
					out = append(out, l)
				}
			}
		}
	}
	return out
}

// Trivial reports whether a source line says nothing of its own: blank,
// only brackets and punctuation, a keyword that opens or closes a block,
// a package clause, or an import path (the packages a solution imports
// are no secret: the API shows most of them).
func Trivial(l string) bool {
	l = strings.TrimSpace(l)
	bare := strings.Trim(l, "{}()[],; \t")
	switch bare {
	case "", "import", "var", "const", "type", "return", "default:", "break", "continue", "else", "} else", "//", "package", "go func", "defer func":
		return true
	}
	if strings.HasPrefix(l, "package ") {
		return true
	}
	fields := strings.Fields(l)
	last := fields[len(fields)-1]
	return len(fields) <= 2 && strings.HasPrefix(last, `"`) && strings.HasSuffix(last, `"`) && !strings.Contains(last, " ")
}
