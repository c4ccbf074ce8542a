// Package apicheck compares a submission's API with the API its exercise
// requires, and prunes the hidden spec so that a submission lacking part of
// the API is still graded on the rest.
//
// The required API is the reference solution's exported API: its exported
// functions, types (with their kind, type parameters, exported methods and
// exported struct fields), variables and constants. A symbol is missing when
// the submission does not declare it, and mismatched when it declares it
// differently (parameter names and type parameter names do not matter).
// Tests that use a missing or mismatched symbol, directly or through spec
// helpers, are removed from the spec before it is built; they score zero
// and the scorecard names the symbol.
package apicheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/ast/astutil"
)

// File is a Go source file.
type File struct {
	Name string
	Data []byte
}

// Symbol is one element of the required API.
type Symbol struct {
	Key      string // e.g. "NewRateLimiter", "(*RateLimiter).Wait", "Policy.MaxAttempts"
	Expected string // the reference's declaration
	sig      string // canonical form compared with the candidate's
	kind     string // "func", "type", "var", "const", "method", "field"
	typeName string // for methods and fields: the type's name
	name     string
	obj      types.Object
}

// Mismatch is a required symbol the candidate lacks or declares
// differently.
type Mismatch struct {
	Symbol   string
	Expected string
	Found    string // "" when the symbol is absent
}

// Model is an exercise's required API and the dependency graph of its
// spec, computed once and shared by every grading of the exercise.
type Model struct {
	pkg     string
	refSrc  []File
	ref     *types.Package
	symbols []Symbol
	spec    *specGraph
	imp     types.Importer
}

// NewModel type-checks the reference solution of package pkg and analyses
// spec. imp provides the standard library's types.
func NewModel(pkg string, reference, spec []File, imp types.Importer) (*Model, error) {
	ref, _, errs := typeCheck(pkg, reference, imp)
	if len(errs) > 0 {
		return nil, fmt.Errorf("the reference solution does not type-check: %s", errs[0])
	}
	m := &Model{pkg: pkg, refSrc: reference, ref: ref, imp: imp}
	m.symbols = apiOf(ref)
	g, err := analyseSpec(pkg, ref, spec, imp, m.symbols)
	if err != nil {
		return nil, err
	}
	m.spec = g
	return m, nil
}

// Symbols returns the required API, in the order Compare reports it;
// grader verify takes each out of the reference in turn (see Without).
func (m *Model) Symbols() []Symbol { return m.symbols }

// TypeErrors type-checks the candidate's files and returns the compiler
// messages, at the candidate's file:line, or nil when they type-check.
func (m *Model) TypeErrors(files []File) []string {
	_, _, errs := typeCheck(m.pkg, files, m.imp)
	return errs
}

// Compare returns the required symbols the candidate's package lacks or
// declares differently. Files with type errors are compared too, from what
// type-checks: a declaration whose own types do not type-check is not
// judged (its compiler error says what is wrong), and nothing is judged
// when the files do not parse.
func (m *Model) Compare(files []File) []Mismatch {
	cand, _, _ := typeCheck(m.pkg, files, m.imp)
	if cand == nil {
		return nil
	}
	var out []Mismatch
	for _, s := range m.symbols {
		found, shown, ok := lookup(cand, s)
		if ok && found == s.sig {
			continue
		}
		if ok && strings.Contains(found, "invalid type") {
			continue
		}
		mm := Mismatch{Symbol: s.Key, Expected: s.Expected}
		if ok {
			mm.Found = shown
		}
		out = append(out, mm)
	}
	return out
}

// Prune returns the spec without the declarations that need a symbol of
// missing, and for each removed test the missing symbols it needs.
func (m *Model) Prune(missing []string) ([]File, map[string][]string, error) {
	return m.spec.prune(missing)
}

// typeCheck type-checks files as package pkg, returning the package, the
// info and the type errors formatted as file:line:col: message. The
// package is nil when the files do not parse.
func typeCheck(pkg string, files []File, imp types.Importer) (*types.Package, *types.Info, []string) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	var errs []string
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		parsed = append(parsed, af)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: imp, Error: func(err error) {
		if len(errs) < 20 {
			errs = append(errs, err.Error())
		}
	}}
	p, _ := conf.Check(pkg, fset, parsed, info)
	return p, info, errs
}

