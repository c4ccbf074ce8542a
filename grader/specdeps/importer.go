package specdeps

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"path"
	"slices"
	"strings"
	"sync"
)

// Importer returns an importer that type-checks the packages of the
// _modules tree (the modules candidates may import) from their source,
// for the files the build would compile, and asks std for every other
// package. The grader type-checks a submission before it builds it; a
// submission that imports an allowed module needs its types.
func Importer(std types.Importer) types.Importer {
	return &sourceImporter{std: std, pkgs: map[string]*types.Package{}}
}

type sourceImporter struct {
	std  types.Importer
	mu   sync.Mutex
	pkgs map[string]*types.Package
}

func (im *sourceImporter) Import(p string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.load(p, nil)
}

func (im *sourceImporter) load(p string, stack []string) (*types.Package, error) {
	if pkg, ok := im.pkgs[p]; ok {
		return pkg, nil
	}
	files := sourceFiles(p)
	if files == nil {
		return im.std.Import(p)
	}
	if slices.Contains(stack, p) {
		return nil, fmt.Errorf("import cycle through %s", p)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	}) {
		f, err := parser.ParseFile(fset, name, files[name], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	conf := types.Config{Importer: importerFunc(func(dep string) (*types.Package, error) {
		return im.load(dep, append(stack, p))
	})}
	pkg, err := conf.Check(p, fset, parsed, nil)
	if err != nil {
		return nil, fmt.Errorf("type-checking %s: %w", p, err)
	}
	im.pkgs[p] = pkg
	return pkg, nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(p string) (*types.Package, error) { return f(p) }

// sourceFiles returns the .go files of package p of the _modules tree that
// a build for this platform compiles (not cgo), by base name; nil when
// the tree has no package p.
func sourceFiles(p string) map[string][]byte {
	tree := candidateFiles()
	listed := false
	for _, b := range parseModules(tree["modules.txt"]) {
		listed = listed || slices.Contains(b.pkgs, p)
	}
	if !listed {
		return nil
	}
	ctxt := build.Default
	ctxt.CgoEnabled = false
	ctxt.OpenFile = func(name string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(tree[strings.TrimPrefix(name, "/")])), nil
	}
	ctxt.JoinPath = path.Join
	out := map[string][]byte{}
	for name, data := range tree {
		if path.Dir(name) != p || !strings.HasSuffix(name, ".go") {
			continue
		}
		if ok, err := ctxt.MatchFile("/"+p, path.Base(name)); err == nil && ok {
			out[path.Base(name)] = data
		}
	}
	return out
}
