package catalog

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// OverlayName is the name of the file that makes a known-bad fixture an
// overlay: the declarations of the reference that the fixture changes,
// applied to the reference when the catalog loads (docs/exercise-format.md).
const OverlayName = "overlay.go"

// Directives an overlay may hold, each a comment line of its own.
const (
	// newDirective, in a declaration's doc comment, marks a declaration
	// the reference does not have: the fixture adds it.
	newDirective = "//grader:new"
	// deleteDirective, followed by declaration keys, takes those
	// declarations out of the reference.
	deleteDirective = "//grader:delete"
)

// overlayError is a problem with an overlay: which declaration, what is
// wrong and what to do.
type overlayError struct {
	decl string // the declaration's key, or ""
	msg  string
}

func (e *overlayError) Error() string {
	if e.decl == "" {
		return e.msg
	}
	return e.decl + ": " + e.msg
}

func overlayErr(decl, format string, args ...any) error {
	return &overlayError{decl: decl, msg: fmt.Sprintf(format, args...)}
}

// refDecl is a top-level declaration of the reference.
type refDecl struct {
	file       int // index into the reference files
	start, end int // byte range: its doc comment through its end of line
	names      []string
}

// edit replaces the bytes [start, end) of a reference file with text.
type edit struct {
	start, end int
	text       string
}

