// Package hygiene checks the repository itself: formatting (including the
// Go files under testdata, such as hidden specs and fixtures), vet, and a
// tidy go.mod.
package hygiene

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func TestGofmt(t *testing.T) {
	root := repoRoot(t)
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "bin") {
			return filepath.SkipDir
		}
		// Hostile fixtures may be malformed on purpose.
		if d.IsDir() && strings.Contains(p, filepath.Join("e2e", "testdata")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("gofmt", append([]string{"-l"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gofmt: %v\n%s", err, out)
	}
	if len(out) > 0 {
		t.Errorf("gofmt would change these files; run gofmt -w on them:\n%s", out)
	}
}

func TestVet(t *testing.T) {
	if testing.Short() {
		t.Skip("vet builds every package; skipped with -short")
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet ./... failed:\n%s", out)
	}
}

func TestModTidy(t *testing.T) {
	cmd := exec.Command("go", "mod", "tidy", "-diff")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go.mod is not tidy; run 'go mod tidy':\n%s", out)
	}
}
