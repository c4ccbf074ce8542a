package latency_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/latency"
)

// The files in testdata/real are real outputs of one LRU benchmark,
// captured once on the grading machine (2-core AMD EPYC) with a CPU-bound
// shell loop running beside them, in four interleaved rounds of
// -test.count=5 -test.benchtime=200ms -test.benchmem:
//
//	ref-roundN.txt    the reference: hash map plus linked list, O(1) Get
//	lru-roundN.txt    a candidate with the same design (a separate binary)
//	scan-roundN.txt   a candidate whose Get scans a slice, O(n)
//	crash-round1.txt  a candidate whose benchmark panics at n=100000
//
// Each benchmark has sizes n=100, n=10000 and n=100000.

// readRounds returns the outputs of side's rounds first to last.
func readRounds(t *testing.T, side string, first, last int) []string {
	t.Helper()
	var out []string
	for i := first; i <= last; i++ {
		b, err := os.ReadFile(filepath.Join("testdata", "real", fmt.Sprintf("%s-round%d.txt", side, i)))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

var lruBudget = latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Constant}

func TestJudgeRealRuns(t *testing.T) {
	type testCase struct {
		name   string
		budget latency.Budget
		cand   []string
		rounds int // of the reference, from the first
		final  bool
		want   verdict
	}
	run := func(t *testing.T, tc testCase) {
		got := latency.Judge(tc.budget, samples(t, tc.cand...), samples(t, readRounds(t, "ref", 1, tc.rounds)...), tc.final)
		g := verdict{got.Verdict, got.FavourCandidate, got.Growth, ""}
		if diff := cmp.Diff(tc.want, g); diff != "" {
			t.Errorf("Judge() mismatch (-want +got):\n%s\nreason: %s", diff, got.Reason)
		}
	}
	tests := []testCase{
		{
			name:   "linear scan fails after two rounds",
			budget: lruBudget,
			cand:   readRounds(t, "scan", 1, 2),
			rounds: 2,
			want:   verdict{Verdict: latency.Fail, Growth: latency.Linear},
		},
		{
			name:   "linear scan fails after four rounds",
			budget: lruBudget,
			cand:   readRounds(t, "scan", 1, 4),
			rounds: 4,
			final:  true,
			want:   verdict{Verdict: latency.Fail, Growth: latency.Linear},
		},
		{
			name:   "linear scan fails the ratio alone",
			budget: latency.Budget{Benchmark: get, MaxRatio: 8},
			cand:   readRounds(t, "scan", 3, 4),
			rounds: 2,
			want:   verdict{Verdict: latency.Fail},
		},
		{
			name:   "linear scan passes a linear budget but not the ratio",
			budget: latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Linear},
			cand:   readRounds(t, "scan", 1, 4),
			rounds: 4,
			want:   verdict{Verdict: latency.Fail, Growth: latency.Linear},
		},
		{
			name:   "constant-time LRU passes after two rounds",
			budget: lruBudget,
			cand:   readRounds(t, "lru", 1, 2),
			rounds: 2,
			want:   verdict{Verdict: latency.Pass, Growth: latency.Constant},
		},
		{
			name:   "constant-time LRU passes after four rounds",
			budget: lruBudget,
			cand:   readRounds(t, "lru", 1, 4),
			rounds: 4,
			final:  true,
			want:   verdict{Verdict: latency.Pass, Growth: latency.Constant},
		},
		{
			name:   "crash at the largest size in one round of two fails",
			budget: lruBudget,
			cand:   append(readRounds(t, "lru", 1, 1), readRounds(t, "crash", 1, 1)...),
			rounds: 2,
			want:   verdict{Verdict: latency.Fail},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestJudgeRealCrash checks the reason given for the captured crash.
func TestJudgeRealCrash(t *testing.T) {
	got := latency.Judge(lruBudget, samples(t, readRounds(t, "crash", 1, 1)...), samples(t, readRounds(t, "ref", 1, 1)...), false)
	want := verdict{
		Verdict: latency.Fail,
		Reason:  "the candidate's BenchmarkLatency_Get/n=100000 produced no result: it panicked, failed or ran out of time (see its test output)",
	}
	if diff := cmp.Diff(want, verdict{got.Verdict, got.FavourCandidate, got.Growth, got.Reason}); diff != "" {
		t.Errorf("Judge() mismatch (-want +got):\n%s", diff)
	}
}

// pooled returns every ns/op value in side's four real rounds, by name.
func pooled(t *testing.T, side string) map[string][]float64 {
	t.Helper()
	s := samples(t, readRounds(t, side, 1, 4)...)
	out := make(map[string][]float64)
	for _, name := range s.Names() {
		out[name] = s.NsPerOp(name)
	}
	return out
}

// regroup writes values, by name, back out as rounds of count runs each.
func regroup(values map[string][]float64, count int) []string {
	var names []string
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []string
	for i := 0; ; i++ {
		var lines []string
		for _, name := range names {
			vs := values[name]
			if i*count < len(vs) {
				lines = append(lines, results(name, vs[i*count:min((i+1)*count, len(vs))]...))
			}
		}
		if len(lines) == 0 {
			return out
		}
		out = append(out, output(lines...))
	}
}

// TestJudgeRealRepeatable regrades the real measurements many times over:
// with the runs shuffled between rounds, with bootstrap resamples of the
// runs (as if measured again on the same loaded machine), and with every
// pair of the four rounds. The final verdict must never change, and a
// verdict before the final call must never be the opposite one.
func TestJudgeRealRepeatable(t *testing.T) {
	if testing.Short() {
		t.Skip("regrades the real runs thousands of times; skipped with -short")
	}
	ref := pooled(t, "ref")
	type testCase struct {
		side string
		want latency.Verdict
	}
	run := func(t *testing.T, tc testCase) {
		cand := pooled(t, tc.side)
		opposite := latency.Pass
		if tc.want == latency.Pass {
			opposite = latency.Fail
		}
		check := func(t *testing.T, how string, c, r []string) {
			t.Helper()
			cs, rs := samples(t, c...), samples(t, r...)
			if got := latency.Judge(lruBudget, cs, rs, true); got.Verdict != tc.want {
				t.Errorf("%s: final verdict %s, want %s: %s", how, got.Verdict, tc.want, got.Reason)
			}
			if got := latency.Judge(lruBudget, cs, rs, false); got.Verdict == opposite {
				t.Errorf("%s: verdict %s, want %s or undecided: %s", how, got.Verdict, tc.want, got.Reason)
			}
		}

		rng := rand.New(rand.NewPCG(1, 2))
		for i := range 100 {
			c, r := shuffled(rng, cand), shuffled(rng, ref)
			check(t, fmt.Sprintf("shuffle %d", i), regroup(c, 5), regroup(r, 5))
		}
		for i := range 200 {
			c, r := resampled(rng, cand), resampled(rng, ref)
			check(t, fmt.Sprintf("bootstrap %d", i), regroup(c, 5), regroup(r, 5))
		}
		for a := 1; a <= 4; a++ {
			for b := a + 1; b <= 4; b++ {
				c := append(readRounds(t, tc.side, a, a), readRounds(t, tc.side, b, b)...)
				r := append(readRounds(t, "ref", a, a), readRounds(t, "ref", b, b)...)
				check(t, fmt.Sprintf("rounds %d and %d", a, b), c, r)
			}
		}
	}
	tests := []testCase{
		{side: "lru", want: latency.Pass},
		{side: "scan", want: latency.Fail},
	}
	for _, tc := range tests {
		t.Run(tc.side, func(t *testing.T) { run(t, tc) })
	}
}

// shuffled returns a copy of values with each name's values in random order.
func shuffled(rng *rand.Rand, values map[string][]float64) map[string][]float64 {
	out := make(map[string][]float64)
	for name, vs := range values {
		vs = slices.Clone(vs)
		rng.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
		out[name] = vs
	}
	return out
}

// resampled returns a bootstrap resample of each name's values: as many
// values, drawn with replacement.
func resampled(rng *rand.Rand, values map[string][]float64) map[string][]float64 {
	out := make(map[string][]float64)
	for name, vs := range values {
		rs := make([]float64, len(vs))
		for i := range rs {
			rs[i] = vs[rng.IntN(len(vs))]
		}
		out[name] = rs
	}
	return out
}

// machine simulates a noisy shared machine: each run's time is the true
// time times log-normal noise, each round may run beside a burst of other
// work that slows it down, and a few runs are wild outliers.
type machine struct {
	rng *rand.Rand
}

// round returns one round's output of count runs of a benchmark whose
// true time per op is ns.
func (m machine) round(name string, ns float64, count int) string {
	burst := 1.0
	if m.rng.Float64() < 0.5 {
		burst = 1 + m.rng.Float64() // up to 2x slower for the whole round
	}
	vs := make([]float64, count)
	for i := range vs {
		vs[i] = ns * burst * math.Exp(0.25*m.rng.NormFloat64())
		if m.rng.Float64() < 0.05 {
			vs[i] *= 2 + 8*m.rng.Float64()
		}
	}
	return output(results(name, vs...))
}

// grade simulates the engine grading one submission whose true ratio is
// ratio: up to maxRounds interleaved rounds of -count=5, judged after each
// round from the second, the last call final.
func grade(m machine, budget latency.Budget, ratio float64) latency.Result {
	const maxRounds = 6
	var cand, ref latency.Samples
	for round := 1; ; round++ {
		cand.Add(strings.NewReader(m.round(budget.Benchmark, 100*ratio, 5)))
		ref.Add(strings.NewReader(m.round(budget.Benchmark, 100, 5)))
		if round < 2 {
			continue
		}
		res := latency.Judge(budget, &cand, &ref, round == maxRounds)
		if res.Verdict != latency.Undecided {
			return res
		}
	}
}

// TestJudgeSimulated grades simulated submissions many times each on a
// simulated noisy machine, with the engine's sequence of looks. A
// submission well inside the budget must pass every time, one far over it
// must fail every time, and one exactly at the budget must rarely fail
// (the method is conservative).
//
// With this machine's noise (about as wide as the real captures in
// testdata/real), 400 gradings per true ratio gave (fail / pass in the
// candidate's favour / plain pass):
//
//	ratio  2-3:    0 /   0 / 400
//	ratio    4:    0 /  44 / 356
//	ratio    6:    0 / 307 /  93
//	ratio    7:    4 / 369 /  27
//	ratio    8:    6 / 384 /  10
//	ratio   10:   61 / 339 /   0
//	ratio   16:  341 /  59 /   0
//	ratio   20:  400 /   0 /   0
func TestJudgeSimulated(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates thousands of gradings; skipped with -short")
	}
	budget := latency.Budget{Benchmark: "BenchmarkLatency_Allow", MaxRatio: 8}
	type testCase struct {
		name     string
		ratio    float64 // true candidate/reference time per op
		gradings int
		minFails int
		maxFails int
	}
	run := func(t *testing.T, tc testCase) {
		m := machine{rand.New(rand.NewPCG(7, uint64(tc.ratio*1000)))}
		fails := 0
		for range tc.gradings {
			if grade(m, budget, tc.ratio).Verdict == latency.Fail {
				fails++
			}
		}
		if fails < tc.minFails || fails > tc.maxFails {
			t.Errorf("true ratio %v: %d fails in %d gradings, want %d to %d", tc.ratio, fails, tc.gradings, tc.minFails, tc.maxFails)
		}
	}
	tests := []testCase{
		{name: "a sane design passes every time", ratio: 1.5, gradings: 20},
		{name: "half the budget passes every time", ratio: 4, gradings: 20},
		{name: "at the budget fails at most 5% of the time", ratio: 8, gradings: 400, maxFails: 20},
		{name: "three times the budget fails every time", ratio: 24, gradings: 20, minFails: 20, maxFails: 20},
		{name: "linear where constant is due fails every time", ratio: 100, gradings: 20, minFails: 20, maxFails: 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
