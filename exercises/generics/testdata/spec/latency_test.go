package generics_test

import (
	"fmt"
	"testing"

	"generics"
)

// sizes are the input sizes each latency benchmark runs at. Map, Filter,
// Union and Intersect must take linear time in the size of their input,
// Contains constant time.
var sizes = []int{100, 10000}

// sets holds the sets each benchmark and size uses, built once per process:
// the testing package calls a benchmark function several times.
var sets = map[string][2]*generics.Set[int]{}

// setsFor returns two sets of n members that share half of them.
func setsFor(b *testing.B, n int) (x, y *generics.Set[int]) {
	s, ok := sets[b.Name()]
	if !ok {
		s = [2]*generics.Set[int]{generics.NewSet(ints(n, 0)...), generics.NewSet(ints(n, n/2)...)}
		sets[b.Name()] = s
	}
	return s[0], s[1]
}

// BenchmarkLatency_Map measures Map over a large slice.
func BenchmarkLatency_Map(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := ints(n, 0)
			for b.Loop() {
				generics.Map(s, func(v int) int { return 2*v + 1 })
			}
		})
	}
}

// BenchmarkLatency_Filter keeps every other element.
func BenchmarkLatency_Filter(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := ints(n, 0)
			for b.Loop() {
				generics.Filter(s, func(v int) bool { return v%2 == 0 })
			}
		})
	}
}

// BenchmarkLatency_SetContains looks up members and non-members.
func BenchmarkLatency_SetContains(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s, _ := setsFor(b, n)
			v := 0
			for b.Loop() {
				s.Contains(v)
				v += 7
				if v >= 2*n {
					v -= 2 * n
				}
			}
		})
	}
}

// setSizes are the sizes of BenchmarkLatency_SetUnionIntersect. They start
// higher than sizes: at n=100 the fixed cost of making a set (a map)
// outweighs an O(n*m) scan, so that a quadratic Intersect would seem to
// grow as n^1.6, too near the superlinear boundary (n^1.5) to be judged the
// same way every time. From n=200 to n=20000 it grows as n^1.8 or more,
// while a map-based one grows as n^1.1 to n^1.2 (cache misses).
var setSizes = []int{200, 20000}

// BenchmarkLatency_SetUnionIntersect combines two sets of n members that
// share half of them.
func BenchmarkLatency_SetUnionIntersect(b *testing.B) {
	for _, n := range setSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			x, y := setsFor(b, n)
			for b.Loop() {
				x.Union(y)
				x.Intersect(y)
			}
		})
	}
}
