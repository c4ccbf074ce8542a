package grader

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/apicheck"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/suite"
)

// Check is one claim [Engine.Verify] makes about an exercise, and whether
// it held.
type Check struct {
	Exercise string
	Subject  string // "reference", "stub", "catalog", or a fixture's folder name
	Claim    string // what must hold
	OK       bool
	Detail   string // what was seen
	Card     *scorecard.Scorecard
}

// Verify proves an exercise: the reference scores 100; the stub keeps at
// most a quarter of the correctness points; every known-good fixture
// scores 100; every suite has a known-bad fixture; and every fixture
// loses points in the suite it targets (a
// "build" fixture must fail to compile) and keeps full marks in every
// other suite; and every test needs only the API it tests (see
// [Engine.verifySymbols]). each receives every check as it is decided.
func (e *Engine) Verify(ctx context.Context, ex *catalog.Exercise, seed int64, each func(Check)) ([]Check, error) {
	var checks []Check
	add := func(c Check) {
		c.Exercise = ex.Slug
		checks = append(checks, c)
		if each != nil {
			each(c)
		}
	}
	for _, suite := range suite.Names() {
		if _, ok := ex.Meta.Suites[suite]; !ok {
			continue // the exercise has no such suite
		}
		has := slices.ContainsFunc(ex.Fixtures, func(f catalog.Fixture) bool { return f.Target == suite })
		add(Check{Subject: "catalog", Claim: "a known-bad fixture targets the " + suite + " suite", OK: has,
			Detail: map[bool]string{true: "present", false: "add one under testdata/bad/" + suite + "-<name>/"}[has]})
	}
	grade := func(name string, files []catalog.File) (*scorecard.Scorecard, error) {
		return e.GradeFiles(ctx, Config{Exercise: ex.Slug, Seed: seed}, name, files)
	}
	// An exercise that grades tests has no hidden spec to prune (its
	// submission is tests, not API), and its reference solution is the
	// model answer's tests, which must kill every mutant.
	reference := ex.Reference
	if ex.GradesTests() {
		reference = ex.Spec
	} else {
		symbolChecks, err := e.verifySymbols(ctx, ex, seed)
		if err != nil {
			return checks, err
		}
		for _, c := range symbolChecks {
			add(c)
		}
	}
	card, err := grade("reference", reference)
	if err != nil {
		return checks, err
	}
	add(Check{Subject: "reference", Claim: "scores 100", OK: card.Score == 100, Detail: summary(card), Card: card})

	card, err = grade("stub", ex.Stub)
	if err != nil {
		return checks, err
	}
	if ex.GradesTests() {
		add(Check{Subject: "stub", Claim: "kills at most a quarter of the mutants",
			OK: card.Build.Status == scorecard.BuildOK && card.Score <= 25, Detail: summary(card), Card: card})
	} else {
		corr := card.Suite(scorecard.Correctness)
		add(Check{Subject: "stub", Claim: "keeps at most a quarter of the correctness points, and nothing elsewhere",
			OK: card.Build.Status == scorecard.BuildOK && corr.Score <= corr.MaxScore/4 && card.Score == corr.Score, Detail: summary(card), Card: card})
	}

	for _, f := range ex.Good {
		card, err := grade(f.Name, f.Files)
		if err != nil {
			return checks, err
		}
		add(Check{Subject: f.Name, Claim: "scores 100 (" + f.Defect + ")", OK: card.Score == 100, Detail: summary(card), Card: card})
	}

	for _, f := range ex.Fixtures {
		card, err := grade(f.Name, f.Files)
		if err != nil {
			return checks, err
		}
		ok := true
		if f.Target == "build" {
			ok = card.Build.Status == scorecard.BuildFailed || card.Build.Status == scorecard.BuildRejected
		} else {
			for _, s := range card.Suites {
				lost := s.Score < s.MaxScore
				if s.Name == f.Target && !lost || s.Name != f.Target && lost {
					ok = false
				}
			}
		}
		claim := "loses points in " + f.Target + " and only there"
		if f.Target == "build" {
			claim = "fails to build"
		}
		add(Check{Subject: f.Name, Claim: claim + " (" + f.Defect + ")", OK: ok, Detail: summary(card), Card: card})
	}
	return checks, nil
}

