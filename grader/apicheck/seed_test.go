package apicheck_test

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/solutions"
)

// readGo returns the .go files of dir in fsys.
func readGo(t *testing.T, fsys fs.FS, dir string) []apicheck.File {
	t.Helper()
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []apicheck.File
	for _, e := range ents {
		if path.Ext(e.Name()) == ".go" {
			data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, apicheck.File{Name: e.Name(), Data: data})
		}
	}
	return out
}

// TestSeedCacheKeepsSetGetTests grades the API of the seed document's own
// TTL cache (NewCache, Set and Get with a janitor; no Close, Delete or Len)
// against the real ttlcache spec: the tests of Set and Get must stay in
// the spec, and only the tests that exercise Close, Delete or Len go.
// Before the spec cleaned up through an interface assertion, every test
// deferred Close and all of them went; before the tests of Set and Get
// checked them with Get alone, five of them also checked Len or Delete
// on the side, and went too.
func TestSeedCacheKeepsSetGetTests(t *testing.T) {
	m, err := apicheck.NewModel("ttlcache", readGo(t, solutions.FS, "ttlcache"), readGo(t, exercises.FS, "ttlcache/testdata/spec"), apicheck.DefaultImporter())
	if err != nil {
		t.Fatal(err)
	}
	seed := readGo(t, exercises.FS, "ttlcache/testdata/partial/seed")
	if errs := m.TypeErrors(seed); len(errs) > 0 {
		t.Fatalf("the seed cache does not type-check: %v", errs)
	}
	var missing []string
	for _, mm := range m.Compare(seed) {
		missing = append(missing, mm.Symbol)
	}
	if diff := cmp.Diff([]string{"(*Cache).Close", "(*Cache).Delete", "(*Cache).Len"}, missing); diff != "" {
		t.Errorf("missing API (-want +got):\n%s", diff)
	}
	_, dropped, err := m.Prune(missing)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, name := range specTests(t, readGo(t, exercises.FS, "ttlcache/testdata/spec")) {
		if _, gone := dropped[name]; !gone && strings.HasPrefix(name, "TestCorrectness_") {
			kept = append(kept, name)
		}
	}
	// Every test of Set and Get checks them with Get alone, so it stays;
	// the behaviour of Len and Delete is in tests of its own, which go.
	want := []string{
		"TestCorrectness_ExpiredEntriesAreFreed",
		"TestCorrectness_ExpiresAfterTTL",
		"TestCorrectness_ManyKeys",
		"TestCorrectness_NonPositiveTTLNeverExpires",
		"TestCorrectness_OverwriteChangesTTL",
		"TestCorrectness_SetGet",
		"TestCorrectness_SetOverwrites",
		"TestCorrectness_SetRestartsTTL",
	}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("correctness tests kept for the seed cache (-want +got):\n%s\nremoved: %v", diff, dropped)
	}
	for name, syms := range dropped {
		if slices.Contains(syms, "(*Cache).Close") && !strings.Contains(name, "Close") && !strings.HasPrefix(name, "TestLeak_") {
			t.Errorf("%s is removed for (*Cache).Close, which it does not test", name)
		}
	}
}

// specTests returns the names of the spec's tests.
func specTests(t *testing.T, spec []apicheck.File) []string {
	t.Helper()
	var out []string
	for _, f := range spec {
		for _, line := range strings.Split(string(f.Data), "\n") {
			if name, ok := strings.CutPrefix(line, "func Test"); ok {
				out = append(out, "Test"+name[:strings.Index(name, "(")])
			}
		}
	}
	slices.Sort(out)
	return out
}
