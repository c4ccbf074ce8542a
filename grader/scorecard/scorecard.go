// Package scorecard defines the grader's result: one [Scorecard] value per
// grading, and its renderings. The JSON form is a wire format: tools and
// interviewers' scripts read it, so its fields change only with a new
// [Schema] version.
//
// # The JSON scorecard, grader.scorecard/v1
//
// A scorecard is one JSON object:
//
//	schema          "grader.scorecard/v1". A reader must check it.
//	exercise        the exercise's slug, e.g. "ratelimiter".
//	submission      what was graded, as the user named it (a path).
//	candidate       optional: the label given with 'grader grade --candidate'
//	                (a name or an id), exactly as given; absent when none.
//	submission_sha256
//	                optional: the hex SHA-256 of the package files graded,
//	                each as its name, a NUL, its length in decimal, a NUL
//	                and its contents, in name order; equal package files
//	                give equal hashes whatever the kind of submission and
//	                whatever was ignored. Absent for the catalog's own
//	                files ('grader verify').
//	commit          optional: for a git submission, the full id of the
//	                commit graded (--rev), or of HEAD when the working tree
//	                was graded (the default); absent otherwise, and for a
//	                repository without commits.
//	dirty           optional: true when the working tree of a repository
//	                was graded and its .go files differ from commit's
//	                (uncommitted edits, new or deleted files); absent when
//	                false.
//	graded_at       optional: when the grading started, RFC 3339 in UTC
//	                with seconds ("2026-12-02T05:40:00Z").
//	score           0 to 100, one decimal: the sum of the selected suites'
//	                scores, scaled to 100 over their weights. With every
//	                suite selected that is simply the sum of the suites'
//	                scores; with --suites correctness on an exercise
//	                whose correctness weighs 40, a perfect run scores 100.
//	max_score       100.
//	passed          true when score >= threshold (see threshold) and the
//	                submission was built (build status "ok"): a submission
//	                that did not build, or that the policy refused, never
//	                passes, whatever the threshold.
//	threshold       the --fail-under value in force, 0 when none.
//	selected_suites the suites that were asked for (--suites), in
//	                scorecard order; all four when none were named.
//	suites          the four suites, in the order correctness, race, leak,
//	                latency (see Suite below); suites not selected with
//	                --suites are present with status "skipped".
//	missing_api     the parts of the required API the submission lacks or
//	                declares differently (see MissingAPI); [] when none.
//	build           the build's outcome (see Build).
//	policy          violations of the exercise's import and language policy
//	                (see Violation); [] when none. Any violation means
//	                nothing was built or run, and every suite is "error".
//	ignored_files   files of the submission that were not taken, each with
//	                path and reason (its tests, go.mod, vendor/, ...).
//	isolation       the sandbox in force (see Isolation).
//	seed            the seed handed to randomised specs; pass it to
//	                'grader grade --seed' to replay the grading.
//	warnings        strings a user must see (weaker isolation, ...).
//	duration_ms     wall time of the whole grading, in milliseconds.
//	go_version      the Go toolchain that built and ran the tests.
//	grader_version  the grader's own version.
//	view            optional: "candidate" when this is the candidate view
//	                of a scorecard ([CandidateView]: scores, test names,
//	                descriptions and verdicts, with failure messages,
//	                race evidence, reference timings and compiler lines
//	                about the hidden spec left out); absent for the
//	                interviewer's full scorecard.
//
// A Suite is:
//
//	name        "correctness", "race", "leak" or "latency"; or "mutants", the
//	            one suite of an exercise that grades the candidate's tests
//	            (a scorecard has the suites its exercise declares).
//	weight      the suite's share of the 100 points, from the exercise.
//	score       points earned: weight * (tests passed / tests), one decimal.
//	max_score   equal to weight.
//	status      "pass" (every test passed), "fail" (some failed),
//	            "error" (nothing could run: a build failure or a policy
//	            violation), "withheld" (see gated) or "skipped" (not
//	            selected).
//	gated       true when the race, leak or latency suite's points are
//	            withheld because fewer than half of the correctness tests
//	            passed ([GateFraction]): code that does not work yet earns
//	            nothing for being race-free, leak-free or fast. Such a
//	            suite has status "withheld" and score 0, and its tests
//	            are not run: each has status "skipped" and verdict
//	            "not_run". Never set when correctness was not graded
//	            (--suites without correctness).
//	tests       the suite's tests, in the spec's order (see Test).
//	evidence    race suite only, omitted when empty: races seen outside
//	            the race suite's own tests, each "TestName: message". Today
//	            that is a correctness test whose process died of Go's
//	            concurrent map check ("fatal error: concurrent map read and
//	            map write"): that crash is a data race, so the correctness
//	            test is run again with GOMAXPROCS=1 (where the runtime does
//	            not interleave map operations) and judged on that run, and
//	            the crash is recorded here. Evidence does not change the
//	            score: the race tests score races, and once any race has
//	            been seen (evidence or a race test's verdict), every race
//	            test that passed runs again several times, so that the
//	            race verdict does not depend on which run happened to
//	            catch it.
//
// A Test is:
//
//	name         the hidden test's name, e.g. "TestCorrectness_AllowStartsFull"
//	             or "BenchmarkLatency_Allow"; in the mutants suite, a
//	             mutant's name (it passes when the candidate's tests kill
//	             it, and its description says the behaviour to test).
//	status       "pass", "fail" or "skipped" (suite not selected).
//	verdict      why, one of the [Verdict] values: "passed", "failed",
//	             "panic", "timeout", "deadlock", "race", "leak", "crash",
//	             "early_exit", "memory_limit", "output_limit", "cpu_limit",
//	             "tamper", "missing_api", "build_failed", "policy", "slow",
//	             "not_run", "survived", "reference_failed".
//	description  optional: what the test checks, in words a candidate may
//	             read (the first sentence of the hidden test's doc
//	             comment); never its inputs or expected values. Absent
//	             in scorecards of graders that predate it.
//	message      what the candidate needs to know, with the candidate's own
//	             file:line where it applies; never hidden spec source.
//	             Absent in the candidate view.
//	duration_ms  wall time of the test's process, when it ran.
//	latency      for latency tests only (see below).
//
// A latency object is: candidate_ns_per_op, reference_ns_per_op, candidate_allocs,
// reference_allocs (allocations per op, where the budget names them),
// ratio, ratio_lo and ratio_hi (the ratio and its confidence interval),
// max_ratio (the budget), growth and max_growth (for size-parameterised
// benchmarks: "constant", "logarithmic", "linear", "superlinear"), rounds
// (how many interleaved rounds were measured) and favour_candidate (true
// when the interval still straddled the budget after the last round and
// the test was passed in the candidate's favour).
//
// Build is: status ("ok", "failed", "rejected" when the policy check
// refused the submission, "not_run"), output (compiler messages about the
// candidate's own files, at the candidate's file:line; messages about the
// hidden spec are summarised, never quoted).
//
// MissingAPI is: symbol (e.g. "(*RateLimiter).Wait"), expected (the
// declaration the exercise requires), found (the submission's declaration,
// "" when absent) and tests (the tests that need it, which score zero).
//
// Violation is: file, line, rule ("import", "cgo", "directive",
// "build_constraint", "file_name", "package") and message.
//
// Isolation is: level ("bwrap+cgroup", "bwrap" or "none"), limits (the
// limits in force: wall_time_ms per test (the correctness suite's, or the
// --timeout given), cpu_time_ms, memory_bytes, pids,
// open_files, file_bytes, output_bytes) and warnings.
package scorecard

