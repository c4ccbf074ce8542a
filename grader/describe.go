package grader

import (
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/scorecard"
)

// describe gives every test of card the description its exercise ex
// declares (the doc comment of the hidden test; see
// catalog.Test.Description), so that the candidate view of the
// scorecard says what each test checks without its failure details.
func describe(card *scorecard.Scorecard, ex *catalog.Exercise) {
	desc := make(map[string]string, len(ex.Tests))
	for _, t := range ex.Tests {
		desc[t.Name] = t.Description
	}
	for i := range card.Suites {
		for j := range card.Suites[i].Tests {
			t := &card.Suites[i].Tests[j]
			t.Description = desc[t.Name]
		}
	}
}