// qualifier writes types of the package under check without a qualifier
// and every other type with its package path.
func qualifier(self *types.Package) types.Qualifier {
	return func(p *types.Package) string {
		if p == self || p.Name() == self.Name() && p.Path() == self.Path() {
			return ""
		}
		return p.Path()
	}
}

func apiOf(pkg *types.Package) []Symbol {
	var out []Symbol
	q := qualifier(pkg)
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		s := Symbol{Key: name, name: name, obj: obj, Expected: display(obj, q)}
		switch o := obj.(type) {
		case *types.Func:
			s.kind = "func"
		case *types.Var:
			s.kind = "var"
		case *types.Const:
			s.kind = "const"
		case *types.TypeName:
			s.kind = "type"
			out = append(out, withSig(s, pkg))
			out = append(out, membersOf(pkg, o)...)
			continue
		}
		out = append(out, withSig(s, pkg))
	}
	return out
}

func withSig(s Symbol, pkg *types.Package) Symbol {
	s.sig = canonical(s.obj, pkg)
	return s
}

func membersOf(pkg *types.Package, tn *types.TypeName) []Symbol {
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return nil
	}
	q := qualifier(pkg)
	var out []Symbol
	ms := types.NewMethodSet(types.NewPointer(named))
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		key := tn.Name() + "." + fn.Name()
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
				key = "(*" + tn.Name() + ")." + fn.Name()
			}
		}
		out = append(out, withSig(Symbol{Key: key, name: fn.Name(), typeName: tn.Name(), kind: "method", obj: fn, Expected: types.ObjectString(fn, q)}, pkg))
	}
	if st, ok := named.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if !f.Exported() {
				continue
			}
			out = append(out, withSig(Symbol{Key: tn.Name() + "." + f.Name(), name: f.Name(), typeName: tn.Name(), kind: "field", obj: f,
				Expected: tn.Name() + "." + f.Name() + " " + types.TypeString(f.Type(), q)}, pkg))
		}
	}
	return out
}

// lookup finds s in the candidate's package and returns its canonical form
// and the declaration as a message shows it.
func lookup(cand *types.Package, s Symbol) (canon, shown string, ok bool) {
	q := qualifier(cand)
	switch s.kind {
	case "method", "field":
		tn, ok := cand.Scope().Lookup(s.typeName).(*types.TypeName)
		if !ok {
			return "", "", false
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, cand, s.name)
		if obj == nil {
			return "", "", false
		}
		shown = display(obj, q)
		if v, isField := obj.(*types.Var); isField {
			shown = s.typeName + "." + v.Name() + " " + types.TypeString(v.Type(), q)
		}
		if _, isFunc := obj.(*types.Func); isFunc != (s.kind == "method") {
			return shown, shown, true
		}
		return canonical(obj, cand), shown, true
	default:
		obj := cand.Scope().Lookup(s.name)
		if obj == nil || !obj.Exported() {
			return "", "", false
		}
		return canonical(obj, cand), display(obj, q), true
	}
}

// display is a declaration as messages show it: Go syntax with the
// declared type parameter names, and for a struct type only the fields a
// candidate must declare (the exported ones); the others, which are each
// candidate's own business, are written "/* your fields */", as prompts
// do.
func display(obj types.Object, q types.Qualifier) string {
	tn, ok := obj.(*types.TypeName)
	if !ok || tn.IsAlias() {
		return types.ObjectString(obj, q)
	}
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return types.ObjectString(obj, q)
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return types.ObjectString(obj, q)
	}
	var fields []string
	hidden := false
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		switch {
		case !f.Exported():
			hidden = true
		case f.Embedded():
			fields = append(fields, types.TypeString(f.Type(), q))
		default:
			fields = append(fields, f.Name()+" "+types.TypeString(f.Type(), q))
		}
	}
	if hidden {
		fields = append(fields, "/* your fields */")
	}
	body := "struct{}"
	if len(fields) > 0 {
		body = "struct { " + strings.Join(fields, "; ") + " }"
	}
	return "type " + tn.Name() + tparamString(named.TypeParams(), q) + " " + body
}

