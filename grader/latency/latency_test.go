package latency_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hiringtools/grader/grader/latency"
)

// output returns one round's output in the standard benchmark format, as a
// test binary run with -test.bench and -test.benchmem prints it, holding
// the given result lines.
func output(lines ...string) string {
	return "goos: linux\ngoarch: amd64\npkg: example/lru\ncpu: AMD EPYC\n" +
		strings.Join(lines, "") + "PASS\n"
}

// results returns one result line per value of ns, for the benchmark
// name, with the -2 GOMAXPROCS suffix.
func results(name string, ns ...float64) string {
	var b strings.Builder
	for _, v := range ns {
		fmt.Fprintf(&b, "%-30s\t%8d\t%12.2f ns/op\t%8d B/op\t%8d allocs/op\n", name+"-2", 1000000, v, 16, 1)
	}
	return b.String()
}

// around returns five values with median c, minimum c-d and maximum c+d.
func around(c, d float64) []float64 {
	return []float64{c - d, c - d/2, c, c + d/2, c + d}
}

// rounds returns n copies of one round's output.
func rounds(n int, round string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = round
	}
	return out
}

// samples returns a Samples holding the given rounds.
func samples(t *testing.T, rounds ...string) *latency.Samples {
	t.Helper()
	var s latency.Samples
	for _, r := range rounds {
		if err := s.Add(strings.NewReader(r)); err != nil {
			t.Fatal(err)
		}
	}
	return &s
}

const get = "BenchmarkLatency_Get"

// sized returns one round with results for each size of get, values
// from around(c[i], d[i]).
func sized(sizes []string, c, d []float64) string {
	var lines []string
	for i, size := range sizes {
		lines = append(lines, results(get+"/"+size, around(c[i], d[i])...))
	}
	return output(lines...)
}

// verdict is the part of a Result that the table tests compare.
type verdict struct {
	Verdict         latency.Verdict
	FavourCandidate bool
	Growth          latency.Growth
	Reason          string
}

