package ttlcache_test

import (
	"fmt"
	"testing"
	"time"

	"ttlcache"
)

// benchSize is the number of entries in the cache while the latency
// benchmarks run: large enough that a method that walks all the entries is
// thousands of times slower than one that does not.
const benchSize = 100_000

// filled holds each benchmark's cache: the grader runs one benchmark per
// process and calls it several times (once per count, while it sizes
// b.N), so the cache is built once per process, not on every call. It is
// never closed: the process ends with the benchmark.
var filled = map[string]*filledEntry{}

type filledEntry struct {
	c    *ttlcache.Cache
	keys []string
}

// filledCache returns a cache holding benchSize entries, most of which
// expire in an hour (not during the benchmark) and some of which never
// expire, and their keys.
func filledCache(b *testing.B) (*ttlcache.Cache, []string) {
	b.Helper()
	if f, ok := filled[b.Name()]; ok {
		return f.c, f.keys
	}
	c := ttlcache.NewCache()
	keys := make([]string, benchSize)
	for i := range keys {
		keys[i] = fmt.Sprint("key", i)
		ttl := time.Hour + time.Duration(i)*time.Millisecond
		if i%10 == 0 {
			ttl = 0
		}
		c.Set(keys[i], i, ttl)
	}
	filled[b.Name()] = &filledEntry{c, keys}
	return c, keys
}

// BenchmarkLatency_Get measures Get on a large cache.
func BenchmarkLatency_Get(b *testing.B) {
	c, keys := filledCache(b)
	i := 0
	for b.Loop() {
		if _, ok := c.Get(keys[i]); !ok {
			b.Fatalf("Get(%q) missed an entry that has not expired", keys[i])
		}
		i = (i + 7919) % len(keys)
	}
}

// BenchmarkLatency_Set measures Set on a large cache.
func BenchmarkLatency_Set(b *testing.B) {
	c, keys := filledCache(b)
	i := 0
	for b.Loop() {
		c.Set(keys[i], i, time.Hour)
		i = (i + 7919) % len(keys)
	}
}

// BenchmarkLatency_Len measures Len while entries keep expiring: each
// iteration sets an entry that expires at once, then calls Len, which must
// leave that entry out without walking the whole cache.
func BenchmarkLatency_Len(b *testing.B) {
	c, _ := filledCache(b)
	churn := make([]string, 1000)
	for i := range churn {
		churn[i] = fmt.Sprint("churn", i)
	}
	i := 0
	for b.Loop() {
		c.Set(churn[i], i, time.Nanosecond)
		if n := c.Len(); n < benchSize || n > benchSize+len(churn) {
			b.Fatalf("Len() = %d, want about %d", n, benchSize)
		}
		i = (i + 1) % len(churn)
	}
}