// verifySymbols proves that a test needs only the API it tests, so that a
// submission lacking part of the API still gets the points of the rest:
// for each exported symbol of the reference, the reference without it
// (the symbol renamed to an unexported name) must lose only tests that
// exercise the symbol, that is use it other than to clean up (in a defer
// statement or a Cleanup callback), directly or through the spec's
// helpers.
//
// Most of this is proved statically, for every symbol at once and in
// milliseconds: the tests the pruning removes must all exercise the
// symbol, and the pruned spec must type-check against the reference
// without it. The one thing the types cannot show is a test that reaches
// a method at run time through an interface assertion (the clean-up idiom
// "if c, ok := c.(interface{ Close() }); ok { c.Close() }"): for each
// such method, the reference without it is graded for real, on the
// correctness suite, where partial credit is decided; no test outside
// those that exercise the method may lose points.
func (e *Engine) verifySymbols(ctx context.Context, ex *catalog.Exercise, seed int64) ([]Check, error) {
	model, err := e.model(ex)
	if err != nil {
		return nil, err
	}
	var problems, kept []string
	var graded []*apicheck.Removal
	n := 0
	for _, s := range model.Symbols() {
		r, err := model.Without(s.Key)
		if err != nil {
			kept = append(kept, fmt.Sprintf("%s (%v)", s.Key, err))
			continue
		}
		n++
		if len(r.CleanupOnly) > 0 {
			problems = append(problems, fmt.Sprintf("without %s, %s would score zero but use it only to clean up: clean up through an interface assertion",
				s.Key, strings.Join(r.CleanupOnly, ", ")))
		}
		if len(r.SpecErrors) > 0 {
			problems = append(problems, fmt.Sprintf("without %s, the pruned spec does not compile: %s", s.Key, r.SpecErrors[0]))
		}
		if r.Asserted {
			graded = append(graded, r)
		}
	}
	detail := fmt.Sprintf("%d symbols taken out one at a time", n)
	if len(kept) > 0 {
		detail += "; not taken out, the reference needs them: " + strings.Join(kept, "; ")
	}
	if len(problems) > 0 {
		detail = strings.Join(problems, "; ")
	}
	checks := []Check{{Subject: "api", Claim: "without any one symbol, only the tests that exercise it are removed", OK: len(problems) == 0, Detail: detail}}
	for _, r := range graded {
		card, err := e.GradeFiles(ctx, Config{Exercise: ex.Slug, Seed: seed, Suites: []string{scorecard.Correctness}}, "reference without "+r.Symbol, toCatalog(r.Files))
		if err != nil {
			return nil, err
		}
		var lost []string
		for _, t := range card.Suite(scorecard.Correctness).Tests {
			if t.Status != scorecard.StatusPass && !slices.Contains(r.Exercising, t.Name) {
				lost = append(lost, t.Name+" ("+string(t.Verdict)+")")
			}
		}
		detail := summary(card)
		if len(lost) > 0 {
			detail = "lost without exercising it: " + strings.Join(lost, ", ") + "; " + detail
		}
		checks = append(checks, Check{Subject: "without " + r.Symbol, Claim: "loses correctness points only in the tests that exercise it",
			OK: card.Build.Status == scorecard.BuildOK && len(lost) == 0, Detail: detail, Card: card})
	}
	return checks, nil
}

// summary is a scorecard in one line: the score and each suite's.
func summary(c *scorecard.Scorecard) string {
	s := fmt.Sprintf("%.1f", c.Score)
	if c.Build.Status != scorecard.BuildOK {
		s += " build " + c.Build.Status
	}
	for _, suite := range c.Suites {
		s += fmt.Sprintf(" %s %.1f/%g", suite.Name, suite.Score, suite.MaxScore)
	}
	return s
}
