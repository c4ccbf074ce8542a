package specdeps

import (
	"bytes"
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

// TestTreeIsGenerated regenerates the tree into a temporary directory and
// compares it with the one embedded: a spec that imports a new package,
// or a version bump in go.mod, must be followed by 'go generate'.
func TestTreeIsGenerated(t *testing.T) {
	out := t.TempDir()
	gen := exec.Command("go", "run", "gen.go", "-o", out)
	var stderr bytes.Buffer
	gen.Stderr = &stderr
	if err := gen.Run(); err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, stderr.Bytes())
	}
	want := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		want[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for p, data := range Files() {
		got[p] = string(data)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the embedded tree is not what gen.go writes; run 'go generate ./grader/specdeps' (-want +got):\n%s", diff)
	}
}
