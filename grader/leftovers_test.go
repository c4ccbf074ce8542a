package grader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/sandbox"
)

// TestRemoveLeftovers: the scratch directories of a grader that is gone
// are removed; a live grader's (this one's) and anything else stay.
func TestRemoveLeftovers(t *testing.T) {
	c := exec.Command("/bin/true")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	dead := fmt.Sprintf("%d.%d", c.Process.Pid, 1234)
	dir := t.TempDir()
	e := &Engine{opts: Options{Scratch: dir}}
	names := []string{
		"grading-" + dead + "-123",          // removed
		"reference-" + dead + "-456",        // removed
		"grading-" + sandbox.Owner() + "-1", // alive: kept
		"grading-123",                       // not a scratch name of ours: kept
		"notes",                             // kept
	}
	for _, n := range names {
		if err := os.MkdirAll(filepath.Join(dir, n, "mod"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	live, err := e.scratchDir("grading-")
	if err != nil {
		t.Fatal(err)
	}
	removed, err := e.RemoveLeftovers()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, names[0]), filepath.Join(dir, names[1])}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	want := append(slices.Clone(names[2:]), filepath.Base(live))
	slices.Sort(want)
	if diff := cmp.Diff(want, left); diff != "" {
		t.Errorf("left in the scratch directory (-want +got):\n%s", diff)
	}
}
