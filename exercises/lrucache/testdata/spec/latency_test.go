package lrucache_test

import (
	"fmt"
	"testing"

	"lrucache"
)

// sizes are the cache capacities each latency benchmark runs at: Get and
// Put must take constant time, whatever the number of entries.
var sizes = []int{100, 100000}

// fixture is a full cache and the next key never put into it.
type fixture struct {
	cache *lrucache.Cache[int, int]
	next  int
}

// fixtures holds one full cache per benchmark and size, built once per
// process: the testing package calls a benchmark function several times,
// and filling a cache of 100,000 entries each time would slow grading.
var fixtures = map[string]*fixture{}

func filled(b *testing.B, n int) *fixture {
	if f, ok := fixtures[b.Name()]; ok {
		return f
	}
	c := lrucache.New[int, int](n)
	for k := range n {
		c.Put(k, k)
	}
	f := &fixture{cache: c, next: n}
	fixtures[b.Name()] = f
	return f
}

// BenchmarkLatency_Get reads entries of a full cache: every Get is a hit
// that marks its entry as used.
func BenchmarkLatency_Get(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c := filled(b, n).cache
			k := 0
			for b.Loop() {
				c.Get(k)
				k += 7
				if k >= n {
					k -= n
				}
			}
		})
	}
}

// BenchmarkLatency_Put inserts new keys into a full cache: every Put
// evicts the least recently used entry.
func BenchmarkLatency_Put(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			f := filled(b, n)
			for b.Loop() {
				f.cache.Put(f.next, f.next)
				f.next++
			}
		})
	}
}
