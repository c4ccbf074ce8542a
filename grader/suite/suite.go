// Package suite declares the grader's suites, once: each [Kind]'s name,
// the prefix of its spec tests' names, its default time limit, whether it
// runs on the -race build, how it is run and judged, and whether the
// correctness gate withholds it. The catalog (which test belongs to which
// suite, time limits), the scorecard (names, order, the gate), the engine
// (which build, in what order, how) and the CLI (--suites) read this
// table and nothing else.
//
// Every suite is scored the same way: its weight (from the exercise)
// times the fraction of its tests that pass; see scorecard.Tally.
package suite

import (
	"slices"
	"strings"
	"time"
)

// The suites' names, which scorecards carry.
const (
	Correctness = "correctness"
	Race        = "race"
	Leak        = "leak"
	Latency     = "latency"
	Mutants     = "mutants"
)

// Run is how a suite's tests are run and judged.
type Run int

const (
	// Tests run as test processes in the sandbox, and each is judged on
	// its exit status and framed output (package verdict).
	Tests Run = iota
	// Benchmarks are measured for the candidate and the reference in
	// interleaved rounds, and each is judged against its exercise's
	// latency budget (package latency).
	Benchmarks
	// MutantRuns grade the candidate's own tests: they run against the
	// reference, which they must pass, and against each of the
	// exercise's mutants of it (a realistic bug each); a mutant their
	// tests fail is killed, and each killed mutant is a passed test of
	// the suite. The suite has no spec tests and no prefix: its tests are
	// the exercise's mutants.
	MutantRuns
)

// Kind is one suite.
type Kind struct {
	Name string
	// Prefix starts the name of each of the suite's spec tests, and
	// says whether it is a test or a benchmark; "" for a suite without
	// spec tests (mutants).
	Prefix string
	// Timeout is the time limit of one test process when the exercise
	// sets none.
	Timeout time.Duration
	// Race is set when the suite runs on the -race build.
	Race bool
	Run  Run
	// Gated is set when the suite earns nothing, and is not run, when
	// fewer than half of the correctness tests pass.
	Gated bool
	Doc   string
}

// kinds are the suites, in the order a scorecard shows them and the
// engine runs them.
var kinds = []Kind{
	{Name: Correctness, Prefix: "TestCorrectness_", Timeout: 10 * time.Second, Run: Tests,
		Doc: "behaviour, each test in a process of its own; gates the other suites"},
	{Name: Race, Prefix: "TestRace_", Timeout: 30 * time.Second, Race: true, Run: Tests, Gated: true,
		Doc: "stress tests on the -race build, run several times while they pass"},
	{Name: Leak, Prefix: "TestLeak_", Timeout: 15 * time.Second, Run: Tests, Gated: true,
		Doc: "goroutine leaks, with goleak"},
	{Name: Latency, Prefix: "BenchmarkLatency_", Timeout: 60 * time.Second, Run: Benchmarks, Gated: true,
		Doc: "benchmarks against the reference's, in interleaved rounds"},
	{Name: Mutants, Timeout: 10 * time.Second, Run: MutantRuns,
		Doc: "the candidate's tests against the reference, which they must pass, and its hidden mutants: the share they kill"},
}

// All returns every suite, in scorecard order.
func All() []Kind { return slices.Clone(kinds) }

// Names returns the suites' names, in scorecard order.
func Names() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Name
	}
	return names
}

// Get returns the suite named name.
func Get(name string) (Kind, bool) {
	i := slices.IndexFunc(kinds, func(k Kind) bool { return k.Name == name })
	if i < 0 {
		return Kind{}, false
	}
	return kinds[i], true
}

// Of returns the suite of the spec test named test: the one whose prefix
// it starts with, followed by more.
func Of(test string) (Kind, bool) {
	for _, k := range kinds {
		if k.Prefix != "" && strings.HasPrefix(test, k.Prefix) && len(test) > len(k.Prefix) {
			return k, true
		}
	}
	return Kind{}, false
}

// Prefixes returns the test-name prefixes of the suites that have spec
// tests, in scorecard order.
func Prefixes() []string {
	var out []string
	for _, k := range kinds {
		if k.Prefix != "" {
			out = append(out, k.Prefix)
		}
	}
	return out
}
