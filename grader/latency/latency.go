// Package latency holds the statistics and verdicts of the latency suite:
// it turns the benchmark output of the candidate's and the reference's
// BenchmarkLatency_* functions into a pass or fail per [Budget]. It is a
// pure library: it runs no processes and reads only what it is given.
//
// # How a grading uses it
//
// The engine runs the candidate's and the reference's benchmarks in the
// same grading, on the same machine, in rounds: in each, a candidate and a
// reference test binary run at once, each on a core of its own, with
// -test.bench, -test.benchmem and -test.count=8 (the runs an interval
// needs), so that whatever else loads the machine at that moment weighs
// on both sides alike. It feeds each round's output to the side's
// [Samples] with [Samples.Add] and, after each round, calls [Judge] for
// every budget that is still [Undecided]. When the last allowed round has
// been measured it calls Judge with final set, and a verdict that is still
// undecided becomes a [Pass] in the candidate's favour
// ([Result.FavourCandidate]). The reference's samples come from the same
// grading, never from an earlier one.
//
// # The ratio
//
// A budget's ratio is (candidate time per op) / (reference time per op),
// each side summarised by its median over every run of every round so far.
// Medians, not means: on a shared machine a run that lands beside a burst
// of other work is an outlier, and the median ignores a minority of them.
//
// The ratio's interval combines the two medians' confidence intervals
// conservatively. Each side's interval comes from
// [benchmath.AssumeNothing] (distribution-free, from order statistics) at
// [Confidence]; then
//
//	RatioLo = candidate's lower bound / reference's upper bound
//	RatioHi = candidate's upper bound / reference's lower bound
//
// If both true medians lie in their intervals, the true ratio lies in
// [RatioLo, RatioHi], so the interval holds with probability at least
// 1 - 2(1-Confidence) = 98% at every look. The verdict is [Fail] when
// RatioLo > MaxRatio, [Pass] when RatioHi <= MaxRatio, and [Undecided]
// otherwise. A failure therefore needs the whole interval above the
// budget: a candidate whose true ratio is exactly the budget is failed at
// one look with probability at most 1%, and over k looks at most k%. A
// candidate comfortably on either side of the budget gets the same verdict
// every time; one near the budget is undecided, is measured again, and in
// the end passes in its favour. That is the price of repeatability: the
// suite is meant to catch pathological slowness (linear work where constant
// is due, a sleep, a lock held across heavy work), not a 10% difference.
//
// How wide "near" is depends on the machine. On the grading machine with a
// CPU-bound load beside it, the same code measured as candidate and as
// reference differed by up to 1.8x (testdata/real). In simulated gradings
// with noise as wide (TestJudgeSimulated: six rounds at most, a budget of
// 8x), a submission at half the budget never failed, one exactly at the
// budget failed 1-3% of the time, one at 2.5 times the budget failed every
// time, and in between the verdict could differ from one grading to the
// next. Set budgets so that sane designs sit far below them and
// pathological ones (typically 100x slower or more) far above.
//
// Each side needs at least 8 runs for a finite interval at [Confidence]
// (eight rounds of -test.count=1, or two of -test.count=5); with fewer the
// verdict stays Undecided, and at the final call passes in the
// candidate's favour. More runs narrow the interval: with 12 it runs from
// the 2nd to the 11th smallest run, with 30 from the 8th to the 23rd.
//
// # Sizes and growth
//
// A benchmark may have sub-benchmarks named n=<size> (n=100, n=100000; the
// size may also be written 1e5). The ratio budget is then judged at the
// largest size the reference measured, the size that matters; every size's
// ratio is reported in [Result.Sizes].
//
// A budget with MaxGrowth also judges how the candidate's time per op grows
// with n, on the candidate's own curve, so machine speed cancels out. The
// growth exponent k is the log-log slope between the smallest and the
// largest size, time/op ~ n^k, from the medians; its interval comes from
// the same median intervals (lower: lo(largest)/hi(smallest), upper:
// hi(largest)/lo(smallest)). The classes are
//
//	constant      k < 0.6
//	linear        0.6 <= k < 1.5
//	superlinear   k >= 1.5
//
// The thresholds are set from benchmarks measured on the grading machine
// (2-core AMD EPYC, testdata/explore.txt): from n=100 to n=100000 a map
// lookup grows as n^0.14, a hash map plus linked list LRU Get as n^0.32
// and a binary search as n^0.19 (cache and TLB misses, not algorithmic
// work), while a linear scan grows as n^0.91. With a CPU-bound load beside
// them (testdata/explore-load.txt) the same grow as n^0.34, n^0.28, n^0.29
// and n^0.95. Per-op times cannot tell
// O(log n) from O(1) with cache effects: the constant-time LRU grows faster
// than the binary search. So no measurement is classified [Logarithmic];
// the constant class means "constant or logarithmic", and a MaxGrowth of
// logarithmic judges the same as constant. What the growth verdict reliably
// catches is linear (or worse) work where sublinear is due, on any machine:
// a constant-time structure would need a 63-fold slowdown from cache
// effects over a 1000-fold range of n to be called linear. Sizes must span
// at least a factor of 100 (1000 or more is better: n=100 and n=100000).
//
// The growth verdict is Fail when the lower end of the exponent's interval
// falls in a class worse than MaxGrowth, Pass when the upper end does not,
// and Undecided otherwise. At the final call an undecided growth is judged
// by the class of the median exponent, the class the reason names: Fail
// when it is worse than MaxGrowth, Pass otherwise. So the class a reason
// names and the verdict never contradict each other, and a design whose
// exponent sits on the same side of a class boundary in every grading gets
// the same verdict in every grading, however wide its interval. (Budgets
// and sizes should still keep sane designs and promised failures far from
// a boundary.) A budget's verdict is Fail if the ratio or the growth fails,
// Pass if both pass, and Undecided otherwise; an undecided ratio at the
// final call passes in the candidate's favour.
//
// # Missing results
//
// A benchmark with no result on the candidate's side in any round (it
// panicked, failed or ran out of time) fails, at once, with a reason naming
// it: a crash that happens in one round of several is still a crash, and
// failing it whichever round it lands in keeps the verdict independent of
// when the engine stops measuring. A benchmark
// with no result on the reference's side, or a growth budget without
// usable sizes, is the exercise's fault, not the candidate's: the verdict
// is [Invalid].
package latency

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchmath"
)

