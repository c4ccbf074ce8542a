package grader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/suite"
	"github.com/hiringtools/grader/grader/verdict"
)

// gradeTests grades the candidate's tests for an exercise that grades
// tests (catalog.Exercise.GradesTests): its one suite of mutant runs
// (suite.MutantRuns). The candidate's _test.go files are built, in the
// sandbox like any candidate code, with the reference into which every
// mutant is woven (catalog.Exercise.Schemata), once; the binary then runs
// once as the reference, where every test must pass, and once as each
// mutant, selected by an environment variable the candidate's code
// cannot read. A mutant is killed, and its test passes, when the run
// fails (a failed test, a panic or a timeout alike); a mutant that
// survives fails with its behaviour, which the candidate may read, as the
// message. When the tests fail against the reference, every mutant fails
// with verdict reference_failed and the message names the failing tests:
// a test that fails on correct code tells no bug apart.
func (e *Engine) gradeTests(ctx context.Context, ex *catalog.Exercise, cfg Config, card *scorecard.Scorecard, files []catalog.File, limits sandbox.Limits, finish func() (*scorecard.Scorecard, error)) (*scorecard.Scorecard, error) {
	h := cfg.Handler
	var s *scorecard.Suite
	for i := range card.Suites {
		if k, _ := suite.Get(card.Suites[i].Name); k.Run == suite.MutantRuns && card.Suites[i].Status != scorecard.StatusSkipped {
			s = &card.Suites[i]
		}
	}
	var tests []catalog.File
	for _, f := range files {
		if strings.HasSuffix(f.Name, "_test.go") {
			tests = append(tests, f)
		}
	}
	all := func(v scorecard.Verdict, msg string) {
		if s == nil {
			return
		}
		s.Status = scorecard.StatusError
		for _, m := range ex.Mutants {
			s.Tests = append(s.Tests, scorecard.Test{Name: m.Name, Status: scorecard.StatusFail, Verdict: v, Message: msg})
		}
		e.emit(h, Event{Kind: KindSuite, Suite: s.Name, Status: StatusFail, Max: s.Weight, Message: msg})
	}
	if len(tests) == 0 {
		card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: "the submission has no _test.go files: this exercise grades your tests"}
		e.emit(h, Event{Kind: KindBuild, Status: StatusFail, Message: card.Build.Output})
		all(scorecard.VerdictBuildFailed, "not run: the submission has no _test.go files")
		return finish()
	}
	e.emit(h, Event{Kind: KindAPI, Status: StatusOK})
	if s == nil {
		return finish()
	}
	// The reference build with the model answer's tests fills the
	// shared build cache, as for any exercise.
	q := e.pool.queue()
	if _, err := e.reference(ctx, q, ex, h); err != nil {
		return nil, err
	}
	scratch, err := e.scratchDir("grading-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	// A selector name of this grading's own, so that no test can name it.
	token := make([]byte, 8)
	rand.Read(token)
	woven, err := ex.Schemata(hex.EncodeToString(token))
	if err != nil {
		return nil, fmt.Errorf("exercise %s: weaving its mutants: %w", ex.Slug, err)
	}
	bins, buildOut, err := e.build(ctx, q, ex, scratch, tests, woven, true, false, h)
	if err != nil {
		return nil, err
	}
	if buildOut != "" {
		card.Build = scorecard.Build{Status: scorecard.BuildFailed, Output: buildOut}
		all(scorecard.VerdictBuildFailed, "not run: your tests do not compile (see build)")
		return finish()
	}
	card.Build = scorecard.Build{Status: scorecard.BuildOK}
	e.emit(h, Event{Kind: KindSuite, Suite: s.Name, Status: StatusStart})
	src := verdict.Source{Package: ex.Slug}
	for _, f := range tests {
		src.Files = append(src.Files, f.Name)
	}
	r := &runner{e: e, ex: ex, bins: bins, limits: limits, seed: card.Seed, src: src, slots: q, run: e.sandboxed}
	// run runs every test of the candidate once, as mutant id ("" for the
	// reference).
	run := func(id string) (verdict.Process, error) {
		if err := q.acquire(ctx); err != nil {
			return verdict.Process{}, err
		}
		defer q.release()
		res := r.processEnv(ctx, bins.plain, s.Name, []string{"-test.count=1"}, []string{catalog.MutantEnv + "=" + id})
		return res.p, res.err
	}
	ref, err := run("")
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if ref.ExitCode != 0 || ref.Signaled || ref.TimedOut {
		msg := "not run: your tests fail against the correct implementation, so they cannot tell a bug from it: " + failures(ref)
		if lines := logLines(ref.Output, 5); lines != "" {
			msg += "\n" + lines
		}
		all(scorecard.VerdictReferenceFailed, msg)
		return finish()
	}
	results := make([]scorecard.Test, len(ex.Mutants))
	var wg sync.WaitGroup
	for i, m := range ex.Mutants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := scorecard.Test{Name: m.Name}
			p, err := run(strconv.Itoa(i + 1))
			switch {
			case err != nil:
				t.Status, t.Verdict, t.Message = scorecard.StatusFail, scorecard.VerdictCrash, "the grader could not run this mutant: "+err.Error()
			case p.ExitCode == 0 && !p.Signaled && !p.TimedOut:
				t.Status, t.Verdict, t.Message = scorecard.StatusFail, scorecard.VerdictSurvived, "untested: "+m.Behaviour
			default:
				t.Status, t.Verdict, t.Message = scorecard.StatusPass, scorecard.VerdictPassed, "killed: "+failures(p)
			}
			results[i] = t
			e.emit(h, Event{Kind: KindTest, Suite: s.Name, Test: t.Name, Status: testStatus(t), Message: t.Message})
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.Tests = results
	e.emit(h, suiteEnd(s))
	return finish()
}

// failRE matches a failed test's line in a test binary's output.
var failRE = regexp.MustCompile(`(?m)^\x16?--- FAIL: (\S+)`)

// logRE matches a line a test logged with t.Error, t.Log and the like.
var logRE = regexp.MustCompile(`(?m)^\s+[A-Za-z0-9_.-]+_test\.go:\d+: .*$`)

// logLines returns the first n lines the candidate's tests logged, from
// their own files.
func logLines(out []byte, n int) string {
	var lines []string
	for _, m := range logRE.FindAll(out, n) {
		lines = append(lines, strings.TrimSpace(string(m)))
	}
	return strings.Join(lines, "\n")
}

// failures says how a run of the candidate's tests failed: the tests that
// failed, or how the process ended.
func failures(p verdict.Process) string {
	var names []string
	for _, m := range failRE.FindAllSubmatch(p.Output, -1) {
		if name := string(m[1]); !strings.Contains(name, "/") || len(names) < 5 {
			names = append(names, name)
		}
	}
	switch {
	case len(names) > 0:
		if len(names) > 8 {
			names = append(names[:8], fmt.Sprintf("and %d more", len(names)-8))
		}
		return strings.Join(names, ", ") + " failed"
	case p.TimedOut:
		return "the tests did not finish in their time limit"
	case strings.Contains(string(p.Output), "panic: "):
		return "a test panicked"
	}
	return fmt.Sprintf("the test process exited with status %d", p.ExitCode)
}