// applyOverlay applies an overlay to the reference files ref and returns
// the fixture's files: the reference files, those the overlay changes
// rewritten (formatted), the others as they are.
//
// Each top-level declaration of the overlay replaces the reference's
// declaration of the same key: the name of a function, type, variable or
// constant, "Type.Method" for a method. A declaration marked
// //grader:new in its doc comment is added instead, next to the overlay
// declaration before it (or before the first replaced one when it opens
// the overlay; at the end of the first reference file when the overlay
// replaces nothing). A "//grader:delete key..." line takes declarations
// out. The overlay's imports are added where they are used, imports left
// unused are dropped, and the overlay's comments above its package clause
// (its "// Defect:" line) head the first file it changes.
func applyOverlay(ref []File, overlay File) ([]File, error) {
	fset := token.NewFileSet()
	ov, err := parser.ParseFile(fset, overlay.Name, overlay.Data, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, overlayErr("", "does not parse: %v; an overlay is a Go file: a package clause, imports and whole declarations", err)
	}
	ovTok := fset.File(ov.Pos())

	// The reference's declarations, by key.
	type refFile struct {
		src              []byte
		pkg              string
		docStart, docEnd int // the package doc comment, if any; else both at the package clause
	}
	files := make([]refFile, len(ref))
	byKey := map[string][]*refDecl{}
	for i, f := range ref {
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, overlayErr("", "the reference %s does not parse: %v", f.Name, err)
		}
		tok := fset.File(file.Pos())
		files[i] = refFile{src: f.Data, pkg: file.Name.Name, docStart: tok.Offset(file.Package), docEnd: tok.Offset(file.Package)}
		if file.Doc != nil {
			files[i].docStart, files[i].docEnd = tok.Offset(file.Doc.Pos()), tok.Offset(file.Doc.End())
		}
		for _, d := range file.Decls {
			names := declNames(d)
			if names == nil {
				continue // imports
			}
			start, end := declRange(tok, f.Data, d)
			rd := &refDecl{file: i, start: start, end: end, names: names}
			for _, n := range names {
				byKey[n] = append(byKey[n], rd)
			}
		}
	}
	if len(files) > 0 && ov.Name.Name != files[0].pkg {
		return nil, overlayErr("", "package %s: the reference is package %s; write \"package %s\"", ov.Name.Name, files[0].pkg, files[0].pkg)
	}

	// Directives: //grader:new only in a doc comment, //grader:delete
	// anywhere.
	docs := map[*ast.CommentGroup]bool{}
	for _, d := range ov.Decls {
		if g := declDoc(d); g != nil {
			docs[g] = true
		}
	}
	var deletes []string
	for _, g := range ov.Comments {
		for _, c := range g.List {
			if !strings.HasPrefix(c.Text, "//grader:") {
				continue
			}
			switch fields := strings.Fields(c.Text); fields[0] {
			case newDirective:
				if !docs[g] || len(fields) > 1 {
					return nil, overlayErr("", "line %d: %s stands alone on a line of the doc comment of the declaration it marks", ovTok.Line(c.Pos()), newDirective)
				}
			case deleteDirective:
				if len(fields) == 1 {
					return nil, overlayErr("", "line %d: %s names the declarations to take out: %s name Type.Method", ovTok.Line(c.Pos()), deleteDirective, deleteDirective)
				}
				deletes = append(deletes, fields[1:]...)
			default:
				return nil, overlayErr("", "line %d: unknown directive %s; an overlay knows %s and %s", ovTok.Line(c.Pos()), fields[0], newDirective, deleteDirective)
			}
		}
	}

	// lookup returns the one reference declaration of key, if any.
	lookup := func(key string) (*refDecl, error) {
		switch ds := byKey[key]; len(ds) {
		case 0:
			return nil, nil
		case 1:
			return ds[0], nil
		default:
			return nil, overlayErr(key, "the reference declares %s more than once, so an overlay cannot say which it replaces; make this fixture whole files", key)
		}
	}

	edits := make([][]edit, len(ref))
	changed := map[*refDecl]string{} // why a reference declaration is already taken
	firstFile := -1
	touch := func(i int) {
		if firstFile < 0 {
			firstFile = i
		}
	}
	for _, key := range deletes {
		rd, err := lookup(key)
		if err != nil {
			return nil, err
		}
		if rd == nil {
			return nil, overlayErr(key, "%s: the reference has no %s; name a declaration of the reference (Type.Method for a method)", deleteDirective, key)
		}
		if len(rd.names) > 1 {
			return nil, overlayErr(key, "%s: the reference declares %s in a block with %s; write the block without it instead", deleteDirective, key, strings.Join(rd.names, ", "))
		}
		if changed[rd] != "" {
			return nil, overlayErr(key, "%s: deleted twice; name it once", deleteDirective)
		}
		changed[rd] = "deleted"
		edits[rd.file] = append(edits[rd.file], edit{rd.start, rd.end, ""})
		touch(rd.file)
	}

	// Overlay declarations in order: each replacement carries the new
	// declarations that follow it; new declarations before the first
	// replacement go with it.
	type replacement struct {
		rd    *refDecl
		texts []string
	}
	var reps []*replacement
	var leading []string
	var ovImports []*ast.ImportSpec
	for _, d := range ov.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			for _, s := range g.Specs {
				ovImports = append(ovImports, s.(*ast.ImportSpec))
			}
			continue
		}
		names := declNames(d)
		key := strings.Join(names, ", ")
		start, end := declRange(ovTok, overlay.Data, d)
		text := stripDirectives(string(overlay.Data[start:end]))
		isNew := hasDirective(declDoc(d), newDirective)

		var target *refDecl
		for _, n := range names {
			rd, err := lookup(n)
			if err != nil {
				return nil, err
			}
			switch {
			case rd == nil:
			case isNew:
				return nil, overlayErr(key, "marked %s, but the reference declares %s; remove the mark to replace the reference's", newDirective, n)
			case target != nil && target != rd:
				return nil, overlayErr(key, "replaces two declarations of the reference (%s and %s); write one declaration for each", strings.Join(target.names, ", "), strings.Join(rd.names, ", "))
			default:
				target = rd
			}
		}
		if isNew {
			if len(reps) == 0 {
				leading = append(leading, text)
			} else {
				reps[len(reps)-1].texts = append(reps[len(reps)-1].texts, text)
			}
			continue
		}
		if target == nil {
			return nil, overlayErr(key, "the reference has no %s; if the fixture adds it, put %s on a line of its own in its doc comment; if it replaces a declaration, use the reference's name (Type.Method for a method)", key, newDirective)
		}
		for _, n := range target.names {
			if !slices.Contains(names, n) {
				return nil, overlayErr(key, "replaces the reference's block of %s but leaves out %s; write the whole block, with %s in it", strings.Join(target.names, ", "), n, n)
			}
		}
		if why := changed[target]; why != "" {
			return nil, overlayErr(key, "the reference's declaration of %s is already %s; replace it once", strings.Join(target.names, ", "), why)
		}
		changed[target] = "replaced"
		reps = append(reps, &replacement{rd: target, texts: append(leading, text)})
		leading = nil
		touch(target.file)
	}
	for _, r := range reps {
		edits[r.rd.file] = append(edits[r.rd.file], edit{r.rd.start, r.rd.end, strings.Join(r.texts, "\n\n")})
	}
	if len(leading) > 0 {
		if len(ref) == 0 {
			return nil, overlayErr("", "there is no reference to add declarations to")
		}
		n := len(files[0].src)
		edits[0] = append(edits[0], edit{n, n, "\n\n" + strings.Join(leading, "\n\n") + "\n"})
		touch(0)
	}
	if firstFile < 0 {
		return nil, overlayErr("", "changes nothing in the reference; an overlay holds the declarations the fixture changes")
	}

	// The overlay's comments above its package clause head the first
	// file it changes; a package doc comment among them replaces that
	// file's.
	headerEnd := ovTok.Offset(ov.Package)
	if ov.Doc != nil {
		headerEnd = ovTok.Offset(ov.Doc.Pos())
		rf := files[firstFile]
		doc := strings.TrimRight(stripDirectives(string(overlay.Data[headerEnd:ovTok.Offset(ov.Doc.End())])), "\n")
		if rf.docStart == rf.docEnd {
			doc += "\n"
		}
		edits[firstFile] = append(edits[firstFile], edit{rf.docStart, rf.docEnd, doc})
	}
	header := strings.TrimSpace(stripDirectives(string(overlay.Data[:headerEnd])))
	out := make([]File, len(ref))
	for i, f := range ref {
		out[i] = File{Name: f.Name, Data: f.Data}
		if len(edits[i]) == 0 {
			continue
		}
		src := splice(f.Data, edits[i])
		if i == firstFile && header != "" {
			src = append([]byte(header+"\n\n"), src...)
		}
		data, err := fixImports(f.Name, src, ovImports)
		if err != nil {
			return nil, err
		}
		out[i].Data = data
	}
	return out, nil
}