// Confidence is the confidence level of each side's median interval. The
// ratio's and the growth exponent's intervals, which combine two of them,
// hold with probability at least 1 - 2(1-Confidence).
const Confidence = 0.99

// Growth is a complexity class of time per op as a function of n.
type Growth string

// The growth classes, from best to worst. See the package doc for how a
// measurement is classified.
const (
	// Constant: time per op grows slower than n^0.6 over the measured sizes.
	// This includes O(log n), which per-op times cannot tell from O(1)
	// with cache effects.
	Constant Growth = "constant"
	// Logarithmic is accepted as a [Budget.MaxGrowth] and judges the same
	// as Constant; no measurement is classified Logarithmic.
	Logarithmic Growth = "logarithmic"
	// Linear: time per op grows between n^0.6 and n^1.5 (O(n), O(n log n)).
	Linear Growth = "linear"
	// Superlinear: time per op grows as n^1.5 or faster.
	Superlinear Growth = "superlinear"
)

// Growth exponent thresholds; see the package doc for how they were set.
const (
	linearFrom      = 0.6
	superlinearFrom = 1.5
	// minSpan is the smallest ratio of largest to smallest size for which
	// a growth budget can be judged.
	minSpan = 100
)

// rank orders the growth classes for comparison with a budget.
func (g Growth) rank() int {
	switch g {
	case Constant, Logarithmic:
		return 0
	case Linear:
		return 1
	default:
		return 2
	}
}

// classify returns the growth class of exponent k.
func classify(k float64) Growth {
	switch {
	case k < linearFrom:
		return Constant
	case k < superlinearFrom:
		return Linear
	default:
		return Superlinear
	}
}