import (
	"slices"

	"github.com/hiringtools/grader/grader/suite"
)

// Schema is the value of the schema field of every scorecard this version
// writes.
const Schema = "grader.scorecard/v1"

// Suite names, in scorecard order: the suites of package suite.
const (
	Correctness = suite.Correctness
	Race        = suite.Race
	Leak        = suite.Leak
	Latency     = suite.Latency
	Mutants     = suite.Mutants
)

// SuiteNames lists the suites of an exercise that grades code, the ones
// with spec tests (correctness, race, leak, latency), in the order a
// scorecard shows them. An exercise that grades the candidate's tests has
// the mutants suite instead; [SuitesIn] gives the suites of scorecards,
// and suite.Names every suite.
var SuiteNames = codeSuites()

func codeSuites() []string {
	var out []string
	for _, k := range suite.All() {
		if k.Prefix != "" {
			out = append(out, k.Name)
		}
	}
	return out
}

// SuitesIn returns the names of the suites that cards have, in scorecard
// order: the columns of a table of them (a scorecard has the suites its
// exercise declares). With no scorecard, or none with suites, it returns
// [SuiteNames].
func SuitesIn(cards ...*Scorecard) []string {
	var out []string
	for _, n := range suite.Names() {
		for _, c := range cards {
			if c != nil && c.Suite(n) != nil {
				out = append(out, n)
				break
			}
		}
	}
	if len(out) == 0 {
		return slices.Clone(SuiteNames)
	}
	return out
}

// Status values of suites and tests.
const (
	StatusPass    = "pass"
	StatusFail    = "fail"
	StatusError   = "error"
	StatusSkipped = "skipped"
	// StatusWithheld is the status of a suite whose points are withheld
	// because too few correctness tests pass (see [GateFraction]).
	StatusWithheld = "withheld"
)

// Verdict says why a test passed or failed.
type Verdict string