// canonical is the form in which two declarations are compared: the kind,
// types written relative to the package, and no parameter names; type
// parameters are renamed by position.
func canonical(obj types.Object, pkg *types.Package) string {
	q := qualifier(pkg)
	var tparams *types.TypeParamList
	var s string
	switch o := obj.(type) {
	case *types.Func:
		sig := o.Type().(*types.Signature)
		tparams = sig.TypeParams()
		if sig.RecvTypeParams().Len() > 0 {
			tparams = sig.RecvTypeParams()
		}
		s = "func" + tparamString(sig.TypeParams(), q) + sigString(sig, q)
	case *types.Var:
		s = "var " + types.TypeString(o.Type(), q)
	case *types.Const:
		s = "const " + types.TypeString(o.Type(), q) + " = " + o.Val().ExactString()
	case *types.TypeName:
		under := "alias " + types.TypeString(o.Type(), q)
		if named, ok := o.Type().(*types.Named); ok {
			tparams = named.TypeParams()
			switch u := named.Underlying().(type) {
			case *types.Struct:
				under = "struct"
			case *types.Interface:
				under = "interface"
			default:
				under = types.TypeString(u, q)
			}
			under = tparamString(tparams, q) + " " + under
		}
		s = "type " + under
	}
	return renameTypeParams(s, tparams)
}