// Budget is one latency budget, as declared in an exercise's
// exercise.json under "latency".
type Budget struct {
	// Benchmark is the benchmark's name without the -GOMAXPROCS suffix,
	// e.g. "BenchmarkLatency_Allow". Its results are the lines named
	// exactly that, or, if there are any, those named
	// Benchmark+"/n=<size>". Other sub-benchmarks are budgets of their
	// own: "BenchmarkLatency_Get/hit".
	Benchmark string
	// MaxRatio is the largest allowed candidate/reference time per op,
	// e.g. 8.
	MaxRatio float64
	// MaxGrowth, if set, is the worst allowed growth class of the
	// candidate's time per op with n: Constant, Logarithmic (judged as
	// Constant) or Linear. It needs n=<size> sub-benchmarks at two or more
	// sizes at least 100 apart.
	MaxGrowth Growth
}

// Validate reports whether b is a usable budget, with the fix in the
// error. The exercise loader should call it at start-up; [Judge] panics on
// a budget that Validate rejects.
func (b Budget) Validate() error {
	var errs []error
	if !strings.HasPrefix(b.Benchmark, "Benchmark") {
		errs = append(errs, fmt.Errorf("latency budget %q: benchmark must name a benchmark function, e.g. \"BenchmarkLatency_Get\"", b.Benchmark))
	}
	if !(b.MaxRatio > 0) || math.IsInf(b.MaxRatio, 0) {
		errs = append(errs, fmt.Errorf("latency budget %q: max_ratio must be a positive number (typically 5 to 10), not %v", b.Benchmark, b.MaxRatio))
	}
	switch b.MaxGrowth {
	case "", Constant, Logarithmic, Linear:
	default:
		errs = append(errs, fmt.Errorf("latency budget %q: max_growth must be \"constant\", \"logarithmic\", \"linear\" or absent, not %q", b.Benchmark, b.MaxGrowth))
	}
	return errors.Join(errs...)
}

// Verdict is the outcome of judging one budget.
type Verdict string

const (
	// Pass: within budget, or undecided at the final call and passed in
	// the candidate's favour ([Result.FavourCandidate]).
	Pass Verdict = "pass"
	// Fail: over budget with the stated confidence, or the candidate's
	// benchmark produced no result.
	Fail Verdict = "fail"
	// Undecided: the interval straddles the budget, or there are too few
	// runs for an interval; measure another round. Never returned when
	// final is set.
	Undecided Verdict = "undecided"
	// Invalid: the exercise is at fault, not the candidate (the reference
	// produced no result for the benchmark, or a growth budget lacks
	// usable sizes). The engine should report a grader error; the
	// exercise's self-test (the reference graded against itself) catches
	// this before any candidate does.
	Invalid Verdict = "invalid"
)

// Result is the judgement of one budget, for the scorecard. All numbers
// are finite.
type Result struct {
	// Benchmark is the budget's benchmark name.
	Benchmark string
	// Size is the sub-benchmark at which the ratio was judged, e.g.
	// "n=100000" (the largest size the reference measured), or "" for a
	// benchmark without sizes.
	Size string

	// CandidateNsPerOp and ReferenceNsPerOp are the medians of time per op
	// at Size.
	CandidateNsPerOp, ReferenceNsPerOp float64
	// CandidateAllocs and ReferenceAllocs are the medians of allocs/op at
	// Size, or -1 when the output had none (run without -benchmem).
	CandidateAllocs, ReferenceAllocs float64
	// CandidateRuns and ReferenceRuns are the numbers of runs at Size.
	CandidateRuns, ReferenceRuns int

	// Ratio is CandidateNsPerOp / ReferenceNsPerOp, and [RatioLo, RatioHi]
	// its confidence interval; both bounds are 0 when there are too few
	// runs for an interval.
	Ratio, RatioLo, RatioHi float64
	// MaxRatio is the budget.
	MaxRatio float64

	// Growth is the candidate's growth class, GrowthExponent the exponent
	// k of time/op ~ n^k between the smallest and largest sizes, and
	// [GrowthLo, GrowthHi] its interval (both 0 when there are too few
	// runs). They are set only when the budget has a MaxGrowth.
	Growth                             Growth
	GrowthExponent, GrowthLo, GrowthHi float64
	// MaxGrowth is the budget, or "".
	MaxGrowth Growth

	// Sizes holds every measured size, smallest first, when the benchmark
	// has n=<size> sub-benchmarks.
	Sizes []SizeResult

	// Verdict is the outcome.
	Verdict Verdict
	// FavourCandidate is set when the verdict is a Pass because the
	// interval still straddled the budget at the final call.
	FavourCandidate bool
	// Reason is one sentence for the scorecard.
	Reason string
}