func TestJudge(t *testing.T) {
	allow := latency.Budget{Benchmark: "BenchmarkLatency_Allow", MaxRatio: 8}
	ref := output(results("BenchmarkLatency_Allow", around(35, 1)...))
	twoSizes := []string{"n=100", "n=100000"}
	growthBudget := latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Constant}
	linearBudget := latency.Budget{Benchmark: get, MaxRatio: 2000, MaxGrowth: latency.Linear}
	refSized := sized(twoSizes, []float64{40, 80}, []float64{2, 4})
	// crashed is the output of a candidate whose benchmark panicked at
	// n=100000, as a test binary prints it.
	crashed := "goos: linux\ngoarch: amd64\n" +
		results(get+"/n=100", around(45, 2)...) +
		get + "/n=100000-2      \tpanic: runtime error: index out of range [5] with length 5\n\n" +
		"goroutine 27 [running]:\nexample/lru.(*Cache).Get(...)\n"

	type testCase struct {
		name   string
		budget latency.Budget
		cand   []string // one output per round
		ref    []string
		final  bool
		want   verdict
		reason string
	}
	run := func(t *testing.T, tc testCase) {
		got := latency.Judge(tc.budget, samples(t, tc.cand...), samples(t, tc.ref...), tc.final)
		g := verdict{got.Verdict, got.FavourCandidate, got.Growth, got.Reason}
		if diff := cmp.Diff(tc.want, g); diff != "" {
			t.Errorf("Judge() mismatch (-want +got):\n%s", diff)
		}
	}
	tests := []testCase{
		{
			name:   "pass",
			budget: allow,
			cand:   rounds(2, output(results("BenchmarkLatency_Allow", around(40, 2)...))),
			ref:    rounds(2, ref),
			want: verdict{
				Verdict: latency.Pass,
				Reason:  "candidate 40.0 ns/op vs reference 35.0 ns/op: 1.14x (1.06x–1.24x), budget 8x",
			},
		},
		{
			name:   "fail",
			budget: allow,
			cand:   rounds(2, output(results("BenchmarkLatency_Allow", around(400, 20)...))),
			ref:    rounds(2, ref),
			want: verdict{
				Verdict: latency.Fail,
				Reason:  "candidate 400 ns/op vs reference 35.0 ns/op: 11.4x (10.6x–12.4x), budget 8x",
			},
		},
		{
			name:   "straddle is undecided",
			budget: allow,
			cand:   rounds(2, output(results("BenchmarkLatency_Allow", around(280, 20)...))),
			ref:    rounds(2, ref),
			want: verdict{
				Verdict: latency.Undecided,
				Reason:  "undecided so far: candidate 280 ns/op vs reference 35.0 ns/op: 8.00x (7.22x–8.82x), budget 8x",
			},
		},
		{
			name:   "straddle at the final call passes in the candidate's favour",
			budget: allow,
			cand:   rounds(6, output(results("BenchmarkLatency_Allow", around(280, 20)...))),
			ref:    rounds(6, ref),
			final:  true,
			want: verdict{
				Verdict:         latency.Pass,
				FavourCandidate: true,
				Reason:          "undecided after 6 rounds, passed in the candidate's favour: candidate 280 ns/op vs reference 35.0 ns/op: 8.00x (7.61x–8.41x), budget 8x",
			},
			reason: "with 30 runs the interval is order statistics 8 and 23, narrower than min..max, but still straddles 8",
		},
		{
			name:   "one round is too few runs for an interval",
			budget: allow,
			cand:   []string{output(results("BenchmarkLatency_Allow", around(4000, 20)...))},
			ref:    []string{ref},
			want: verdict{
				Verdict: latency.Undecided,
				Reason:  "undecided so far: candidate 4.00 µs/op vs reference 35.0 ns/op: 114x (too few runs for an interval: 5 and 5, need 8 each), budget 8x",
			},
			reason: "the engine must run two rounds of -count=5 before judging",
		},
		{
			name:   "noisy runs, clearly within budget",
			budget: allow,
			cand: []string{
				output(results("BenchmarkLatency_Allow", 40, 41, 39, 400, 40)),
				output(results("BenchmarkLatency_Allow", 42, 38, 40, 41, 39)),
				output(results("BenchmarkLatency_Allow", 40, 900, 40, 41, 39)),
				output(results("BenchmarkLatency_Allow", 42, 38, 40, 41, 39)),
			},
			ref: []string{
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 350, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 35)),
			},
			want: verdict{
				Verdict: latency.Pass,
				Reason:  "candidate 40.0 ns/op vs reference 35.0 ns/op: 1.14x (1.08x–1.21x), budget 8x",
			},
			reason: "runs beside a burst of other work (10x slower) are outliers the median ignores",
		},
		{
			name:   "noisy runs, clearly over budget",
			budget: allow,
			cand: []string{
				output(results("BenchmarkLatency_Allow", 400, 410, 390, 4000, 400)),
				output(results("BenchmarkLatency_Allow", 420, 380, 400, 410, 390)),
				output(results("BenchmarkLatency_Allow", 400, 410, 390, 400, 9000)),
				output(results("BenchmarkLatency_Allow", 420, 380, 400, 410, 390)),
			},
			ref: []string{
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 350, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 35)),
				output(results("BenchmarkLatency_Allow", 35, 36, 34, 35, 900)),
			},
			want: verdict{
				Verdict: latency.Fail,
				Reason:  "candidate 400 ns/op vs reference 35.0 ns/op: 11.4x (10.8x–12.1x), budget 8x",
			},
		},
		{
			name:   "noise that blurs the ratio leaves it undecided",
			budget: allow,
			cand:   rounds(2, output(results("BenchmarkLatency_Allow", 200, 900, 350, 250, 500))),
			ref:    rounds(2, ref),
			want: verdict{
				Verdict: latency.Undecided,
				Reason:  "undecided so far: candidate 350 ns/op vs reference 35.0 ns/op: 10.0x (5.56x–26.5x), budget 8x",
			},
		},
		{
			name:   "candidate's benchmark produced no result",
			budget: allow,
			cand: rounds(2, "goos: linux\n--- FAIL: BenchmarkLatency_Allow\n"+
				"    allow_test.go:12: boom\nFAIL\n"),
			ref: rounds(2, ref),
			want: verdict{
				Verdict: latency.Fail,
				Reason:  "the candidate's BenchmarkLatency_Allow produced no result: it panicked, failed or ran out of time (see its test output)",
			},
			reason: "a crash fails at once, final or not",
		},
		{
			name:   "reference's benchmark produced no result",
			budget: allow,
			cand:   rounds(2, output(results("BenchmarkLatency_Allow", around(40, 2)...))),
			ref:    rounds(2, output(results("BenchmarkLatency_Other", around(40, 2)...))),
			want: verdict{
				Verdict: latency.Invalid,
				Reason:  "the reference produced no result for BenchmarkLatency_Allow; check the benchmark name in exercise.json and the reference's test output",
			},
		},
		{
			name:   "constant growth within a constant budget",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 100}, []float64{2, 4})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Pass,
				Growth:  latency.Constant,
				Reason: "candidate 100 ns/op vs reference 80.0 ns/op at n=100000: 1.25x (1.14x–1.37x), budget 8x; " +
					"candidate's time/op grows as n^0.10 (0.09–0.11) from n=100 to n=100000: constant or logarithmic, budget constant",
			},
		},
		{
			name:   "linear growth over a constant budget",
			budget: latency.Budget{Benchmark: get, MaxRatio: 2000, MaxGrowth: latency.Constant},
			cand:   rounds(2, sized(twoSizes, []float64{50, 50000}, []float64{2, 2000})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Fail,
				Growth:  latency.Linear,
				Reason:  "candidate's time/op grows as n^1.00 (0.99–1.01) from n=100 to n=100000: linear, budget constant",
			},
			reason: "the ratio (625x) is within its generous budget: growth alone fails it",
		},
		{
			name:   "linear growth and ratio both over budget",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 50000}, []float64{2, 2000})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Fail,
				Growth:  latency.Linear,
				Reason: "candidate 50.0 µs/op vs reference 80.0 ns/op at n=100000: 625x (571x–684x), budget 8x; " +
					"candidate's time/op grows as n^1.00 (0.99–1.01) from n=100 to n=100000: linear, budget constant",
			},
		},
		{
			name:   "linear growth within a linear budget",
			budget: linearBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 50000}, []float64{2, 2000})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Pass,
				Growth:  latency.Linear,
				Reason: "candidate 50.0 µs/op vs reference 80.0 ns/op at n=100000: 625x (571x–684x), budget 2000x; " +
					"candidate's time/op grows as n^1.00 (0.99–1.01) from n=100 to n=100000: linear, budget linear",
			},
		},
		{
			name:   "quadratic growth over a linear budget",
			budget: latency.Budget{Benchmark: get, MaxRatio: 1e9, MaxGrowth: latency.Linear},
			cand:   rounds(2, sized(twoSizes, []float64{50, 5e7}, []float64{2, 2e6})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Fail,
				Growth:  latency.Superlinear,
				Reason:  "candidate's time/op grows as n^2.00 (1.99–2.01) from n=100 to n=100000: superlinear, budget linear",
			},
		},
		{
			name:   "wide noise on a constant curve still passes",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 80}, []float64{10, 10})),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Pass,
				Growth:  latency.Constant,
				Reason: "candidate 80.0 ns/op vs reference 80.0 ns/op at n=100000: 1.00x (0.833x–1.18x), budget 8x; " +
					"candidate's time/op grows as n^0.07 (0.02–0.12) from n=100 to n=100000: constant or logarithmic, budget constant",
			},
			reason: "the ratio and the exponent have wide intervals, but both lie inside their budgets",
		},
		{
			name:   "growth interval straddling the constant/linear boundary is undecided",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 3160}, []float64{10, 600})),
			ref:    rounds(2, sized(twoSizes, []float64{40, 3000}, []float64{2, 100})),
			want: verdict{
				Verdict: latency.Undecided,
				Growth:  latency.Linear,
				Reason: "undecided so far: candidate 3.16 µs/op vs reference 3.00 µs/op at n=100000: 1.05x (0.826x–1.30x), budget 8x; " +
					"candidate's time/op grows as n^0.60 (0.54–0.66) from n=100 to n=100000: linear, budget constant",
			},
		},
		{
			name:   "growth straddling a boundary at the final call is judged by its median class: over budget",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 3160}, []float64{10, 600})),
			ref:    rounds(2, sized(twoSizes, []float64{40, 3000}, []float64{2, 100})),
			final:  true,
			want: verdict{
				Verdict: latency.Fail,
				Growth:  latency.Linear,
				Reason: "candidate's time/op grows as n^0.60 (0.54–0.66) from n=100 to n=100000: linear, budget constant " +
					"(judged by the median exponent: its interval straddles a class boundary)",
			},
			reason: "the reason names a class over budget, so the verdict must not be a pass in the candidate's favour",
		},
		{
			name:   "growth straddling a boundary at the final call is judged by its median class: within budget",
			budget: growthBudget,
			cand:   rounds(2, sized(twoSizes, []float64{50, 2900}, []float64{10, 600})),
			ref:    rounds(2, sized(twoSizes, []float64{40, 3000}, []float64{2, 100})),
			final:  true,
			want: verdict{
				Verdict: latency.Pass,
				Growth:  latency.Constant,
				Reason: "candidate 2.90 µs/op vs reference 3.00 µs/op at n=100000: 0.967x (0.742x–1.21x), budget 8x; " +
					"candidate's time/op grows as n^0.59 (0.53–0.65) from n=100 to n=100000: constant or logarithmic, budget constant " +
					"(judged by the median exponent: its interval straddles a class boundary)",
			},
		},
		{
			name:   "ratio is judged at the largest size",
			budget: latency.Budget{Benchmark: get, MaxRatio: 8},
			cand:   rounds(2, sized([]string{"n=10", "n=1000"}, []float64{800, 100}, []float64{20, 4})),
			ref:    rounds(2, sized([]string{"n=10", "n=1000"}, []float64{40, 80}, []float64{2, 4})),
			want: verdict{
				Verdict: latency.Pass,
				Reason:  "candidate 100 ns/op vs reference 80.0 ns/op at n=1000: 1.25x (1.14x–1.37x), budget 8x",
			},
			reason: "the candidate's 20x at n=10 is a fixed cost that the budget does not police",
		},
		{
			name:   "candidate crashed at the largest size",
			budget: growthBudget,
			cand:   rounds(2, crashed),
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Fail,
				Reason:  "the candidate's BenchmarkLatency_Get/n=100000 produced no result: it panicked, failed or ran out of time (see its test output)",
			},
		},
		{
			name:   "candidate crashed at the largest size in one round of two",
			budget: growthBudget,
			cand:   []string{sized(twoSizes, []float64{50, 100}, []float64{2, 4}), crashed},
			ref:    rounds(2, refSized),
			want: verdict{
				Verdict: latency.Fail,
				Reason:  "the candidate's BenchmarkLatency_Get/n=100000 (in 1 of 2 rounds) produced no result: it panicked, failed or ran out of time (see its test output)",
			},
			reason: "failing a crash whichever round it lands in keeps the verdict independent of when the engine stops",
		},
		{
			name:   "growth budget without sizes far enough apart",
			budget: growthBudget,
			cand:   rounds(2, sized([]string{"n=100", "n=1000"}, []float64{50, 60}, []float64{2, 2})),
			ref:    rounds(2, sized([]string{"n=100", "n=1000"}, []float64{50, 60}, []float64{2, 2})),
			want: verdict{
				Verdict: latency.Invalid,
				Reason:  "max_growth for BenchmarkLatency_Get needs n=<size> sub-benchmarks at two or more sizes at least 100x apart (e.g. n=100 and n=100000); add them to the benchmark",
			},
		},
		{
			name:   "sizes written in exponent form",
			budget: growthBudget,
			cand:   rounds(2, sized([]string{"n=1e2", "n=1e5"}, []float64{50, 100}, []float64{2, 4})),
			ref:    rounds(2, sized([]string{"n=1e2", "n=1e5"}, []float64{40, 80}, []float64{2, 4})),
			want: verdict{
				Verdict: latency.Pass,
				Growth:  latency.Constant,
				Reason: "candidate 100 ns/op vs reference 80.0 ns/op at n=1e5: 1.25x (1.14x–1.37x), budget 8x; " +
					"candidate's time/op grows as n^0.10 (0.09–0.11) from n=1e2 to n=1e5: constant or logarithmic, budget constant",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestJudgeResult checks every field of one sized result.
func TestJudgeResult(t *testing.T) {
	sizes := []string{"n=100", "n=1000", "n=100000"}
	cand := rounds(2, sized(sizes, []float64{50, 500, 50000}, []float64{2, 20, 2000}))
	ref := rounds(2, sized(sizes, []float64{40, 60, 80}, []float64{2, 2, 4}))
	got := latency.Judge(latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Constant}, samples(t, cand...), samples(t, ref...), false)
	want := latency.Result{
		Benchmark:        get,
		Size:             "n=100000",
		CandidateNsPerOp: 50000,
		ReferenceNsPerOp: 80,
		CandidateAllocs:  1,
		ReferenceAllocs:  1,
		CandidateRuns:    10,
		ReferenceRuns:    10,
		Ratio:            50000.0 / 80,
		RatioLo:          48000.0 / 84,
		RatioHi:          52000.0 / 76,
		MaxRatio:         8,
		Growth:           latency.Linear,
		GrowthExponent:   1,
		GrowthLo:         0.98841,
		GrowthHi:         1.01159,
		MaxGrowth:        latency.Constant,
		Sizes: []latency.SizeResult{
			{Size: "n=100", N: 100, CandidateNsPerOp: 50, ReferenceNsPerOp: 40, Ratio: 50.0 / 40, RatioLo: 48.0 / 42, RatioHi: 52.0 / 38},
			{Size: "n=1000", N: 1000, CandidateNsPerOp: 500, ReferenceNsPerOp: 60, Ratio: 500.0 / 60, RatioLo: 480.0 / 62, RatioHi: 520.0 / 58},
			{Size: "n=100000", N: 100000, CandidateNsPerOp: 50000, ReferenceNsPerOp: 80, Ratio: 50000.0 / 80, RatioLo: 48000.0 / 84, RatioHi: 52000.0 / 76},
		},
		Verdict: latency.Fail,
		Reason: "candidate 50.0 µs/op vs reference 80.0 ns/op at n=100000: 625x (571x–684x), budget 8x; " +
			"candidate's time/op grows as n^1.00 (0.99–1.01) from n=100 to n=100000: linear, budget constant",
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-4, 0)); diff != "" {
		t.Errorf("Judge() mismatch (-want +got):\n%s", diff)
	}
}