func tparamString(l *types.TypeParamList, q types.Qualifier) string {
	if l.Len() == 0 {
		return ""
	}
	var parts []string
	for i := 0; i < l.Len(); i++ {
		tp := l.At(i)
		parts = append(parts, tp.Obj().Name()+" "+types.TypeString(tp.Constraint(), q))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func sigString(sig *types.Signature, q types.Qualifier) string {
	tuple := func(t *types.Tuple, variadic bool) string {
		var parts []string
		for i := 0; i < t.Len(); i++ {
			typ := t.At(i).Type()
			if variadic && i == t.Len()-1 {
				parts = append(parts, "..."+types.TypeString(typ.(*types.Slice).Elem(), q))
				continue
			}
			parts = append(parts, types.TypeString(typ, q))
		}
		return strings.Join(parts, ", ")
	}
	return "(" + tuple(sig.Params(), sig.Variadic()) + ") (" + tuple(sig.Results(), false) + ")"
}

func renameTypeParams(s string, l *types.TypeParamList) string {
	for i := 0; l != nil && i < l.Len(); i++ {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(l.At(i).Obj().Name()) + `\b`)
		s = re.ReplaceAllString(s, "\x00P"+strconv.Itoa(i))
	}
	return s
}

// specGraph records, for each top-level declaration of the spec, the API
// symbols and the other spec declarations it uses.
type specGraph struct {
	fset  *token.FileSet
	files []*ast.File
	names []string
	src   [][]byte
	decls []*specDecl
	// asserted holds the names of the methods of the spec's interface
	// types: a test may reach a method of the API through one at run
	// time, without naming it.
	asserted map[string]bool
	// pkgNames maps each import path of the spec to the name of its
	// package, which is not always the path's last element
	// ("math/rand/v2" is rand).
	pkgNames map[string]string
}

type specDecl struct {
	name    string // a function's name, or the first name a spec declares
	isTest  bool
	node    ast.Node // *ast.FuncDecl, or *ast.ValueSpec / *ast.TypeSpec
	file    int
	api     map[string]bool
	uses    map[*specDecl]bool
	defines []types.Object
	// The same, counting only uses outside clean-up: outside defer
	// statements and the arguments of Cleanup calls.
	exercises map[string]bool
	exUses    map[*specDecl]bool
}

// Imports the type checker cannot provide (the spec's test dependencies)
// are reported and tolerated: only the uses of the package under test
// matter here, and those resolve through the reference's types.
type tolerantImporter struct {
	ref *types.Package
	std types.Importer
}

func (t tolerantImporter) Import(path string) (*types.Package, error) {
	if path == t.ref.Path() {
		return t.ref, nil
	}
	return t.std.Import(path)
}

func analyseSpec(pkg string, ref *types.Package, spec []File, std types.Importer, symbols []Symbol) (*specGraph, error) {
	g := &specGraph{fset: token.NewFileSet(), asserted: map[string]bool{}, pkgNames: map[string]string{}}
	for _, f := range spec {
		af, err := parser.ParseFile(g.fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("the spec does not parse: %v", err)
		}
		g.files = append(g.files, af)
		g.names = append(g.names, f.Name)
		g.src = append(g.src, f.Data)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	conf := types.Config{Importer: tolerantImporter{ref: ref, std: std}, Error: func(error) {}}
	conf.Check(pkg+"_test", g.fset, g.files, info)
	for _, f := range g.files {
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if pn, ok := info.Implicits[imp].(*types.PkgName); ok {
				g.pkgNames[p] = pn.Imported().Name()
			}
		}
	}

	keyOf := map[types.Object]string{}
	for _, s := range symbols {
		keyOf[s.obj] = s.Key
	}
	byObj := map[types.Object]*specDecl{}
	typeDecl := map[string]*specDecl{}
	var methods []*ast.FuncDecl
	for i, f := range g.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					methods = append(methods, d)
					continue
				}
				sd := &specDecl{name: d.Name.Name, node: d, file: i, isTest: strings.HasPrefix(d.Name.Name, "Test") || strings.HasPrefix(d.Name.Name, "Benchmark")}
				if o := info.Defs[d.Name]; o != nil {
					sd.defines = append(sd.defines, o)
				}
				g.decls = append(g.decls, sd)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					sd := &specDecl{node: s, file: i}
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if o := info.Defs[n]; o != nil {
								sd.defines = append(sd.defines, o)
							}
						}
						sd.name = s.Names[0].Name
					case *ast.TypeSpec:
						if o := info.Defs[s.Name]; o != nil {
							sd.defines = append(sd.defines, o)
						}
						sd.name = s.Name.Name
						typeDecl[sd.name] = sd
					default:
						continue // imports
					}
					g.decls = append(g.decls, sd)
				}
			}
		}
	}
	for _, sd := range g.decls {
		for _, o := range sd.defines {
			byObj[o] = sd
		}
	}
	// A method belongs to its receiver type's declaration.
	owner := map[ast.Node]*specDecl{}
	for _, m := range methods {
		sd := typeDecl[recvName(m)]
		if sd == nil {
			return nil, fmt.Errorf("the spec's method %s has a receiver the analysis does not understand", m.Name.Name)
		}
		owner[m] = sd
	}
	collect := func(sd *specDecl, n ast.Node) {
		// Clean-up is what runs in a defer statement or a Cleanup
		// callback: a use there does not exercise the API.
		cleanup := map[ast.Node]bool{}
		var open []bool // for each node being visited: whether it starts clean-up
		depth := 0      // how many clean-up regions are open
		ast.Inspect(n, func(n ast.Node) bool {
			if n == nil {
				if open[len(open)-1] {
					depth--
				}
				open = open[:len(open)-1]
				return true
			}
			open = append(open, cleanup[n])
			if cleanup[n] {
				depth++
			}
			switch n := n.(type) {
			case *ast.DeferStmt:
				cleanup[n.Call] = true
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Cleanup" {
					for _, a := range n.Args {
						cleanup[a] = true
					}
				}
			case *ast.InterfaceType:
				for _, f := range n.Methods.List {
					for _, name := range f.Names {
						g.asserted[name.Name] = true
					}
				}
			}
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			o := info.Uses[id]
			if o == nil {
				return true
			}
			k, ok := keyOf[origin(o)]
			if !ok && o.Pkg() == ref {
				// A use of the package under test through an alias or an
				// embedded field the symbol table does not list: key it
				// by name so that it is still matched.
				k, ok = o.Name(), true
			}
			if ok {
				sd.api[k] = true
				if depth == 0 {
					sd.exercises[k] = true
				}
			}
			if d := byObj[o]; d != nil && d != sd {
				sd.uses[d] = true
				if depth == 0 {
					sd.exUses[d] = true
				}
			}
			return true
		})
	}
	for _, sd := range g.decls {
		sd.api, sd.uses = map[string]bool{}, map[*specDecl]bool{}
		sd.exercises, sd.exUses = map[string]bool{}, map[*specDecl]bool{}
		collect(sd, sd.node)
	}
	for _, m := range methods {
		collect(owner[m], m)
	}
	return g, nil
}

