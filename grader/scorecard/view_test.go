package scorecard_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/solutions"
)

// TestCandidateViewRedacts takes real scorecards of known-bad fixtures
// (testdata/cards: graded by 'grader grade --seed 1', with failure
// messages, race reports, compiler output and latency timings in them)
// and checks that their candidate view, as JSON and as text, holds no
// line of the hidden spec, no failure message (hidden inputs, expected
// values, diffs), no race evidence and no reference timing, while it
// keeps every test's name, status and description, and the scores.
func TestCandidateViewRedacts(t *testing.T) {
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "cards", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scorecards in testdata/cards (%v)", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			card, err := scorecard.ReadJSON(f)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := cat.Get(card.Exercise)
			if err != nil {
				t.Fatal(err)
			}
			view := scorecard.CandidateView(card)
			var js, text bytes.Buffer
			if err := scorecard.WriteJSON(&js, view); err != nil {
				t.Fatal(err)
			}
			if err := scorecard.WriteText(&text, view, scorecard.TextOptions{Verbose: true}); err != nil {
				t.Fatal(err)
			}
			shown := js.String() + "\n" + text.String()

			var secrets []string
			specOnly := &catalog.Exercise{Slug: ex.Slug, Prompt: ex.Prompt, Meta: ex.Meta, Stub: ex.Stub, Public: ex.Public, Spec: ex.Spec}
			secrets = append(secrets, kit.HiddenMaterial(specOnly)...)
			messages := 0
			for _, s := range card.Suites {
				secrets = append(secrets, s.Evidence...)
				for _, tc := range s.Tests {
					if tc.Message != "" && tc.Status == scorecard.StatusFail {
						messages++
						secrets = append(secrets, tc.Message)
					}
				}
			}
			if messages == 0 {
				t.Fatalf("%s has no failure message to redact", p)
			}
			for _, s := range secrets {
				if strings.Contains(shown, s) {
					t.Errorf("the candidate view shows %q", s)
				}
			}
			if view.View != scorecard.ViewCandidate || view.Score != card.Score {
				t.Errorf("view %q, score %v; want %q, %v", view.View, view.Score, scorecard.ViewCandidate, card.Score)
			}
			desc := map[string]string{}
			for _, tc := range ex.Tests {
				desc[tc.Name] = tc.Description
			}
			for i, s := range view.Suites {
				if s.Score != card.Suites[i].Score || len(s.Tests) != len(card.Suites[i].Tests) {
					t.Errorf("suite %s: score %v of %d tests; want %v of %d", s.Name, s.Score, len(s.Tests), card.Suites[i].Score, len(card.Suites[i].Tests))
				}
				for j, tc := range s.Tests {
					orig := card.Suites[i].Tests[j]
					if tc.Name != orig.Name || tc.Status != orig.Status || tc.Verdict != orig.Verdict {
						t.Errorf("test %s: %s/%s; want %s %s/%s", tc.Name, tc.Status, tc.Verdict, orig.Name, orig.Status, orig.Verdict)
					}
					if tc.Description == "" || desc[tc.Name] != "" && tc.Description != desc[tc.Name] {
						t.Errorf("test %s: description %q, want %q", tc.Name, tc.Description, desc[tc.Name])
					}
					if l := tc.Latency; l != nil && (l.ReferenceNsPerOp != 0 || l.CandidateNsPerOp != 0 || l.ReferenceAllocs != 0) {
						t.Errorf("test %s: the candidate view keeps timings: %+v", tc.Name, *l)
					}
					listed := tc.Verdict != scorecard.VerdictBuildFailed && tc.Verdict != scorecard.VerdictPolicy && tc.Verdict != scorecard.VerdictMissingAPI
					if tc.Status == scorecard.StatusFail && listed && !strings.Contains(text.String(), tc.Description) {
						t.Errorf("the text view does not say what the failed test %s checks", tc.Name)
					}
				}
			}
		})
	}
}