func TestJudgeFinal(t *testing.T) {
	// At the final call, only an undecided verdict changes.
	allow := latency.Budget{Benchmark: "BenchmarkLatency_Allow", MaxRatio: 8}
	ref := rounds(2, output(results("BenchmarkLatency_Allow", around(35, 1)...)))
	type testCase struct {
		name string
		cand []string
		want verdict
	}
	run := func(t *testing.T, tc testCase) {
		got := latency.Judge(allow, samples(t, tc.cand...), samples(t, ref...), true)
		if diff := cmp.Diff(tc.want, verdict{got.Verdict, got.FavourCandidate, got.Growth, ""}); diff != "" {
			t.Errorf("Judge(final) mismatch (-want +got):\n%s", diff)
		}
	}
	tests := []testCase{
		{"pass stays a plain pass", rounds(2, output(results("BenchmarkLatency_Allow", around(40, 2)...))), verdict{Verdict: latency.Pass}},
		{"fail stays a fail", rounds(2, output(results("BenchmarkLatency_Allow", around(400, 2)...))), verdict{Verdict: latency.Fail}},
		{"too few runs passes in the candidate's favour", rounds(1, output(results("BenchmarkLatency_Allow", around(400, 2)...))), verdict{Verdict: latency.Pass, FavourCandidate: true}},
		{"no result fails", rounds(2, "FAIL\n"), verdict{Verdict: latency.Fail}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestJudgePanicsOnInvalidBudget(t *testing.T) {
	defer func() {
		r := recover()
		want := `latency.Judge: latency budget "BenchmarkLatency_Get": max_ratio must be a positive number (typically 5 to 10), not 0`
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("panic mismatch (-want +got):\n%s", diff)
		}
	}()
	latency.Judge(latency.Budget{Benchmark: get}, nil, nil, false)
}

func TestBudgetValidate(t *testing.T) {
	type testCase struct {
		name   string
		budget latency.Budget
		want   string // "" for no error
	}
	run := func(t *testing.T, tc testCase) {
		got := ""
		if err := tc.budget.Validate(); err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
		}
	}
	tests := []testCase{
		{name: "ratio only", budget: latency.Budget{Benchmark: get, MaxRatio: 8}},
		{name: "ratio and growth", budget: latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Logarithmic}},
		{
			name:   "no name",
			budget: latency.Budget{MaxRatio: 8},
			want:   `latency budget "": benchmark must name a benchmark function, e.g. "BenchmarkLatency_Get"`,
		},
		{
			name:   "negative ratio and unknown growth",
			budget: latency.Budget{Benchmark: get, MaxRatio: -1, MaxGrowth: "quadratic"},
			want: `latency budget "BenchmarkLatency_Get": max_ratio must be a positive number (typically 5 to 10), not -1` + "\n" +
				`latency budget "BenchmarkLatency_Get": max_growth must be "constant", "logarithmic", "linear" or absent, not "quadratic"`,
		},
		{
			name:   "superlinear is not a budget",
			budget: latency.Budget{Benchmark: get, MaxRatio: 8, MaxGrowth: latency.Superlinear},
			want:   `latency budget "BenchmarkLatency_Get": max_growth must be "constant", "logarithmic", "linear" or absent, not "superlinear"`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestSamplesAdd(t *testing.T) {
	type testCase struct {
		name   string
		rounds []string
		want   map[string][]float64
	}
	run := func(t *testing.T, tc testCase) {
		s := samples(t, tc.rounds...)
		got := make(map[string][]float64)
		for _, name := range s.Names() {
			got[name] = s.NsPerOp(name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("samples mismatch (-want +got):\n%s", diff)
		}
		if s.Rounds() != len(tc.rounds) {
			t.Errorf("Rounds() = %d, want %d", s.Rounds(), len(tc.rounds))
		}
	}
	tests := []testCase{
		{
			name:   "rounds are pooled, GOMAXPROCS dropped",
			rounds: []string{output(results(get+"/n=100", 1, 2)), output(results(get+"/n=100", 3))},
			want:   map[string][]float64{get + "/n=100": {1, 2, 3}},
		},
		{
			name: "noise around results is skipped",
			rounds: []string{"=== RUN   x\n" + get + "\n" + get + "/n=10\n" +
				results(get+"/n=10", 5) +
				get + "/n=100-2      \tpanic: boom\n\ngoroutine 1 [running]:\n" +
				"BenchmarkBroken-2 notanumber 3 ns/op\n" +
				"BenchmarkNoTime-2 100 3 B/op\n" +
				"--- FAIL: " + get + "/n=100\nFAIL\n"},
			want: map[string][]float64{get + "/n=10": {5}},
		},
		{
			name: "a benchmark without GOMAXPROCS suffix",
			rounds: []string{
				"BenchmarkLatency_Allow 100 12.5 ns/op\n",
			},
			want: map[string][]float64{"BenchmarkLatency_Allow": {12.5}},
		},
		{name: "empty", rounds: []string{""}, want: map[string][]float64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestSamplesAddReadError(t *testing.T) {
	var s latency.Samples
	boom := errors.New("boom")
	err := s.Add(io.MultiReader(strings.NewReader(results(get, 1)), failingReader{boom}))
	if !errors.Is(err, boom) {
		t.Errorf("Add() error = %v, want %v", err, boom)
	}
}