func (g *specGraph) prune(missing []string) ([]File, map[string][]string, error) {
	miss := map[string]bool{}
	for _, m := range missing {
		miss[m] = true
	}
	removed := map[*specDecl][]string{}
	for _, sd := range g.decls {
		for k := range sd.api {
			if miss[k] {
				removed[sd] = append(removed[sd], k)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, sd := range g.decls {
			if _, gone := removed[sd]; gone {
				continue
			}
			for d := range sd.uses {
				if why, gone := removed[d]; gone {
					removed[sd] = append(removed[sd], why...)
					changed = true
					break
				}
			}
		}
	}
	dropped := map[string][]string{}
	for sd, why := range removed {
		if sd.isTest {
			slices.Sort(why)
			dropped[sd.name] = slices.Compact(why)
		}
	}
	// Rebuild each file from a fresh parse, so that the analysed ASTs stay
	// untouched and gradings may prune concurrently. Declarations are
	// matched by their file and offset.
	type at struct{ file, off int }
	gone := map[at]bool{}
	goneTypes := map[string]bool{}
	for sd := range removed {
		gone[at{sd.file, g.fset.Position(sd.node.Pos()).Offset}] = true
		if ts, ok := sd.node.(*ast.TypeSpec); ok {
			goneTypes[ts.Name.Name] = true
		}
	}
	var out []File
	for i := range g.files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, g.names[i], g.src[i], parser.ParseComments) // usesPackage needs object resolution
		if err != nil {
			return nil, nil, fmt.Errorf("re-parsing the spec: %w", err)
		}
		isGone := func(n ast.Node) bool { return gone[at{i, fset.Position(n.Pos()).Offset}] }
		if len(removed) > 0 {
			var decls []ast.Decl
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if isGone(d) || d.Recv != nil && goneTypes[recvName(d)] {
						continue
					}
				case *ast.GenDecl:
					specs := d.Specs[:0]
					for _, s := range d.Specs {
						if !isGone(s) {
							specs = append(specs, s)
						}
					}
					d.Specs = specs
					if len(specs) == 0 {
						continue
					}
				}
				decls = append(decls, d)
			}
			f.Decls = decls
			f.Comments = nil // comments of removed code would land anywhere
			for _, imp := range slices.Clone(f.Imports) {
				p, _ := strconv.Unquote(imp.Path.Value)
				name, local := "", g.pkgNames[p]
				if imp.Name != nil {
					name, local = imp.Name.Name, imp.Name.Name
				}
				if name != "_" && name != "." && local != "" && !usesPackage(f, local) {
					astutil.DeleteNamedImport(fset, f, name, p)
				}
			}
		}
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, f); err != nil {
			return nil, nil, fmt.Errorf("printing the pruned spec: %w", err)
		}
		out = append(out, File{Name: g.names[i], Data: buf.Bytes()})
	}
	return out, dropped, nil
}

// usesPackage is whether f refers to the package it imports as name:
// whether it selects from an identifier of that name that no declaration
// of the file resolves.
func usesPackage(f *ast.File, name string) bool {
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name && id.Obj == nil {
				used = true
			}
		}
		return !used
	})
	return used
}

// origin is the declared object of an instantiated generic function,
// method or field.
func origin(o types.Object) types.Object {
	switch o := o.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return o
}

