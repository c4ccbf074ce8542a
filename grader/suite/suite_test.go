package suite

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTable checks what the rest of the grader relies on: unique names
// and prefixes, a first suite that gates and is not gated, and prefixes
// that say test or benchmark as the suite's Run does.
func TestTable(t *testing.T) {
	names, prefixes := map[string]bool{}, map[string]bool{}
	for i, k := range All() {
		if names[k.Name] || prefixes[k.Prefix] {
			t.Errorf("suite %s: its name or prefix %q is used twice", k.Name, k.Prefix)
		}
		names[k.Name], prefixes[k.Prefix] = true, true
		if k.Timeout <= 0 || k.Doc == "" {
			t.Errorf("suite %s: no default timeout or doc", k.Name)
		}
		if (i == 0 || k.Run == MutantRuns) == k.Gated {
			t.Errorf("suite %s: Gated %v; the first suite is the gate, and only it and a suite of mutant runs (an exercise that grades tests has no correctness suite) are not gated", k.Name, k.Gated)
		}
		if (k.Prefix == "") != (k.Run == MutantRuns) {
			t.Errorf("suite %s: prefix %q with Run %v; only a suite of mutant runs has no spec tests", k.Name, k.Prefix, k.Run)
		}
		if bench := strings.HasPrefix(k.Prefix, "Benchmark"); bench != (k.Run == Benchmarks) {
			t.Errorf("suite %s: prefix %q with Run %v", k.Name, k.Prefix, k.Run)
		}
	}
}

func TestOf(t *testing.T) {
	for _, tc := range []struct{ test, want string }{
		{"TestCorrectness_Get", Correctness},
		{"TestRace_Get", Race},
		{"TestLeak_Close", Leak},
		{"BenchmarkLatency_Get", Latency},
		{"TestCorrectness_", ""},
		{"TestGet", ""},
		{"BenchmarkGet", ""},
		{"TestMutant", ""},
	} {
		k, ok := Of(tc.test)
		if diff := cmp.Diff(tc.want, k.Name); diff != "" || ok != (tc.want != "") {
			t.Errorf("Of(%q) = %q, %v; want %q", tc.test, k.Name, ok, tc.want)
		}
	}
}
