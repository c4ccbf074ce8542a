package lrucache_test

import (
	"testing"

	"go.uber.org/goleak"

	"lrucache"
)

// A Cache has no Close, so it must not start goroutines: any goroutine it
// started would outlive it.
func TestLeak_CacheStartsNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := lrucache.New[int, string](8)
	for i := range 1000 {
		c.Put(i%20, "v")
		c.Get(i % 13)
		c.Len()
	}
}

// TestLeak_ManyCachesStartNoGoroutines checks that creating and using many
// caches starts no goroutine.
func TestLeak_ManyCachesStartNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	for i := range 100 {
		c := lrucache.New[string, int](1 + i%5)
		c.Put("a", i)
		c.Put("b", i)
		c.Get("a")
	}
}
