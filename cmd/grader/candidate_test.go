package main_test

import (
	"bytes"
	"encoding/binary"
	"github.com/google/go-cmp/cmp"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
	"github.com/hiringtools/grader/solutions"
)

// TestCandidateBinaryHoldsNoCatalog builds the grader as a team hands it
// to candidates ('make candidate': -tags nocatalog) and scans every byte
// of the file, as 'strings' would, for every hidden test name and every
// non-trivial line of the hidden specs, reference solutions and fixtures
// of the bundled catalog. It also runs the binary: without --catalog it
// has no exercise to list.
func TestCandidateBinaryHoldsNoCatalog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the grader")
	}
	bin := filepath.Join(t.TempDir(), "grader-candidate")
	build := exec.Command("go", "build", "-tags", "nocatalog", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nocatalog: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	type needle struct{ slug, s string }
	var needles []needle
	var all []string
	for _, ex := range cat.List() {
		names := map[string]bool{}
		for _, tc := range ex.Tests {
			names[tc.Name] = true
		}
		for _, s := range kit.HiddenMaterial(ex) {
			if !names[s] && len(s) < 16 {
				continue // too short to tell a spec from the rest of a program ("v++")
			}
			needles = append(needles, needle{ex.Slug, s})
			all = append(all, s)
		}
	}
	// Thousands of strings in a binary of tens of megabytes: one pass
	// over each text finds them all.
	inOwn, inBinary := findAll(ownSource(t), all), findAll(data, all)
	checked := 0
	for _, n := range needles {
		if inOwn[n.s] {
			continue // the grader's own source says it too (wg.Wait(), an example name)
		}
		checked++
		if inBinary[n.s] {
			t.Errorf("the candidate binary holds hidden material of %s: %q", n.slug, n.s)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d strings were looked for: is the catalog empty?", checked)
	}
	out, err := exec.Command(bin, "list").CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), "built without a catalog") {
		t.Errorf("grader list without a catalog exited %d:\n%s", code, out)
	}
}

// ownSource returns the grader's own Go source, every non-test .go file
// of the module outside the catalog (exercises/, solutions/) and testdata:
// what the binary may hold whatever its catalog.
func ownSource(t *testing.T) []byte {
	var b bytes.Buffer
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && (d.Name() == "exercises" || d.Name() == "solutions" || d.Name() == "testdata" || d.Name() == ".git"):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			data, err := os.ReadFile(p)
			b.Write(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// findAll reports which of needles occur in data, in one pass over data:
// the needles are indexed by their first 8 bytes (shorter ones are
// looked for one at a time).
func findAll(data []byte, needles []string) map[string]bool {
	found := map[string]bool{}
	idx := map[uint64][]string{}
	for _, n := range needles {
		if len(n) < 8 {
			if bytes.Contains(data, []byte(n)) {
				found[n] = true
			}
			continue
		}
		k := binary.LittleEndian.Uint64([]byte(n[:8]))
		idx[k] = append(idx[k], n)
	}
	for i := 0; i+8 <= len(data); i++ {
		for _, n := range idx[binary.LittleEndian.Uint64(data[i:])] {
			if !found[n] && bytes.HasPrefix(data[i:], []byte(n)) {
				found[n] = true
			}
		}
	}
	return found
}

func TestFindAll(t *testing.T) {
	data := []byte("xx TestCorrectness_Get yy wg.Wait() zz TestRace_Mixed")
	needles := []string{"TestCorrectness_Get", "TestCorrectness_Put", "wg.Wait()", "zz", "ab", "Mixed", "TestRace_Mixed!", "TestRace_Mixed"}
	got := findAll(data, needles)
	want := map[string]bool{}
	for _, n := range needles {
		if bytes.Contains(data, []byte(n)) {
			want[n] = true
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findAll (-bytes.Contains +got):\n%s", diff)
	}
}
