package kit

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/catalog"
)

// APISource returns a Go file of package pkg that declares the exported
// API of the reference solution reference and nothing else: every
// exported function and method with its signature and a body that
// panics, every exported type with its exported fields or methods, every
// exported variable and constant. Parameter names are left out, as are
// unexported fields, so that no line of the reference is copied: the
// file says what the grader requires, as the prompt does, and 'grader
// check' type-checks a candidate's package against it (see
// apicheck.NewModel), where the reference itself is not available.
func APISource(pkg string, reference []catalog.File) ([]byte, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range reference {
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("the reference does not parse: %w", err)
		}
		files = append(files, af)
	}
	ref, err := (&types.Config{Importer: importer.Default()}).Check(pkg, fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("the reference does not type-check: %w", err)
	}
	imports := map[string]string{} // path -> name
	q := func(p *types.Package) string {
		if p == ref {
			return ""
		}
		imports[p.Path()] = p.Name()
		return p.Name()
	}
	var body strings.Builder
	scope := ref.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch o := obj.(type) {
		case *types.Func:
			sig := o.Type().(*types.Signature)
			fmt.Fprintf(&body, "func %s%s%s { panic(%q) }\n\n", name, typeParams(sig.TypeParams(), q), signature(sig, q), "api")
		case *types.Var:
			fmt.Fprintf(&body, "var %s %s\n\n", name, types.TypeString(o.Type(), q))
		case *types.Const:
			fmt.Fprintf(&body, "const %s%s = %s\n\n", name, constType(o, q), constValue(o))
		case *types.TypeName:
			if err := writeType(&body, o, q); err != nil {
				return nil, err
			}
		}
	}
	var src strings.Builder
	fmt.Fprintf(&src, "// The API the grader requires of package %s, as Go declarations\n// (written by the grader from the exercise; the bodies are not the\n// exercise's).\n\npackage %s\n\n", pkg, pkg)
	names := map[string]string{}
	for _, p := range slices.Sorted(maps.Keys(imports)) {
		if other, ok := names[imports[p]]; ok {
			return nil, fmt.Errorf("the API uses two packages named %s (%s and %s); APISource cannot write both", imports[p], other, p)
		}
		names[imports[p]] = p
		fmt.Fprintf(&src, "import %q\n", p)
	}
	src.WriteString("\n" + body.String())
	out, err := format.Source([]byte(src.String()))
	if err != nil {
		return nil, fmt.Errorf("writing the API of %s: %w\n%s", pkg, err, src.String())
	}
	return out, nil
}

// writeType writes the declaration of the exported type tn and of its
// exported methods.
func writeType(b *strings.Builder, tn *types.TypeName, q types.Qualifier) error {
	if tn.IsAlias() {
		fmt.Fprintf(b, "type %s = %s\n\n", tn.Name(), types.TypeString(types.Unalias(tn.Type()), q))
		return nil
	}
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return fmt.Errorf("type %s: not a named type", tn.Name())
	}
	tparams := named.TypeParams()
	fmt.Fprintf(b, "type %s%s ", tn.Name(), typeParams(tparams, q))
	switch u := named.Underlying().(type) {
	case *types.Struct:
		var fields []string
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			switch {
			case !f.Exported():
			case f.Embedded():
				fields = append(fields, "\t"+types.TypeString(f.Type(), q))
			default:
				fields = append(fields, "\t"+f.Name()+" "+types.TypeString(f.Type(), q))
			}
		}
		if len(fields) == 0 {
			b.WriteString("struct{}\n\n")
		} else {
			b.WriteString("struct {\n" + strings.Join(fields, "\n") + "\n}\n\n")
		}
	default:
		b.WriteString(types.TypeString(u, q) + "\n\n")
	}
	recv := tn.Name()
	if tparams.Len() > 0 {
		var ps []string
		for i := 0; i < tparams.Len(); i++ {
			ps = append(ps, tparams.At(i).Obj().Name())
		}
		recv += "[" + strings.Join(ps, ", ") + "]"
	}
	if _, isInterface := named.Underlying().(*types.Interface); isInterface {
		return nil
	}
	for i := 0; i < named.NumMethods(); i++ {
		m := named.Method(i)
		if !m.Exported() {
			continue
		}
		sig := m.Type().(*types.Signature)
		r := recv
		if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
			r = "*" + recv
		}
		fmt.Fprintf(b, "func (%s) %s%s { panic(%q) }\n\n", r, m.Name(), signature(sig, q), "api")
	}
	return nil
}

// typeParams writes a type parameter list, "" when there is none.
func typeParams(l *types.TypeParamList, q types.Qualifier) string {
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

// signature writes a function's parameters and results without their
// names.
func signature(sig *types.Signature, q types.Qualifier) string {
	var params []string
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			params = append(params, "..."+types.TypeString(t.(*types.Slice).Elem(), q))
			continue
		}
		params = append(params, types.TypeString(t, q))
	}
	var results []string
	for i := 0; i < sig.Results().Len(); i++ {
		results = append(results, types.TypeString(sig.Results().At(i).Type(), q))
	}
	s := "(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		s += " " + results[0]
	default:
		s += " (" + strings.Join(results, ", ") + ")"
	}
	return s
}

// constType is " T" for a typed constant, "" for an untyped one.
func constType(c *types.Const, q types.Qualifier) string {
	if b, ok := c.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return ""
	}
	return " " + types.TypeString(c.Type(), q)
}

// constValue is a constant's exact value as a Go expression.
func constValue(c *types.Const) string {
	v := c.Val().ExactString()
	if num, den, ok := strings.Cut(v, "/"); ok {
		return "(" + num + ".0 / " + den + ")"
	}
	return v
}