// The verdicts. Only VerdictPassed goes with status "pass".
const (
	VerdictPassed      Verdict = "passed"
	VerdictFailed      Verdict = "failed"       // an assertion of the spec failed
	VerdictPanic       Verdict = "panic"        // the candidate's code panicked
	VerdictTimeout     Verdict = "timeout"      // the test did not finish in its time limit
	VerdictDeadlock    Verdict = "deadlock"     // every goroutine blocked
	VerdictRace        Verdict = "race"         // the race detector found a data race
	VerdictLeak        Verdict = "leak"         // goroutines were left behind
	VerdictCrash       Verdict = "crash"        // a fatal runtime error or a signal
	VerdictEarlyExit   Verdict = "early_exit"   // the process exited before reporting a result
	VerdictMemoryLimit Verdict = "memory_limit" // killed at the memory limit
	VerdictOutputLimit Verdict = "output_limit" // killed at the output limit
	VerdictCPULimit    Verdict = "cpu_limit"    // killed at the CPU-time limit
	VerdictTamper      Verdict = "tamper"       // output that forges test results
	VerdictMissingAPI  Verdict = "missing_api"  // the test needs API the submission lacks
	VerdictBuildFailed Verdict = "build_failed" // the submission did not compile
	VerdictPolicy      Verdict = "policy"       // the submission was refused by the policy check
	VerdictSlow        Verdict = "slow"         // over the latency budget
	VerdictNotRun      Verdict = "not_run"      // the suite was not selected, or its points are withheld
	// The mutants suite's: a mutant the candidate's tests did not kill,
	// and every mutant when those tests fail against the reference.
	VerdictSurvived        Verdict = "survived"
	VerdictReferenceFailed Verdict = "reference_failed"
)

// Scorecard is the result of one grading. See the package doc for the
// meaning of every field.
type Scorecard struct {
	Schema        string       `json:"schema"`
	Exercise      string       `json:"exercise"`
	Submission    string       `json:"submission"`
	Candidate     string       `json:"candidate,omitempty"`
	SHA256        string       `json:"submission_sha256,omitempty"`
	Commit        string       `json:"commit,omitempty"`
	Dirty         bool         `json:"dirty,omitempty"`
	GradedAt      string       `json:"graded_at,omitempty"`
	Score         float64      `json:"score"`
	MaxScore      float64      `json:"max_score"`
	Passed        bool         `json:"passed"`
	Threshold     float64      `json:"threshold"`
	Selected      []string     `json:"selected_suites"`
	Suites        []Suite      `json:"suites"`
	MissingAPI    []MissingAPI `json:"missing_api"`
	Build         Build        `json:"build"`
	Policy        []Violation  `json:"policy"`
	IgnoredFiles  []Ignored    `json:"ignored_files"`
	Isolation     Isolation    `json:"isolation"`
	Seed          int64        `json:"seed"`
	Warnings      []string     `json:"warnings"`
	DurationMS    int64        `json:"duration_ms"`
	GoVersion     string       `json:"go_version"`
	GraderVersion string       `json:"grader_version"`
	View          string       `json:"view,omitempty"`
}

// Suite is one suite's result.
type Suite struct {
	Name     string   `json:"name"`
	Weight   float64  `json:"weight"`
	Score    float64  `json:"score"`
	MaxScore float64  `json:"max_score"`
	Status   string   `json:"status"`
	Gated    bool     `json:"gated"`
	Tests    []Test   `json:"tests"`
	Evidence []string `json:"evidence,omitempty"`
}

// GateFraction is the share of correctness tests a submission must pass for
// the other suites to earn points.
const GateFraction = 0.5

// Test is one hidden test's result.
type Test struct {
	Name        string         `json:"name"`
	Status      string         `json:"status"`
	Verdict     Verdict        `json:"verdict"`
	Description string         `json:"description,omitempty"`
	Message     string         `json:"message,omitempty"`
	DurationMS  int64          `json:"duration_ms,omitempty"`
	Latency     *LatencyResult `json:"latency,omitempty"`
}

// LatencyResult is a latency test's measurement.
type LatencyResult struct {
	CandidateNsPerOp float64 `json:"candidate_ns_per_op"`
	ReferenceNsPerOp float64 `json:"reference_ns_per_op"`
	CandidateAllocs  float64 `json:"candidate_allocs"`
	ReferenceAllocs  float64 `json:"reference_allocs"`
	Ratio            float64 `json:"ratio"`
	RatioLo          float64 `json:"ratio_lo"`
	RatioHi          float64 `json:"ratio_hi"`
	MaxRatio         float64 `json:"max_ratio"`
	Growth           string  `json:"growth,omitempty"`
	MaxGrowth        string  `json:"max_growth,omitempty"`
	Rounds           int     `json:"rounds"`
	FavourCandidate  bool    `json:"favour_candidate"`
}

