package exercises_test

import (
	"testing"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/solutions"
)

// TestCatalogLoads fails for any exercise folder with an authoring error;
// 'grader verify' then proves the ones that load.
func TestCatalogLoads(t *testing.T) {
	c, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range c.Broken() {
		t.Error(err)
	}
	if len(c.List()) == 0 {
		t.Error("the catalog is empty")
	}
}

// TestEveryHiddenTestIsDescribed fails for a hidden test without a doc
// comment, which the candidate view of a scorecard shows in place of its
// failure details ('grader verify' checks the same).
func TestEveryHiddenTestIsDescribed(t *testing.T) {
	c, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.List() {
		if u := e.Undescribed(); len(u) > 0 {
			t.Errorf("%s: no doc comment on %v", e.Slug, u)
		}
	}
}