// exercising returns the tests that use one of keys other than to clean
// up, directly or through the spec's helpers.
func (g *specGraph) exercising(keys []string) []string {
	done := map[*specDecl]bool{}
	memo := map[*specDecl]bool{}
	var uses func(sd *specDecl) bool
	uses = func(sd *specDecl) bool {
		if done[sd] {
			return memo[sd]
		}
		done[sd] = true // a cycle through sd adds nothing
		for _, k := range keys {
			if sd.exercises[k] {
				memo[sd] = true
				return true
			}
		}
		for d := range sd.exUses {
			if uses(d) {
				memo[sd] = true
				return true
			}
		}
		return false
	}
	var out []string
	for _, sd := range g.decls {
		if sd.isTest && uses(sd) {
			out = append(out, sd.name)
		}
	}
	slices.Sort(out)
	return out
}

// Removal is what the spec loses when a submission lacks one symbol of
// the required API, found by taking the symbol out of the reference. Only
// the tests that exercise the symbol may lose points: a test that merely
// cleans up through it (defer c.Close()) must clean up through an
// interface assertion instead, so that it runs without it.
type Removal struct {
	Symbol string
	// Files is the reference with Symbol renamed out of the API, to an
	// unexported name (its uses too, so that it still compiles).
	Files []File
	// Mismatches are the symbols Compare reports for Files: Symbol, and
	// any whose declaration mentions it (a type takes its constructor).
	Mismatches []string
	// Spec is the spec pruned for Mismatches; Dropped the tests it lost.
	Spec    []File
	Dropped map[string][]string
	// Exercising are the tests that use one of Mismatches other than to
	// clean up (in a defer statement or a Cleanup callback), directly or
	// through the spec's helpers: the tests that may lose points.
	Exercising []string
	// CleanupOnly are the tests of Dropped that are not Exercising: they
	// would score zero only because they clean up through Symbol.
	CleanupOnly []string
	// SpecErrors are the type errors of Spec against Files: uses of the
	// removed API that pruning missed, which would fail the whole build.
	SpecErrors []string
	// Asserted is whether the spec has an interface type with a method of
	// Symbol's name: tests may then reach Symbol at run time without
	// naming it, which only grading Files for real shows.
	Asserted bool
}

// Without takes symbol (a [Symbol] Key) out of the reference and reports
// what the spec loses; see [Removal].
func (m *Model) Without(symbol string) (*Removal, error) {
	i := slices.IndexFunc(m.symbols, func(s Symbol) bool { return s.Key == symbol })
	if i < 0 {
		return nil, fmt.Errorf("%s is not a symbol of the required API", symbol)
	}
	s := m.symbols[i]
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, f := range m.refSrc {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, af)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: m.imp}).Check(m.pkg, fset, parsed, info)
	if err != nil {
		return nil, fmt.Errorf("the reference does not type-check: %v", err)
	}
	var target types.Object
	switch s.kind {
	case "method", "field":
		tn, _ := pkg.Scope().Lookup(s.typeName).(*types.TypeName)
		if tn != nil {
			target, _, _ = types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, s.name)
		}
	default:
		target = pkg.Scope().Lookup(s.name)
	}
	if target == nil {
		return nil, fmt.Errorf("%s is not in the reference", symbol)
	}
	renamed := "removed" + s.name
	for _, idents := range []map[*ast.Ident]types.Object{info.Defs, info.Uses} {
		for id, o := range idents {
			if o != nil && origin(o) == target {
				id.Name = renamed
			}
		}
	}
	r := &Removal{Symbol: symbol}
	for i, af := range parsed {
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, af); err != nil {
			return nil, fmt.Errorf("printing the reference without %s: %w", symbol, err)
		}
		r.Files = append(r.Files, File{Name: m.refSrc[i].Name, Data: buf.Bytes()})
	}
	without, _, errs := typeCheck(m.pkg, r.Files, m.imp)
	if len(errs) > 0 {
		return nil, fmt.Errorf("the reference without %s does not type-check: %s", symbol, errs[0])
	}
	for _, mm := range m.Compare(r.Files) {
		r.Mismatches = append(r.Mismatches, mm.Symbol)
	}
	if r.Spec, r.Dropped, err = m.Prune(r.Mismatches); err != nil {
		return nil, err
	}
	r.Exercising = m.spec.exercising(r.Mismatches)
	for _, t := range sortedKeys(r.Dropped) {
		if !slices.Contains(r.Exercising, t) {
			r.CleanupOnly = append(r.CleanupOnly, t)
		}
	}
	r.SpecErrors = specErrors(m.pkg, without, r.Spec, m.imp)
	r.Asserted = s.kind == "method" && m.spec.asserted[s.name]
	return r, nil
}

