package latency_test

import (
	"fmt"
	"strings"

	"github.com/hiringtools/grader/grader/latency"
)

func ExampleJudge() {
	budget := latency.Budget{Benchmark: "BenchmarkLatency_Get", MaxRatio: 8, MaxGrowth: latency.Constant}

	// Two interleaved rounds of -test.count=5 for each side. The candidate
	// scans a slice; the reference uses a map.
	var cand, ref latency.Samples
	for range 2 {
		cand.Add(strings.NewReader(`goos: linux
BenchmarkLatency_Get/n=100-2      	 5000000	       46.9 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	 5000000	       46.5 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	 5000000	       47.5 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	 5000000	       47.1 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	 5000000	       46.8 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	   10000	     26661 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	   10000	     27445 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	   10000	     26102 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	   10000	     25990 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	   10000	     26800 ns/op	       0 B/op	       0 allocs/op
PASS
`))
		ref.Add(strings.NewReader(`goos: linux
BenchmarkLatency_Get/n=100-2      	20000000	       13.1 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	20000000	       12.9 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	20000000	       13.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	20000000	       12.2 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100-2      	20000000	       13.8 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	10000000	       35.1 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	10000000	       29.9 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	10000000	       31.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	10000000	       33.3 ns/op	       0 B/op	       0 allocs/op
BenchmarkLatency_Get/n=100000-2   	10000000	       32.4 ns/op	       0 B/op	       0 allocs/op
PASS
`))
	}
	res := latency.Judge(budget, &cand, &ref, false)
	fmt.Println(res.Verdict, res.Growth)
	fmt.Println(res.Reason)
	// Output:
	// fail linear
	// candidate 26.7 µs/op vs reference 32.4 ns/op at n=100000: 823x (740x–918x), budget 8x; candidate's time/op grows as n^0.92 (0.91–0.92) from n=100 to n=100000: linear, budget constant
}
