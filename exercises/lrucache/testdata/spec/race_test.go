package lrucache_test

import (
	"sync"
	"testing"

	"lrucache"
)

// hammer runs work on workers goroutines at once and waits for them.
func hammer(workers int, work func(worker int)) {
	var start, done sync.WaitGroup
	start.Add(1)
	for w := range workers {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			work(w)
		}()
	}
	start.Done()
	done.Wait()
}

// The race tests only exercise the cache from many goroutines at once: the
// race detector is the judge (behaviour is the correctness suite's business).

// Get marks entries as used, so even a cache that is only read is written
// to: concurrent Gets must be synchronised with each other.
func TestRace_ConcurrentGets(t *testing.T) {
	const capacity = 64
	c := lrucache.New[int, int](capacity)
	for k := range capacity {
		c.Put(k, k*10)
	}
	hammer(8, func(w int) {
		for i := range 3000 {
			c.Get((i*7 + w*13) % capacity)
		}
	})
}

func TestRace_ConcurrentMixedOperations(t *testing.T) {
	const capacity = 32
	c := lrucache.New[int, int](capacity)
	hammer(8, func(w int) {
		for i := range 3000 {
			k := (i*31 + w*17) % (3 * capacity)
			switch i % 4 {
			case 0, 1:
				c.Put(k, k*10)
			case 2:
				c.Get(k)
			case 3:
				c.Len()
			}
		}
	})
}