// specErrors type-checks spec against the package under test pkg and
// returns its errors, but for the imports the standard library's importer
// cannot provide (the spec's test dependencies), whose uses go unchecked.
func specErrors(name string, pkg *types.Package, spec []File, std types.Importer) []string {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range spec {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution)
		if err != nil {
			return []string{err.Error()}
		}
		files = append(files, af)
	}
	var errs []string
	conf := types.Config{Importer: tolerantImporter{ref: pkg, std: std}, Error: func(err error) {
		if !strings.Contains(err.Error(), "could not import") {
			errs = append(errs, err.Error())
		}
	}}
	conf.Check(name+"_test", fset, files, nil)
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func recvName(m *ast.FuncDecl) string {
	recv := m.Recv.List[0].Type
	if st, ok := recv.(*ast.StarExpr); ok {
		recv = st.X
	}
	switch r := recv.(type) {
	case *ast.IndexExpr:
		recv = r.X
	case *ast.IndexListExpr:
		recv = r.X
	}
	if id, ok := recv.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// SortMismatches orders mismatches by symbol.
func SortMismatches(m []Mismatch) {
	sort.Slice(m, func(i, j int) bool { return m[i].Symbol < m[j].Symbol })
}

// DefaultImporter returns an importer for the standard library from
// compiled export data.
//
// It reads the same export data as go/importer's default importer, which
// asks 'go list -export' for one package at a time: the dozen imports of a
// spec cost a dozen runs of go, about half a second of every grading on an
// idle 2-core machine. This one asks once, for the package wanted, the
// standard packages specs and solutions commonly import, and all their
// dependencies, and remembers every answer; a package outside that set
// costs one more run.
func DefaultImporter() types.Importer {
	l := &exportLookup{files: map[string]string{}, asked: map[string]bool{}}
	return importer.ForCompiler(token.NewFileSet(), "gc", l.open)
}

// commonStd are the standard packages that DefaultImporter's first lookup
// fetches along with the one asked for.
var commonStd = []string{
	"bytes", "cmp", "container/heap", "container/list", "context", "errors", "fmt", "io", "iter", "maps",
	"math", "math/rand/v2", "runtime", "slices", "sort", "strconv", "strings", "sync", "sync/atomic",
	"testing", "testing/synctest", "time", "unicode/utf8", "weak",
}

// exportLookup finds the export data of standard library packages with
// 'go list -export -deps'.
type exportLookup struct {
	mu    sync.Mutex
	files map[string]string // import path -> export data file
	asked map[string]bool   // import paths asked for
	runs  int               // runs of 'go list'
}

func (l *exportLookup) open(path string) (io.ReadCloser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first, _, _ := strings.Cut(path, "/")
	if _, ok := l.files[path]; !ok && !l.asked[path] && !strings.Contains(first, ".") {
		paths := []string{path}
		if len(l.asked) == 0 {
			paths = append(paths, commonStd...)
		}
		args := append([]string{"list", "-e", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}}\t{{.Export}}{{end}}", "--"}, paths...)
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join(build.Default.GOROOT, "src")
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		l.runs++
		if err != nil {
			return nil, fmt.Errorf("can't find export data for %q: %v: %s", path, err, bytes.TrimSpace(stderr.Bytes()))
		}
		for _, p := range paths {
			l.asked[p] = true
		}
		for _, line := range strings.Split(string(out), "\n") {
			if p, file, ok := strings.Cut(line, "\t"); ok && file != "" {
				l.files[p] = file
			}
		}
	}
	file, ok := l.files[path]
	if !ok {
		return nil, fmt.Errorf("can't find export data for %q", path)
	}
	return os.Open(file)
}