// declNames returns the names a top-level declaration declares, as
// overlay keys; nil for an import declaration.
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			return []string{recvType(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{d.Name.Name}
	case *ast.GenDecl:
		if d.Tok == token.IMPORT {
			return nil
		}
		names := []string{}
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return []string{"?"}
}

// recvType is the name of a receiver's base type: "Cache" for
// *Cache[K, V].
func recvType(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

func declDoc(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

func hasDirective(g *ast.CommentGroup, directive string) bool {
	if g == nil {
		return false
	}
	return slices.ContainsFunc(g.List, func(c *ast.Comment) bool { return strings.TrimSpace(c.Text) == directive })
}

// declRange is the byte range of a declaration in src: from its doc
// comment to its end, and on to the end of its last line when only a
// comment follows there.
func declRange(tok *token.File, src []byte, d ast.Decl) (start, end int) {
	pos := d.Pos()
	if g := declDoc(d); g != nil {
		pos = g.Pos()
	}
	start, end = tok.Offset(pos), tok.Offset(d.End())
	rest := src[end:]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	if t := bytes.TrimSpace(rest); len(t) == 0 || bytes.HasPrefix(t, []byte("//")) {
		end += len(rest)
	}
	return start, end
}

// stripDirectives removes the lines of s that are //grader: directives,
// each with the empty "//" line gofmt puts between a doc comment and a
// directive.
func stripDirectives(s string) string {
	var kept []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//grader:") {
			kept = append(kept, l)
			continue
		}
		if n := len(kept); n > 0 && strings.TrimSpace(kept[n-1]) == "//" {
			kept = kept[:n-1]
		}
	}
	return strings.Join(kept, "")
}

// splice applies edits, which do not overlap, to src.
func splice(src []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b bytes.Buffer
	at := 0
	for _, e := range edits {
		b.Write(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[at:])
	return b.Bytes()
}

// fixImports parses a reference file the overlay changed, adds the
// overlay's imports that it uses, drops the imports it no longer uses,
// and formats it.
func fixImports(name string, src []byte, add []*ast.ImportSpec) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, overlayErr("", "applied to the reference %s, it does not parse: %v; check that each declaration is whole", name, err)
	}
	for _, s := range add {
		p, _ := strconv.Unquote(s.Path.Value)
		local := ""
		if s.Name != nil {
			local = s.Name.Name
		}
		if usesName(f, importName(local, p)) {
			astutil.AddNamedImport(fset, f, local, p)
		}
	}
	deleted := false
	for _, s := range slices.Clone(f.Imports) {
		p, _ := strconv.Unquote(s.Path.Value)
		local := ""
		if s.Name != nil {
			local = s.Name.Name
		}
		if local == "_" || local == "." || usesName(f, importName(local, p)) {
			continue
		}
		if astutil.DeleteNamedImport(fset, f, local, p) {
			deleted = true
		}
	}
	if deleted {
		// One import left in parentheses is written without them.
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT && len(g.Specs) == 1 && g.Lparen.IsValid() {
				if s := g.Specs[0].(*ast.ImportSpec); s.Doc == nil && s.Comment == nil {
					g.Lparen, g.Rparen = token.NoPos, token.NoPos
				}
			}
		}
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, overlayErr("", "applied to the reference %s, it does not print: %v", name, err)
	}
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, overlayErr("", "applied to the reference %s, it does not parse: %v; check that each declaration is whole", name, err)
	}
	return out, nil
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// importName is the name a file uses for an import: its local name, else
// the last element of its path that is not a major version ("rand" for
// math/rand/v2).
func importName(local, path string) string {
	if local != "" {
		return local
	}
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if majorVersion.MatchString(name) && len(elems) > 1 {
		name = elems[len(elems)-2]
	}
	name, _, _ = strings.Cut(name, ".")
	return name
}

// usesName reports whether f refers to a package by name: name.X.
func usesName(f *ast.File, name string) bool {
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
				used = true
			}
		}
		return !used
	})
	return used
}
