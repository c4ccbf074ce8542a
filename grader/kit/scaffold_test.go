package kit_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
)

// TestScaffoldLoads checks that a new exercise loads at once, with one
// described test per suite, and that what is left for its author is said.
func TestScaffoldLoads(t *testing.T) {
	ex, sol := fstest.MapFS{}, fstest.MapFS{}
	for p, data := range kit.Scaffold("queue") {
		if rest, ok := strings.CutPrefix(p, "exercises/"); ok {
			ex[rest] = &fstest.MapFile{Data: []byte(data)}
		} else if rest, ok := strings.CutPrefix(p, "solutions/"); ok {
			sol[rest] = &fstest.MapFile{Data: []byte(data)}
		} else {
			t.Errorf("%s is outside exercises/ and solutions/", p)
		}
	}
	c, err := catalog.Load(ex, sol)
	if err != nil {
		t.Fatal(err)
	}
	if b := c.Broken(); len(b) > 0 {
		t.Fatalf("the scaffold does not load: %v", b)
	}
	e, err := c.Get("queue")
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Test{
		{Name: "TestCorrectness_Double", Suite: "correctness", Description: "Checks that Double doubles small numbers."},
		{Name: "TestRace_Double", Suite: "race", Description: "Checks that Double may be called from many goroutines at once."},
		{Name: "TestLeak_Double", Suite: "leak", Description: "Checks that Double leaves no goroutine running."},
		{Name: "BenchmarkLatency_Double", Suite: "latency", Description: "Measures one call of Double."},
	}
	if diff := cmp.Diff(want, e.Tests); diff != "" {
		t.Errorf("tests (-want +got):\n%s", diff)
	}
	wantTODO := []string{
		"exercise.json:1: TODO(author) a title",
		"prompt.md:1: TODO(author) the exercise's title",
		"testdata/spec/queue_test.go:3: TODO(author) the hidden spec: a test's suite is its name's prefix, and its doc",
		"solutions/queue/queue.go:3: TODO(author) the reference: clear, idiomatic and correct; it must score 100.",
	}
	if diff := cmp.Diff(wantTODO, kit.Unfinished(e)); diff != "" {
		t.Errorf("Unfinished (-want +got):\n%s", diff)
	}
}
