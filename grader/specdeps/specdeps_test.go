package specdeps

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestModulesMatchGoMod keeps the vendored versions equal to the ones the
// grader itself is built and tested with.
func TestModulesMatchGoMod(t *testing.T) {
	mods := Modules()
	if len(mods) == 0 {
		t.Fatal("modules.txt names no module; run 'go generate ./grader/specdeps'")
	}
	for _, m := range mods {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", m.Path).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", m.Path, err)
		}
		if got := strings.TrimSpace(string(out)); got != m.Version {
			t.Errorf("_vendor has %s %s, go.mod has %s; run 'go generate ./grader/specdeps'", m.Path, m.Version, got)
		}
	}
}

// TestTreeIsGenerated regenerates both trees into a temporary directory
// and compares them with the ones embedded: a spec that imports a new
// package, an exercise that allows a new module, or a version bump in
// go.mod, must be followed by 'go generate'.
func TestTreeIsGenerated(t *testing.T) {
	out := t.TempDir()
	gen := exec.Command("go", "run", "gen.go", "-o", filepath.Join(out, "_vendor"), "-m", filepath.Join(out, "_modules"))
	var stderr bytes.Buffer
	gen.Stderr = &stderr
	if err := gen.Run(); err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, stderr.Bytes())
	}
	for _, tree := range []struct {
		dir string
		got map[string][]byte
	}{{"_vendor", Files()}, {"_modules", candidateFiles()}} {
		root := filepath.Join(out, tree.dir)
		want := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			want[filepath.ToSlash(rel)] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for p, data := range tree.got {
			got[p] = string(data)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the embedded %s is not what gen.go writes; run 'go generate ./grader/specdeps' (-want +got):\n%s", tree.dir, diff)
		}
	}
}

// TestCandidateModulesMatchGoMod keeps the candidates' modules at the versions
// of the grader's go.mod.
func TestCandidateModulesMatchGoMod(t *testing.T) {
	for _, b := range parseModules(candidateFiles()["modules.txt"]) {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", b.Path).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", b.Path, err)
		}
		if got := strings.TrimSpace(string(out)); got != b.Version {
			t.Errorf("_modules has %s %s, go.mod has %s; run 'go generate ./grader/specdeps'", b.Path, b.Version, got)
		}
	}
}

// TestVendor checks the vendor directory of an exercise that allows
// github.com/golang-jwt/jwt/v5: the specs' modules and jwt's packages,
// one modules.txt for all, and go.mod's requirements to match; an
// exercise that allows none gets the specs' tree as it is.
func TestVendor(t *testing.T) {
	files, mods, err := Vendor(nil)
	if err != nil || len(files) != len(Files()) || !cmp.Equal(mods, Modules()) {
		t.Fatalf("Vendor(nil) = %d files, %v, %v; want the specs' tree", len(files), mods, err)
	}
	const jwt = "github.com/golang-jwt/jwt/v5"
	files, mods, err = Vendor([]string{jwt})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range mods {
		paths = append(paths, m.Path)
	}
	if diff := cmp.Diff([]string{jwt, "github.com/google/go-cmp", "go.uber.org/goleak"}, paths); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	for _, want := range []string{jwt + "/parser.go", jwt + "/LICENSE", jwt + "/request/request.go", "github.com/google/go-cmp/cmp/compare.go"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the vendor tree has no %s", want)
		}
	}
	if txt := string(files["modules.txt"]); !strings.Contains(txt, "# "+jwt+" ") || !strings.Contains(txt, "\n"+jwt+"\n") || !strings.Contains(txt, "# github.com/google/go-cmp ") {
		t.Errorf("modules.txt lacks a module:\n%s", txt)
	}
	if _, _, err := Vendor([]string{"example.com/nosuch"}); err == nil {
		t.Error("Vendor(a module the binary does not carry) = nil error")
	}
}

// TestImporter type-checks a package that uses jwt from the embedded
// source, as the engine type-checks a submission.
func TestImporter(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", `package a

import "github.com/golang-jwt/jwt/v5"

var P = jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}))
`, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: Importer(importer.Default())}
	if _, err := conf.Check("a", fset, []*ast.File{f}, nil); err != nil {
		t.Errorf("type-checking a package that imports jwt: %v", err)
	}
}