// MissingAPI is a required symbol the submission lacks or declares
// differently.
type MissingAPI struct {
	Symbol   string   `json:"symbol"`
	Expected string   `json:"expected"`
	Found    string   `json:"found"`
	Tests    []string `json:"tests"`
}

// Build statuses.
const (
	BuildOK       = "ok"
	BuildFailed   = "failed"
	BuildRejected = "rejected"
	BuildNotRun   = "not_run"
)

// Build is the outcome of compiling the submission with the hidden spec.
type Build struct {
	Status string `json:"status"`
	Output string `json:"output"`
}

// Violation is one breach of the exercise's policy.
type Violation struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Ignored is a submitted file the grader did not take.
type Ignored struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Isolation describes the sandbox a grading ran in.
type Isolation struct {
	Level    string   `json:"level"`
	Limits   Limits   `json:"limits"`
	Warnings []string `json:"warnings"`
}

// Limits are the resource limits in force for each test process.
type Limits struct {
	WallTimeMS  int64 `json:"wall_time_ms"`
	CPUTimeMS   int64 `json:"cpu_time_ms"`
	MemoryBytes int64 `json:"memory_bytes"`
	Pids        int   `json:"pids"`
	OpenFiles   int   `json:"open_files"`
	FileBytes   int64 `json:"file_bytes"`
	OutputBytes int64 `json:"output_bytes"`
}

// New returns an empty scorecard for exercise with every list non-nil, so
// that the JSON form always has [] rather than null.
func New(exercise, submission string) *Scorecard {
	return &Scorecard{
		Schema:       Schema,
		Exercise:     exercise,
		Submission:   submission,
		MaxScore:     100,
		Selected:     []string{},
		Suites:       []Suite{},
		MissingAPI:   []MissingAPI{},
		Policy:       []Violation{},
		IgnoredFiles: []Ignored{},
		Warnings:     []string{},
		Build:        Build{Status: BuildNotRun},
		Isolation:    Isolation{Warnings: []string{}},
	}
}

// Suite returns the suite named name, or nil.
func (c *Scorecard) Suite(name string) *Suite {
	for i := range c.Suites {
		if c.Suites[i].Name == name {
			return &c.Suites[i]
		}
	}
	return nil
}

// Withholds reports whether the correctness suite corr withholds the
// points of the race, leak and latency suites: it was graded and fewer
// than [GateFraction] of its tests passed. The engine asks before running
// those suites, and does not run them when it does.
func Withholds(corr *Suite) bool {
	if corr == nil || corr.Status == StatusSkipped || corr.Status == StatusError || len(corr.Tests) == 0 {
		return false
	}
	passed := 0
	for _, t := range corr.Tests {
		if t.Status == StatusPass {
			passed++
		}
	}
	return float64(passed) < GateFraction*float64(len(corr.Tests))
}

// Tally computes every suite's score and status from its tests, the
// selected suites, and the total score over them, with threshold as the
// pass mark. Scores are rounded to one decimal so that the same verdicts
// always give the same numbers. The race, leak and latency suites are
// gated on correctness (see [Withholds]).
func (c *Scorecard) Tally(threshold float64) {
	gate := Withholds(c.Suite(Correctness))
	total, weight := 0.0, 0.0
	c.Selected = []string{}
	for i := range c.Suites {
		s := &c.Suites[i]
		s.MaxScore = s.Weight
		s.Gated = false
		if s.Status == StatusSkipped {
			s.Score = 0
			continue
		}
		c.Selected = append(c.Selected, s.Name)
		weight += s.Weight
		if s.Status == StatusError {
			s.Score = 0
			continue
		}
		if k, _ := suite.Get(s.Name); gate && k.Gated {
			s.Score, s.Status, s.Gated = 0, StatusWithheld, true
			continue
		}
		passed := 0
		for _, t := range s.Tests {
			if t.Status == StatusPass {
				passed++
			}
		}
		switch {
		case len(s.Tests) == 0:
			s.Score, s.Status = s.Weight, StatusPass
			total += s.Weight
		case passed == len(s.Tests):
			s.Score, s.Status = s.Weight, StatusPass
			total += s.Weight
		default:
			raw := s.Weight * float64(passed) / float64(len(s.Tests))
			s.Score, s.Status = round1(raw), StatusFail
			total += raw // rounded once, at the end
		}
	}
	switch {
	case weight <= 0:
		c.Score = 0
	case weight == c.MaxScore:
		c.Score = round1(total)
	default:
		c.Score = round1(total * c.MaxScore / weight)
	}
	c.Threshold = threshold
	c.Passed = c.Score >= threshold && c.Build.Status != BuildFailed && c.Build.Status != BuildRejected
}

func round1(x float64) float64 {
	return float64(int64(x*10+0.5)) / 10
}
