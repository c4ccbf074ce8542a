package grader

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/specdeps"
)

// gradertestSource is the spec support package, copied into every sandbox
// module as <slug>/internal/gradertest.
//
//go:embed gradertest/gradertest.go
var gradertestSource []byte

// writeModule writes the sandbox module for ex into dir.
func (e *Engine) writeModule(dir string, ex *catalog.Exercise, submission, spec []catalog.File) error {
	if err := WriteModule(dir, ex, submission, spec); err != nil {
		return fmt.Errorf("writing the sandbox module: %w", err)
	}
	return nil
}

// WriteModule writes into dir the module the engine builds for a grading
// of submission against ex, with spec as its hidden spec (the engine
// passes the spec pruned of tests that need missing API): the grader's own
// go.mod, the spec dependencies the binary carries ([specdeps]) as its
// vendor directory, with the modules the exercise lets the candidate
// import, the gradertest package, the submission's files and
// the spec. It reads nothing but its arguments: no Go module cache, no
// network. 'go test' builds the module offline (in vendor mode). The
// engine builds and runs it only in the sandbox; 'grader internal module'
// writes it for exercise authors and benchmarks, who run trusted code.
func WriteModule(dir string, ex *catalog.Exercise, submission, spec []catalog.File) error {
	// The modules the exercise lets a candidate import are vendored for
	// it alone (imports.modules in exercise.json).
	vendor, modules, err := specdeps.Vendor(ex.Meta.Imports.Modules)
	if err != nil {
		return fmt.Errorf("exercise %s: %w", ex.Slug, err)
	}
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module %s\n\ngo 1.26\n\nrequire (\n", ex.Slug)
	for _, m := range modules {
		fmt.Fprintf(&gomod, "\t%s %s\n", m.Path, m.Version)
	}
	gomod.WriteString(")\n")
	files := map[string][]byte{
		"go.mod":                            []byte(gomod.String()),
		"internal/gradertest/gradertest.go": gradertestSource,
	}
	for p, data := range vendor {
		files["vendor/"+p] = data
	}
	for _, f := range submission {
		files[f.Name] = f.Data
	}
	for _, f := range spec {
		files[f.Name] = f.Data
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
