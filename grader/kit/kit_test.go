package kit_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
	"github.com/hiringtools/grader/solutions"
)

func bundled(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.List()) == 0 {
		t.Fatal("the catalog is empty")
	}
	return c
}

func secrets(ex *catalog.Exercise) []string { return kit.HiddenMaterial(ex) }

// TestKitHoldsNoHiddenMaterial cuts the kit of every exercise of the
// catalog and looks for every hidden test name, spec line, reference
// line and fixture line in every byte of it, in a folder and in a zip.
func TestKitHoldsNoHiddenMaterial(t *testing.T) {
	for _, ex := range bundled(t).List() {
		t.Run(ex.Slug, func(t *testing.T) {
			files, m, err := kit.Cut(ex, "test")
			if err != nil {
				t.Fatal(err)
			}
			var all [][]byte
			for _, f := range files {
				all = append(all, []byte(f.Path), f.Data)
			}
			zipPath := filepath.Join(t.TempDir(), "kit.zip")
			if err := kit.Write(zipPath, files); err != nil {
				t.Fatal(err)
			}
			zipped, err := os.ReadFile(zipPath)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, zipped)
			zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				r, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(r)
				r.Close()
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, []byte(zf.Name), data)
			}
			blob := bytes.Join(all, []byte{0})
			for _, s := range secrets(ex) {
				if bytes.Contains(blob, []byte(s)) {
					t.Errorf("the kit holds hidden material: %q", s)
				}
			}
			if m.SpecSHA256 != kit.SpecSHA256(ex.Spec) || len(m.KitVersion) != 12 {
				t.Errorf("manifest hashes: spec %q, kit version %q", m.SpecSHA256, m.KitVersion)
			}
			if len(m.Suites) != len(ex.Meta.Suites) || len(m.API) == 0 {
				t.Errorf("manifest: %d suites, %d API symbols", len(m.Suites), len(m.API))
			}
		})
	}
}

// TestSecretsCatchLeaks makes sure the search above can fail: a kit with
// a spec line or a hidden test's name in it is caught.
func TestSecretsCatchLeaks(t *testing.T) {
	ex, err := bundled(t).Get("ratelimiter")
	if err != nil {
		t.Fatal(err)
	}
	s := secrets(ex)
	if len(s) < len(ex.Tests)+10 {
		t.Fatalf("only %d secrets", len(s))
	}
	for _, want := range []string{ex.Tests[0].Name, firstBody(ex.Spec[0].Data)} {
		found := false
		for _, x := range s {
			found = found || x == want
		}
		if !found {
			t.Errorf("secrets miss %q", want)
		}
	}
}

// firstBody returns the first non-trivial line inside a function of src.
func firstBody(src []byte) string {
	in := false
	for _, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "func ") {
			in = true
			continue
		}
		if l := strings.TrimSpace(l); in && !kit.Trivial(l) && !strings.HasPrefix(l, "//") {
			return l
		}
	}
	return ""
}

// TestAPISourceIsTheReferenceAPI checks, for every exercise, that the
// API a kit declares is exactly the reference's: each compared with the
// other finds nothing missing or different.
func TestAPISourceIsTheReferenceAPI(t *testing.T) {
	for _, ex := range bundled(t).List() {
		t.Run(ex.Slug, func(t *testing.T) {
			src, err := kit.APISource(ex.Slug, ex.Reference)
			if err != nil {
				t.Fatal(err)
			}
			api := []apicheck.File{{Name: "api.go", Data: src}}
			var ref []apicheck.File
			for _, f := range ex.Reference {
				ref = append(ref, apicheck.File{Name: f.Name, Data: f.Data})
			}
			fromRef, err := apicheck.NewModel(ex.Slug, ref, nil, apicheck.DefaultImporter())
			if err != nil {
				t.Fatal(err)
			}
			fromAPI, err := apicheck.NewModel(ex.Slug, api, nil, apicheck.DefaultImporter())
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if diff := cmp.Diff([]apicheck.Mismatch(nil), fromRef.Compare(api)); diff != "" {
				t.Errorf("the API source against the reference's API (-want +got):\n%s\n%s", diff, src)
			}
			if diff := cmp.Diff([]apicheck.Mismatch(nil), fromAPI.Compare(ref)); diff != "" {
				t.Errorf("the reference against the API source (-want +got):\n%s\n%s", diff, src)
			}
		})
	}
}