// SizeResult is the ratio at one n=<size> sub-benchmark.
type SizeResult struct {
	// Size is the sub-benchmark name part, e.g. "n=100000", and N its value.
	Size string
	N    float64
	// CandidateNsPerOp and ReferenceNsPerOp are medians; both are 0 on a
	// side with no result at this size.
	CandidateNsPerOp, ReferenceNsPerOp float64
	// Ratio, RatioLo and RatioHi are as in [Result].
	Ratio, RatioLo, RatioHi float64
}

// benchCase is one result name that belongs to a budget.
type benchCase struct {
	name string  // full name without -GOMAXPROCS
	size string  // "n=100", or "" for an unsized benchmark
	n    float64 // the size, or 0
}

// casesOf returns the result names of benchmark in s: its n=<size>
// sub-benchmarks, smallest first, or else the benchmark itself.
func casesOf(benchmark string, s *Samples) []benchCase {
	var sized []benchCase
	plain := false
	for _, name := range s.Names() {
		if name == benchmark {
			plain = true
			continue
		}
		rest, ok := strings.CutPrefix(name, benchmark+"/")
		if !ok {
			continue
		}
		v, ok := strings.CutPrefix(rest, "n=")
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || !(n > 0) || math.IsInf(n, 0) {
			continue
		}
		sized = append(sized, benchCase{name: name, size: rest, n: n})
	}
	if len(sized) > 0 {
		slices.SortFunc(sized, func(a, b benchCase) int {
			if a.n < b.n {
				return -1
			}
			if a.n > b.n {
				return 1
			}
			return strings.Compare(a.size, b.size)
		})
		return sized
	}
	if plain {
		return []benchCase{{name: benchmark}}
	}
	return nil
}

// summary is one side's median and interval at one case.
type summary struct {
	center, lo, hi float64
	runs           int
	bounded        bool // lo and hi are finite and positive
}

func summarise(xs []float64) summary {
	if len(xs) == 0 {
		return summary{}
	}
	s := benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
	sum := benchmath.AssumeNothing.Summary(s, Confidence)
	return summary{
		center:  sum.Center,
		lo:      sum.Lo,
		hi:      sum.Hi,
		runs:    len(xs),
		bounded: sum.Lo > 0 && !math.IsInf(sum.Lo, 0) && !math.IsInf(sum.Hi, 0),
	}
}

// median returns the median of xs, or -1 if xs is empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	s := benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Summary(s, Confidence).Center
}

// interval is an estimate with its conservative interval.
type interval struct {
	v, lo, hi float64
	bounded   bool
}

// ratioOf returns the ratio of the centres of a to b, and its interval.
func ratioOf(a, b summary) interval {
	r := interval{v: safeDiv(a.center, b.center)}
	if a.bounded && b.bounded {
		r.lo, r.hi, r.bounded = a.lo/b.hi, a.hi/b.lo, true
	}
	return r
}

// exponentOf returns the growth exponent from small (at size n0) to large
// (at size n1), and its interval.
func exponentOf(small, large summary, n0, n1 float64) interval {
	l := math.Log(n1 / n0)
	k := interval{v: math.Log(safeDiv(large.center, small.center)) / l}
	if math.IsInf(k.v, 0) || math.IsNaN(k.v) {
		k.v = 0
	}
	if small.bounded && large.bounded {
		k.lo = math.Log(large.lo/small.hi) / l
		k.hi = math.Log(large.hi/small.lo) / l
		k.bounded = true
	}
	return k
}

