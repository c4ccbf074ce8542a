package catalog_test

import (
	"slices"
	"testing"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/solutions"
)

// An exercise's hash changes with what grading depends on (the spec, the
// reference, the metadata) and with nothing else (the prompt, the stub),
// so a queue worker refuses exactly the jobs its catalog would grade
// otherwise.
func TestHash(t *testing.T) {
	load := func() *catalog.Exercise {
		cat, err := catalog.Load(exercises.FS, solutions.FS)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := cat.Get("lrucache")
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}
	base := load().Hash()
	if again := load().Hash(); again != base {
		t.Fatalf("two loads hash differently: %s, %s", base, again)
	}
	for _, tc := range []struct {
		name   string
		change func(*catalog.Exercise)
		same   bool
	}{
		{"a spec file", func(ex *catalog.Exercise) { ex.Spec[0].Data = append(slices.Clone(ex.Spec[0].Data), '\n') }, false},
		{"the reference", func(ex *catalog.Exercise) {
			ex.Reference[0].Data = append(slices.Clone(ex.Reference[0].Data), '\n')
		}, false},
		{"a suite's weight", func(ex *catalog.Exercise) {
			m := ex.Meta.Suites["race"]
			m.Weight++
			ex.Meta.Suites = map[string]catalog.SuiteMeta{"race": m}
		}, false},
		{"the spec's files in another order", func(ex *catalog.Exercise) {
			ex.Spec = slices.Clone(ex.Spec)
			slices.Reverse(ex.Spec)
		}, true},
		{"the prompt", func(ex *catalog.Exercise) { ex.Prompt += "\nEdited." }, true},
		{"the stub", func(ex *catalog.Exercise) { ex.Stub = nil }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := load()
			tc.change(ex)
			if got := ex.Hash() == base; got != tc.same {
				t.Errorf("hash unchanged = %v, want %v", got, tc.same)
			}
		})
	}
}
