//go:build ignore

// gen.go writes _vendor/: the source of every package the hidden specs and
// the gradertest package import from outside the standard library, with
// their modules' LICENSE files and a modules.txt, exactly as they are at
// the versions in the grader's go.mod. It writes _modules/ the same way
// for the modules exercises let candidates import (exercise.json's
// imports.modules): every package of each such module but its commands,
// and their dependencies. Run it with 'go generate' in this directory (it
// reads the Go module cache, downloading what is missing);
// TestTreeIsGenerated fails when either tree is not what it would write.
//
//	go run gen.go [-o DIR] [-m DIR]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	out := flag.String("o", "_vendor", "the directory of the specs' dependencies to write (it is replaced)")
	mods := flag.String("m", "_modules", "the directory of the candidates' modules to write (it is replaced)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("specdeps/gen: ")
	if err := generate(*out, *mods); err != nil {
		log.Fatal(err)
	}
}

type pkg struct {
	ImportPath, Dir string
	Standard        bool
	Module          *struct {
		Path, Version, Dir, GoVersion string
		Main                          bool
	}
	GoFiles, IgnoredGoFiles, SFiles, HFiles []string
}

func generate(out, mods string) error {
	root, err := goCmd("", "list", "-m", "-f", "{{.Dir}}")
	if err != nil {
		return err
	}
	root = strings.TrimSpace(root)
	imports, err := specImports(root)
	if err != nil {
		return err
	}
	if err := writeTree(root, imports, out); err != nil {
		return err
	}
	modules, err := candidateModules(root)
	if err != nil {
		return err
	}
	var pkgs []string
	for _, m := range modules {
		list, err := goCmd(root, "list", "-f", `{{if ne .Name "main"}}{{.ImportPath}}{{end}}`, m+"/...")
		if err != nil {
			return err
		}
		pkgs = append(pkgs, strings.Fields(list)...)
	}
	return writeTree(root, pkgs, mods)
}

// candidateModules returns the modules that exercises let candidates
// import (imports.modules in exercise.json), sorted.
func candidateModules(root string) ([]string, error) {
	metas, err := filepath.Glob(filepath.Join(root, "exercises", "*", "exercise.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range metas {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var meta struct {
			Imports struct {
				Modules []string `json:"modules"`
			} `json:"imports"`
		}
		if err := json.Unmarshal(data, &meta); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for _, m := range meta.Imports.Modules {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// writeTree writes into out (replacing it) the vendor tree of pkgs: their
// source and that of their dependencies outside the standard library,
// without tests, with LICENSE files and a modules.txt.
func writeTree(root string, pkgs []string, out string) error {
	files := map[string][]byte{}
	if len(pkgs) == 0 {
		files["modules.txt"] = nil
		return write(out, files)
	}
	listing, err := goCmd(root, append([]string{"list", "-deps", "-json"}, pkgs...)...)
	if err != nil {
		return err
	}
	type module struct {
		version, goVersion string
		pkgs               []string
	}
	modules := map[string]*module{}
	dec := json.NewDecoder(strings.NewReader(listing))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		if p.Standard || p.Module == nil || p.Module.Main {
			continue
		}
		m := modules[p.Module.Path]
		if m == nil {
			m = &module{version: p.Module.Version, goVersion: p.Module.GoVersion}
			modules[p.Module.Path] = m
			if err := copyLicenses(files, p.Module.Path, p.Module.Dir, p.Module.Dir); err != nil {
				return err
			}
		}
		m.pkgs = append(m.pkgs, p.ImportPath)
		for _, name := range slices.Concat(p.GoFiles, p.IgnoredGoFiles, p.SFiles, p.HFiles) {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(p.Dir, name))
			if err != nil {
				return err
			}
			files[p.ImportPath+"/"+name] = data
		}
		if err := copyLicenses(files, p.ImportPath, p.Dir, p.Module.Dir); err != nil {
			return err
		}
	}
	var txt bytes.Buffer
	paths := make([]string, 0, len(modules))
	for path := range modules {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		m := modules[path]
		fmt.Fprintf(&txt, "# %s %s\n## explicit", path, m.version)
		if m.goVersion != "" {
			fmt.Fprintf(&txt, "; go %s", m.goVersion)
		}
		txt.WriteString("\n")
		slices.Sort(m.pkgs)
		for _, p := range m.pkgs {
			txt.WriteString(p + "\n")
		}
	}
	files["modules.txt"] = txt.Bytes()
	return write(out, files)
}

// write replaces the directory out with files.
func write(out string, files map[string][]byte) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// specImports returns the imports from outside the standard library of
// every exercise's hidden spec and of the gradertest package (not its
// tests), sorted. An import whose first element has no dot is the
// standard library's or the sandbox module's own ("<slug>/internal/...").
func specImports(root string) ([]string, error) {
	specs, err := filepath.Glob(filepath.Join(root, "exercises", "*", "testdata", "spec", "*.go"))
	if err != nil {
		return nil, err
	}
	if len(specs) == 0 {
		return nil, fmt.Errorf("no hidden specs under %s", filepath.Join(root, "exercises"))
	}
	support, err := filepath.Glob(filepath.Join(root, "grader", "gradertest", "*.go"))
	if err != nil {
		return nil, err
	}
	for _, f := range support {
		if !strings.HasSuffix(f, "_test.go") {
			specs = append(specs, f)
		}
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range specs {
		file, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, imp := range file.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return nil, err
			}
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") {
				seen[path] = true
			}
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// copyLicenses adds the license files of dir, and of every directory
// between it and its module's root, as 'go mod vendor' does.
func copyLicenses(files map[string][]byte, importPath, dir, modRoot string) error {
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := strings.ToUpper(e.Name())
			if e.IsDir() || !(strings.HasPrefix(name, "LICENSE") || strings.HasPrefix(name, "LICENCE") ||
				strings.HasPrefix(name, "COPYING") || strings.HasPrefix(name, "NOTICE") || strings.HasPrefix(name, "PATENTS")) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return err
			}
			files[importPath+"/"+e.Name()] = data
		}
		if dir == modRoot || len(dir) <= len(modRoot) {
			return nil
		}
		dir = filepath.Dir(dir)
		importPath = importPath[:strings.LastIndex(importPath, "/")]
	}
}

func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out), nil
}
