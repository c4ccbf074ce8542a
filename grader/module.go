package grader

import (
	_ "embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hiringtools/grader/grader/catalog"
)

// gradertestSource is the spec support package, copied into every sandbox
// module as <slug>/internal/gradertest.
//
//go:embed gradertest/gradertest.go
var gradertestSource []byte

// specModule is a module the hidden specs may import. The sandbox module
// vendors it from the module cache of the machine the grader was built on,
// so that building needs neither the network nor a writable module cache.
// TestSpecModulesMatchGoMod keeps these versions equal to go.mod's.
type specModule struct {
	Path, Version string
}

var specModules = []specModule{
	{"github.com/google/go-cmp", "v0.7.0"},
	{"go.uber.org/goleak", "v1.3.0"},
}

// vendorTree is the vendor/ directory every sandbox module gets: relative
// path to contents, plus modules.txt. It is built once per process.
type vendorTree struct {
	once  sync.Once
	files map[string][]byte
	err   error
}

func (v *vendorTree) load(modcache string) (map[string][]byte, error) {
	v.once.Do(func() { v.files, v.err = readVendor(modcache) })
	return v.files, v.err
}

func readVendor(modcache string) (map[string][]byte, error) {
	files := map[string][]byte{}
	var txt strings.Builder
	for _, m := range specModules {
		root := filepath.Join(modcache, escapePath(m.Path)+"@"+m.Version)
		gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err != nil {
			return nil, fmt.Errorf("the grader needs %s@%s in the Go module cache (%s): %w; run 'go mod download' in the grader's source tree, or 'grader doctor'", m.Path, m.Version, modcache, err)
		}
		goVersion := ""
		for _, l := range strings.Split(string(gomod), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(l), "go "); ok {
				goVersion = strings.TrimSpace(v)
			}
		}
		fmt.Fprintf(&txt, "# %s %s\n## explicit", m.Path, m.Version)
		if goVersion != "" {
			fmt.Fprintf(&txt, "; go %s", goVersion)
		}
		txt.WriteString("\n")
		pkgs := map[string]bool{}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				if base := d.Name(); p != root && (base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(p, "go.mod")); p != root && err == nil {
					return filepath.SkipDir // a nested module
				}
				return nil
			}
			name := d.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				if name != "LICENSE" {
					return nil
				}
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[filepath.ToSlash(filepath.Join(m.Path, rel))] = data
			if strings.HasSuffix(name, ".go") {
				pkgs[filepath.ToSlash(filepath.Join(m.Path, filepath.Dir(rel)))] = true
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s@%s from the module cache: %w", m.Path, m.Version, err)
		}
		for _, p := range sortedKeys(pkgs) {
			txt.WriteString(strings.TrimSuffix(p, "/.") + "\n")
		}
	}
	files["modules.txt"] = []byte(txt.String())
	return files, nil
}

// escapePath is the module cache's case encoding of a module path.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// writeModule writes the sandbox module for ex into dir, with the vendor
// tree from the engine's Go module cache.
func (e *Engine) writeModule(dir string, ex *catalog.Exercise, submission, spec []catalog.File) error {
	vendor, err := e.vendor.load(e.goEnv.GOMODCACHE)
	if err != nil {
		return err
	}
	if err := writeModule(dir, ex, vendor, submission, spec); err != nil {
		return fmt.Errorf("writing the sandbox module: %w", err)
	}
	return nil
}

// writeModule writes the sandbox module for ex into dir: the grader's own
// go.mod, the vendored spec dependencies, the gradertest package, the
// submission's files and the (pruned) spec.
func writeModule(dir string, ex *catalog.Exercise, vendor map[string][]byte, submission, spec []catalog.File) error {
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module %s\n\ngo 1.26\n\nrequire (\n", ex.Slug)
	for _, m := range specModules {
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
