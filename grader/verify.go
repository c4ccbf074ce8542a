package grader

import (
	"context"
	"fmt"
	"slices"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/scorecard"
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
// other suite. each receives every check as it is decided.
func (e *Engine) Verify(ctx context.Context, ex *catalog.Exercise, seed int64, each func(Check)) ([]Check, error) {
	var checks []Check
	add := func(c Check) {
		c.Exercise = ex.Slug
		checks = append(checks, c)
		if each != nil {
			each(c)
		}
	}
	for _, suite := range scorecard.SuiteNames {
		has := slices.ContainsFunc(ex.Fixtures, func(f catalog.Fixture) bool { return f.Target == suite })
		add(Check{Subject: "catalog", Claim: "a known-bad fixture targets the " + suite + " suite", OK: has,
			Detail: map[bool]string{true: "present", false: "add one under testdata/bad/" + suite + "-<name>/"}[has]})
	}
	grade := func(name string, files []catalog.File) (*scorecard.Scorecard, error) {
		return e.GradeFiles(ctx, Config{Exercise: ex.Slug, Seed: seed}, name, files)
	}
	card, err := grade("reference", ex.Reference)
	if err != nil {
		return checks, err
	}
	add(Check{Subject: "reference", Claim: "scores 100", OK: card.Score == 100, Detail: summary(card), Card: card})

	card, err = grade("stub", ex.Stub)
	if err != nil {
		return checks, err
	}
	corr := card.Suite(scorecard.Correctness)
	add(Check{Subject: "stub", Claim: "keeps at most a quarter of the correctness points, and nothing elsewhere",
		OK: card.Build.Status == scorecard.BuildOK && corr.Score <= corr.MaxScore/4 && card.Score == corr.Score, Detail: summary(card), Card: card})

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
