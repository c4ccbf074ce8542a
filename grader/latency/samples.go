package latency

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"golang.org/x/perf/benchfmt"
)

// Samples collects one side's measurements (the candidate's or the
// reference's) over the rounds of a grading: every result line of every
// round, pooled by benchmark name.
//
// The zero value is empty and ready to use. A Samples is not safe for
// concurrent use.
type Samples struct {
	rounds int
	byName map[string]*series
}

// series holds the measurements of one benchmark name, in the order read.
type series struct {
	rounds      int // the number of rounds with at least one result
	lastRound   int // the last round with a result
	nsPerOp     []float64
	allocsPerOp []float64 // empty when the output had no allocs/op column
}

// Add reads one round's output for this side: the text a test binary prints
// when run with -test.bench and -test.benchmem (the standard benchmark
// format, as parsed by [benchfmt]), with -test.count runs of each
// benchmark. Lines that are not results (PASS, ok, goos:, log output,
// panics) are skipped, and so is a malformed result line, such as the half
// line a benchmark leaves behind when it panics: a benchmark that crashed
// or timed out simply has fewer results, or none, and [Judge] fails the
// candidate for the missing ones.
//
// Results are keyed by their full name without the -GOMAXPROCS suffix, so
// "BenchmarkLatency_Get/n=100-2" is recorded as
// "BenchmarkLatency_Get/n=100". A result without an ns/op value is skipped.
//
// Add returns an error only when r fails; the results read before the
// failure are kept, and the round still counts.
func (s *Samples) Add(r io.Reader) error {
	s.rounds++
	if s.byName == nil {
		s.byName = make(map[string]*series)
	}
	rd := benchfmt.NewReader(r, "benchmark output")
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue // a *benchfmt.SyntaxError or unit metadata
		}
		ns, ok := nsPerOp(res)
		if !ok {
			continue
		}
		name := trimProcs(res.Name)
		ser := s.byName[name]
		if ser == nil {
			ser = new(series)
			s.byName[name] = ser
		}
		if ser.lastRound != s.rounds {
			ser.lastRound = s.rounds
			ser.rounds++
		}
		ser.nsPerOp = append(ser.nsPerOp, ns)
		if allocs, ok := res.Value("allocs/op"); ok {
			ser.allocsPerOp = append(ser.allocsPerOp, allocs)
		}
	}
	if err := rd.Err(); err != nil {
		return fmt.Errorf("reading benchmark output of round %d: %w", s.rounds, err)
	}
	return nil
}

// Rounds reports how many times [Samples.Add] was called.
func (s *Samples) Rounds() int { return s.rounds }

// Names returns the names of the benchmarks seen so far (without the
// -GOMAXPROCS suffix), sorted.
func (s *Samples) Names() []string {
	names := make([]string, 0, len(s.byName))
	for name := range s.byName {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// NsPerOp returns a copy of the ns/op values recorded for the benchmark
// name (without the -GOMAXPROCS suffix), in the order they were read, or
// nil if there are none.
func (s *Samples) NsPerOp(name string) []float64 {
	if ser := s.byName[name]; ser != nil {
		return slices.Clone(ser.nsPerOp)
	}
	return nil
}

// get returns the series for name, or nil.
func (s *Samples) get(name string) *series {
	if s == nil {
		return nil
	}
	return s.byName[name]
}

// trimProcs returns the benchmark name without its -GOMAXPROCS suffix.
func trimProcs(n benchfmt.Name) string {
	// The reader strips the "Benchmark" prefix from names.
	base, parts := n.Parts()
	var b bytes.Buffer
	b.WriteString("Benchmark")
	b.Write(base)
	for _, p := range parts {
		if len(p) > 0 && p[0] == '-' {
			continue
		}
		b.Write(p)
	}
	return b.String()
}

// nsPerOp returns the time per op of res in nanoseconds, as printed when
// the output says ns/op (the reader converts it to sec/op, which would
// add rounding error).
func nsPerOp(res *benchfmt.Result) (float64, bool) {
	for _, v := range res.Values {
		if v.OrigUnit == "ns/op" {
			return v.OrigValue, true
		}
	}
	for _, v := range res.Values {
		if v.Unit == "sec/op" {
			return v.Value * 1e9, true
		}
	}
	return 0, false
}
