package catalog

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A Mutant is a realistic bug in the reference of an exercise that grades
// tests: testdata/mutants/<name>/overlay.go, an overlay (see
// docs/exercise-format.md) that replaces functions and methods of the
// reference, and nothing else.
type Mutant struct {
	// Name is the folder's name, which a candidate may read: it names the
	// behaviour, never the change ("prerelease-ordering").
	Name string
	// Behaviour is the overlay's "// Behaviour:" line: the behaviour a
	// test must check to kill the mutant, in words a candidate may read
	// on the scorecard when no test did. Never the mutant's code.
	Behaviour string
	// Overlay is the overlay file; Files the reference with it applied.
	Overlay File
	Files   []File
}

// MutantEnv is the environment variable that selects the mutant a run of
// the woven build ([Exercise.Schemata]) executes: the mutant's 1-based
// index in Exercise.Mutants; unset or anything else runs the reference.
const MutantEnv = "GRADER_MUTANT"

// mutants reads testdata/mutants/<name>/overlay.go: each applied to ref,
// and checked to replace only functions and methods, so that it can be
// woven into one build.
func mutants(fsys fs.FS, slug string, ref []File) ([]Mutant, error) {
	dir := slug + "/testdata/mutants"
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil || len(entries) == 0 {
		return nil, fmt.Errorf("testdata/mutants/ must hold the mutants, one folder each with an overlay.go (%v)", err)
	}
	var out []Mutant
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		where := "testdata/mutants/" + ent.Name() + "/" + OverlayName
		data, err := fs.ReadFile(fsys, path.Join(dir, ent.Name(), OverlayName))
		if err != nil {
			return nil, fmt.Errorf("%s: %v; a mutant is an overlay of the reference", where, err)
		}
		ov := File{Name: OverlayName, Data: data}
		m := Mutant{Name: ent.Name(), Overlay: ov, Behaviour: markerLine([]File{ov}, "// Behaviour:")}
		if m.Behaviour == "" {
			return nil, fmt.Errorf("%s: say the behaviour a test must check to kill it, in a line \"// Behaviour: ...\" a candidate may read (never the change)", where)
		}
		if _, err := mutantFuncs(ov); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if m.Files, err = applyOverlay(ref, ov); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// mutantFuncs parses a mutant's overlay and returns its function
// declarations, or an error when it declares anything else or uses
// //grader:new or //grader:delete.
func mutantFuncs(ov File) (*ast.File, error) {
	f, err := parser.ParseFile(token.NewFileSet(), ov.Name, ov.Data, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("does not parse: %v", err)
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		if _, ok := d.(*ast.FuncDecl); !ok {
			return nil, fmt.Errorf("a mutant replaces functions and methods only, so that every mutant can be woven into one build; move the change into a function")
		}
	}
	if bytes.Contains(ov.Data, []byte("//grader:new")) || bytes.Contains(ov.Data, []byte("//grader:delete")) {
		return nil, fmt.Errorf("a mutant replaces functions and methods only: no //grader:new or //grader:delete")
	}
	return f, nil
}

// sameFiles checks that the stub of an exercise that grades tests holds
// the reference's own implementation files, byte for byte: the candidate
// tests the code the grader tests them against.
func sameFiles(stub, ref []File) error {
	var impl []File
	for _, f := range stub {
		if !strings.HasSuffix(f.Name, "_test.go") {
			impl = append(impl, f)
		}
	}
	same := len(impl) == len(ref)
	for i := 0; same && i < len(ref); i++ {
		same = impl[i].Name == ref[i].Name && bytes.Equal(impl[i].Data, ref[i].Data)
	}
	if !same {
		return fmt.Errorf("stub/ must hold a copy of the reference's files (solutions/): the candidate tests that implementation; copy them over")
	}
	return nil
}

// Schemata returns the reference of an exercise that grades tests with
// every mutant woven in (mutant schemata): one build runs the reference,
// or the mutant [MutantEnv] selects. Each function or method a mutant
// replaces begins by calling that mutant's version, renamed, when its
// mutant is the one selected; the mutants' versions are in files of their
// own. The candidate's tests are an external test package, which sees
// none of it.
//
// selector names the variable that holds the selected mutant, so that it
// differs from one grading to the next: a candidate's internal test
// package shares the package's scope, and must not name it.
func (e *Exercise) Schemata(selector string) ([]File, error) {
	selector = "activeMutant_" + selector
	fset := token.NewFileSet()
	type target struct {
		decl *ast.FuncDecl
		file int
	}
	var files []*ast.File
	byKey := map[string]target{}
	for i, f := range e.Reference {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		af.Comments = nil // inserted statements have no positions to place comments by
		files = append(files, af)
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				byKey[funcKey(fd)] = target{fd, i}
			}
		}
	}
	pkg := files[0].Name.Name
	var out []File
	for mi, m := range e.Mutants {
		id := strconv.Itoa(mi + 1)
		mf, err := parser.ParseFile(fset, m.Name+".go", m.Overlay.Data, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		mf.Comments = nil
		for _, d := range mf.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			t, ok := byKey[funcKey(fd)]
			if !ok {
				return nil, fmt.Errorf("mutant %s: the reference has no %s", m.Name, funcKey(fd))
			}
			fd.Doc = nil
			renamed := fd.Name.Name + "__mutant" + id
			fd.Name = ast.NewIdent(renamed)
			t.decl.Body.List = append([]ast.Stmt{dispatch(t.decl, renamed, id, selector)}, t.decl.Body.List...)
		}
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, mf); err != nil {
			return nil, err
		}
		out = append(out, File{Name: "zz_mutant" + id + ".go", Data: buf.Bytes()})
	}
	for i, af := range files {
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, af); err != nil {
			return nil, err
		}
		out = append(out, File{Name: e.Reference[i].Name, Data: buf.Bytes()})
	}
	sel := "package " + pkg + "\n\nimport \"os\"\n\n// " + selector + " selects the mutant this run executes (" + MutantEnv + ").\nvar " + selector + " = os.Getenv(\"" + MutantEnv + "\")\n"
	out = append(out, File{Name: "zz_mutants.go", Data: []byte(sel)})
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// funcKey is a function's name, or a method's Type.Method.
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// dispatch is the statement that starts fd in the woven build: when
// mutant id is selected, return what its version, renamed, returns. It
// names fd's unnamed parameters and receiver so that it can pass them on.
func dispatch(fd *ast.FuncDecl, renamed, id, selector string) ast.Stmt {
	n := 0
	name := func(f *ast.Field) []ast.Expr {
		if len(f.Names) == 0 {
			f.Names = []*ast.Ident{ast.NewIdent(fmt.Sprintf("arg__%d", n))}
			n++
		}
		var out []ast.Expr
		for i, id := range f.Names {
			if id.Name == "_" {
				f.Names[i] = ast.NewIdent(fmt.Sprintf("arg__%d", n))
				n++
			}
			out = append(out, ast.NewIdent(f.Names[i].Name))
		}
		return out
	}
	var fun ast.Expr = ast.NewIdent(renamed)
	if fd.Recv != nil {
		fun = &ast.SelectorExpr{X: name(fd.Recv.List[0])[0], Sel: ast.NewIdent(renamed)}
	} else if fd.Type.TypeParams != nil {
		var targs []ast.Expr
		for _, f := range fd.Type.TypeParams.List {
			targs = append(targs, name(f)...)
		}
		fun = &ast.IndexListExpr{X: fun, Indices: targs}
	}
	call := &ast.CallExpr{Fun: fun}
	for _, f := range fd.Type.Params.List {
		call.Args = append(call.Args, name(f)...)
		if _, ok := f.Type.(*ast.Ellipsis); ok {
			call.Ellipsis = 1
		}
	}
	var body []ast.Stmt
	if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		body = []ast.Stmt{&ast.ExprStmt{X: call}, &ast.ReturnStmt{}}
	} else {
		body = []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{call}}}
	}
	return &ast.IfStmt{
		Cond: &ast.BinaryExpr{X: ast.NewIdent(selector), Op: token.EQL, Y: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(id)}},
		Body: &ast.BlockStmt{List: body},
	}
}