// safeDiv returns a/b, or 0 when b is not positive.
func safeDiv(a, b float64) float64 {
	if !(b > 0) {
		return 0
	}
	return a / b
}

// Judge judges budget b from the candidate's and the reference's samples
// so far. With final unset the verdict may be [Undecided], and the engine
// should measure another round; with final set (no more rounds will come)
// an undecided verdict becomes a [Pass] with [Result.FavourCandidate]
// set. See the package doc for the method.
//
// Judge panics if b.Validate reports an error.
func Judge(b Budget, cand, ref *Samples, final bool) Result {
	if err := b.Validate(); err != nil {
		panic("latency.Judge: " + err.Error())
	}
	res := Result{
		Benchmark:       b.Benchmark,
		MaxRatio:        b.MaxRatio,
		MaxGrowth:       b.MaxGrowth,
		CandidateAllocs: -1,
		ReferenceAllocs: -1,
	}
	if cand == nil {
		cand = new(Samples)
	}
	if ref == nil {
		ref = new(Samples)
	}

	cases := casesOf(b.Benchmark, ref)
	if len(cases) == 0 {
		res.Verdict = Invalid
		res.Reason = fmt.Sprintf("the reference produced no result for %s; check the benchmark name in exercise.json and the reference's test output", b.Benchmark)
		return res
	}
	first, last := cases[0], cases[len(cases)-1]
	if b.MaxGrowth != "" && (last.n == 0 || last.n/first.n < minSpan) {
		res.Verdict = Invalid
		res.Reason = fmt.Sprintf("max_growth for %s needs n=<size> sub-benchmarks at two or more sizes at least %dx apart (e.g. n=100 and n=100000); add them to the benchmark", b.Benchmark, minSpan)
		return res
	}
	res.Size = last.size

	// Every size the reference measured must have a result from the
	// candidate in every round.
	var missing []string
	for _, c := range cases {
		switch cs := cand.get(c.name); {
		case cs == nil:
			missing = append(missing, c.name)
		case cs.rounds < cand.Rounds():
			missing = append(missing, fmt.Sprintf("%s (in %d of %d rounds)", c.name, cand.Rounds()-cs.rounds, cand.Rounds()))
		}
	}

	sums := make([]summary, len(cases))
	for i, c := range cases {
		cs, rs := cand.get(c.name), ref.get(c.name)
		sums[i] = summarise(seriesNs(cs))
		rsum := summarise(seriesNs(rs))
		if c.size != "" {
			ratio := ratioOf(sums[i], rsum)
			res.Sizes = append(res.Sizes, SizeResult{
				Size:             c.size,
				N:                c.n,
				CandidateNsPerOp: sums[i].center,
				ReferenceNsPerOp: rsum.center,
				Ratio:            ratio.v,
				RatioLo:          ratio.lo,
				RatioHi:          ratio.hi,
			})
		}
		if i == len(cases)-1 {
			res.CandidateNsPerOp, res.ReferenceNsPerOp = sums[i].center, rsum.center
			res.CandidateRuns, res.ReferenceRuns = sums[i].runs, rsum.runs
			if cs != nil {
				res.CandidateAllocs = median(cs.allocsPerOp)
			}
			res.ReferenceAllocs = median(rs.allocsPerOp)
			ratio := ratioOf(sums[i], rsum)
			res.Ratio, res.RatioLo, res.RatioHi = ratio.v, ratio.lo, ratio.hi
		}
	}

	if len(missing) > 0 {
		res.Verdict = Fail
		res.Reason = fmt.Sprintf("the candidate's %s produced no result: it panicked, failed or ran out of time (see its test output)", strings.Join(missing, ", "))
		return res
	}

	// The ratio at the largest size.
	var clauses []string
	ratioVerdict := Undecided
	at := ""
	if last.size != "" {
		at = " at " + last.size
	}
	ratioClause := fmt.Sprintf("candidate %s vs reference %s%s: %sx", fmtNs(res.CandidateNsPerOp), fmtNs(res.ReferenceNsPerOp), at, fmtSig(res.Ratio))
	if res.RatioHi > 0 {
		ratioClause += fmt.Sprintf(" (%sx–%sx)", fmtSig(res.RatioLo), fmtSig(res.RatioHi))
		switch {
		case res.RatioLo > b.MaxRatio:
			ratioVerdict = Fail
		case res.RatioHi <= b.MaxRatio:
			ratioVerdict = Pass
		}
	} else {
		ratioClause += fmt.Sprintf(" (too few runs for an interval: %d and %d, need 8 each)", res.CandidateRuns, res.ReferenceRuns)
	}
	ratioClause += fmt.Sprintf(", budget %sx", strconv.FormatFloat(b.MaxRatio, 'f', -1, 64))
	clauses = append(clauses, ratioClause)

	// The candidate's growth, smallest to largest size.
	growthVerdict := Pass
	var growthClause string
	if b.MaxGrowth != "" {
		k := exponentOf(sums[0], sums[len(sums)-1], first.n, last.n)
		res.Growth = classify(k.v)
		res.GrowthExponent, res.GrowthLo, res.GrowthHi = k.v, k.lo, k.hi
		growthClause = fmt.Sprintf("candidate's time/op grows as n^%.2f", k.v)
		growthVerdict = Undecided
		if k.bounded {
			growthClause += fmt.Sprintf(" (%.2f–%.2f)", k.lo, k.hi)
			switch {
			case classify(k.lo).rank() > b.MaxGrowth.rank():
				growthVerdict = Fail
			case classify(k.hi).rank() <= b.MaxGrowth.rank():
				growthVerdict = Pass
			}
		}
		growthClause += fmt.Sprintf(" from %s to %s: %s, budget %s", first.size, last.size, describe(res.Growth), b.MaxGrowth)
		if final && growthVerdict == Undecided {
			// The class is the verdict: a measured class worse than the
			// budget fails, whatever the interval, so that the reason
			// never names a class over budget beside a pass.
			growthVerdict = Pass
			if res.Growth.rank() > b.MaxGrowth.rank() {
				growthVerdict = Fail
			}
			growthClause += " (judged by the median exponent: its interval straddles a class boundary)"
		}
		clauses = append(clauses, growthClause)
	}

	switch {
	case ratioVerdict == Fail && growthVerdict == Fail:
		res.Verdict = Fail
		res.Reason = ratioClause + "; " + growthClause
	case ratioVerdict == Fail:
		res.Verdict = Fail
		res.Reason = ratioClause
	case growthVerdict == Fail:
		res.Verdict = Fail
		res.Reason = growthClause
	case ratioVerdict == Pass && growthVerdict == Pass:
		res.Verdict = Pass
		res.Reason = strings.Join(clauses, "; ")
	case final:
		res.Verdict = Pass
		res.FavourCandidate = true
		res.Reason = fmt.Sprintf("undecided after %d rounds, passed in the candidate's favour: %s", cand.Rounds(), strings.Join(clauses, "; "))
	default:
		res.Verdict = Undecided
		res.Reason = "undecided so far: " + strings.Join(clauses, "; ")
	}
	return res
}

// describe names a measured growth class for a reader.
func describe(g Growth) string {
	if g == Constant {
		return "constant or logarithmic"
	}
	return string(g)
}

// seriesNs returns the ns/op values of s, or nil.
func seriesNs(s *series) []float64 {
	if s == nil {
		return nil
	}
	return s.nsPerOp
}

// fmtNs formats a time per op with three significant digits and a unit
// that keeps the number small: "35.2 ns/op", "26.7 µs/op".
func fmtNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmtSig(ns/1e9) + " s/op"
	case ns >= 1e6:
		return fmtSig(ns/1e6) + " ms/op"
	case ns >= 1e3:
		return fmtSig(ns/1e3) + " µs/op"
	}
	return fmtSig(ns) + " ns/op"
}

// fmtSig formats v with three significant digits, without an exponent:
// 11.8, 0.953, 1234.
func fmtSig(v float64) string {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	decimals := 2 - int(math.Floor(math.Log10(math.Abs(v))))
	if decimals < 0 {
		decimals = 0
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
