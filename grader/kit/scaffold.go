package kit

import (
	"fmt"
	"strings"

	"github.com/hiringtools/grader/grader/catalog"
)

// TODOMarker marks what an author of a new exercise must still write;
// 'grader verify' fails while any file of the exercise has it.
const TODOMarker = "TODO(author)"

// Scaffold returns the files of a new exercise slug, as paths under a
// catalog folder (exercises/<slug>/... and solutions/<slug>/...): a
// prompt, metadata, a stub, a hidden spec with one test per suite, a
// public test and a reference solution, for a toy API (Double) that the
// author replaces. The exercise loads, and its reference scores 100; what
// 'grader verify' still fails is what an author must fill in: the
// TODO(author) marks and a known-bad fixture per suite.
func Scaffold(slug string) map[string]string {
	// The suites' prefixes are put in by the replacer, so that a
	// candidate's binary holds no "func TestCorrectness_" even here.
	r := strings.NewReplacer("SLUG", slug, "TODO!", TODOMarker,
		"TEST_C_", "Test"+"Correctness_", "TEST_R_", "Test"+"Race_", "TEST_L_", "Test"+"Leak_", "BENCH_L_", "Benchmark"+"Latency_")
	files := map[string]string{
		"exercises/SLUG/exercise.json": `{
  "title": "TODO! a title",
  "summary": "TODO! one sentence: what the candidate builds.",
  "difficulty": "medium",
  "tags": ["concurrency"],
  "suites": {
    "correctness": {"weight": 40},
    "race":        {"weight": 20},
    "leak":        {"weight": 20},
    "latency":     {"weight": 20}
  },
  "latency": [
    {"benchmark": "BENCH_L_Double", "max_ratio": 10}
  ]
}
`,
		"exercises/SLUG/prompt.md": "# TODO! the exercise's title\n\n" +
			"TODO! What to build, in your own words: the behaviour, errors, panics and\n" +
			"concurrency (see docs/exercise-format.md, \"What a prompt says\").\n\n" +
			"## API\n\nWrite package `SLUG` with exactly this API (the stub has it, with doc\ncomments):\n\n" +
			"```go\nfunc Double(n int) int\n```\n\n" +
			"## How it is graded\n\nTODO! The suites and their weights (correctness 40, race 20, leak 20,\n" +
			"latency 20), that latency budgets are ratios against a reference solution,\nand that races and leaks are checked.\n",
		"exercises/SLUG/stub/SLUG.go": `// Package SLUG is the stub of the SLUG exercise: the whole API, with
// bodies that compile and do nothing useful.
package SLUG

// Double returns twice n. It is safe for concurrent use.
func Double(n int) int {
	// TODO: your code.
	return 0
}
`,
		"solutions/SLUG/SLUG.go": `// Package SLUG is the reference solution of the SLUG exercise.
//
// TODO! the reference: clear, idiomatic and correct; it must score 100.
package SLUG

// Double returns twice n. It is safe for concurrent use.
func Double(n int) int { return 2 * n }
`,
		"exercises/SLUG/testdata/public/SLUG_test.go": `package SLUG_test

import (
	"testing"

	"SLUG"
)

func TestDouble(t *testing.T) {
	if got := SLUG.Double(2); got != 4 {
		t.Errorf("Double(2) = %d, want 4", got)
	}
}
`,
		"exercises/SLUG/testdata/spec/SLUG_test.go": `package SLUG_test

// TODO! the hidden spec: a test's suite is its name's prefix, and its doc
// comment's first sentence is what a candidate reads about it (never its
// inputs or expected values). See docs/exercise-format.md.

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"SLUG"
)

// TEST_C_Double checks that Double doubles small numbers.
func TEST_C_Double(t *testing.T) {
	for _, n := range []int{0, 1, 21, -3} {
		if diff := cmp.Diff(2*n, SLUG.Double(n)); diff != "" {
			t.Errorf("Double(%d) (-want +got):\n%s", n, diff)
		}
	}
}

// TEST_R_Double checks that Double may be called from many goroutines
// at once.
func TEST_R_Double(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() { SLUG.Double(i) })
	}
	wg.Wait()
}

// TEST_L_Double checks that Double leaves no goroutine running.
func TEST_L_Double(t *testing.T) {
	defer goleak.VerifyNone(t)
	SLUG.Double(1)
}

// BENCH_L_Double measures one call of Double.
func BENCH_L_Double(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		SLUG.Double(i)
	}
}
`,
	}
	out := map[string]string{}
	for p, data := range files {
		out[strings.ReplaceAll(p, "SLUG", slug)] = r.Replace(data)
	}
	return out
}

// Unfinished returns where exercise ex still holds [TODOMarker], one
// "file:line: text" per file that does: what its author must still fill
// in. 'grader verify' fails while there is any.
func Unfinished(ex *catalog.Exercise) []string {
	var out []string
	check := func(name, data string) {
		for i, l := range strings.Split(data, "\n") {
			if strings.Contains(l, TODOMarker) {
				out = append(out, fmt.Sprintf("%s:%d: %s", name, i+1, strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "/#"))))
				return
			}
		}
	}
	check("exercise.json", ex.Meta.Title+"\n"+ex.Meta.Summary)
	check("prompt.md", ex.Prompt)
	for _, set := range []struct {
		dir   string
		files []catalog.File
	}{{"stub/", ex.Stub}, {"testdata/spec/", ex.Spec}, {"testdata/public/", ex.Public}, {"solutions/" + ex.Slug + "/", ex.Reference}} {
		for _, f := range set.files {
			check(set.dir+f.Name, string(f.Data))
		}
	}
	return out
}
