package apicheck

import (
	"go/importer"
	"go/token"
	"go/types"
	"testing"
)

// TestDefaultImporterRunsGoOnce checks that the standard packages a spec
// commonly imports cost one run of 'go list' in all, where go/importer's
// default asks once per package, and that a package outside the standard
// library costs none; and that the packages are those the default
// importer reads.
func TestDefaultImporterRunsGoOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	l := &exportLookup{files: map[string]string{}, asked: map[string]bool{}}
	imp := importer.ForCompiler(token.NewFileSet(), "gc", l.open)
	ref := importer.Default()
	for _, path := range []string{"container/heap", "sync", "time", "fmt", "math/rand/v2", "testing", "testing/synctest", "weak"} {
		got, err := imp.Import(path)
		if err != nil {
			t.Fatalf("Import(%q): %v", path, err)
		}
		want, err := ref.Import(path)
		if err != nil {
			t.Fatalf("go/importer's Import(%q): %v", path, err)
		}
		if g, w := types.ObjectString(got.Scope().Lookup(got.Scope().Names()[0]), nil), types.ObjectString(want.Scope().Lookup(want.Scope().Names()[0]), nil); g != w {
			t.Errorf("Import(%q): first object %s, go/importer's %s", path, g, w)
		}
	}
	if _, err := imp.Import("github.com/google/go-cmp/cmp"); err == nil {
		t.Errorf("Import of a package outside the standard library succeeded")
	}
	if l.runs != 1 {
		t.Errorf("go list ran %d times, want 1", l.runs)
	}
}
