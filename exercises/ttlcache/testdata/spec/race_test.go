package ttlcache_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"ttlcache"
	"ttlcache/internal/gradertest"
)

// hammer runs workers goroutines that each call op(worker, i) for i from 0
// until ops calls are done or until stop is closed, whichever comes first.
func hammer(workers, ops int, stop <-chan struct{}, op func(worker, i int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range ops {
				select {
				case <-stop:
					return
				default:
				}
				op(w, i)
			}
		})
	}
	wg.Wait()
}

// checkValue reports a value that Get returned for key but that no Set could
// have stored under key.
func checkValue(t *testing.T, key string, v interface{}, ok bool) {
	if !ok {
		return
	}
	if s, _ := v.(string); len(s) < len(key) || s[:len(key)] != key {
		t.Errorf("Get(%q) = %v, true: no Set stored that value under that key", key, v)
	}
}

// TestRace_ConcurrentOperations calls every method from several goroutines
// at once, on a small set of keys that they share.
func TestRace_ConcurrentOperations(t *testing.T) {
	seed := gradertest.Seed(t)
	c := ttlcache.NewCache()
	defer closeCache(c)
	keys := make([]string, 32)
	for i := range keys {
		keys[i] = fmt.Sprint("key", i)
	}
	ttls := []time.Duration{0, time.Microsecond, time.Millisecond, time.Hour}
	hammer(8, 3000, nil, func(w, i int) {
		rng := rand.New(rand.NewPCG(uint64(seed), uint64(w*1_000_003+i)))
		key := keys[rng.IntN(len(keys))]
		switch r := rng.IntN(10); {
		case r < 4:
			c.Set(key, fmt.Sprint(key, "/", w, "/", i), ttls[rng.IntN(len(ttls))])
		case r < 7:
			v, ok := c.Get(key)
			checkValue(t, key, v, ok)
		case r < 9:
			c.Delete(key)
		default:
			if n := c.Len(); n < 0 || n > len(keys) {
				t.Errorf("Len() = %d with %d distinct keys in use", n, len(keys))
			}
		}
	})
}

// TestRace_ExpiringEntries keeps entries expiring while other goroutines
// read them and count them, so that whatever removes expired entries runs
// concurrently with everything else.
func TestRace_ExpiringEntries(t *testing.T) {
	c := ttlcache.NewCache()
	defer closeCache(c)
	hammer(6, 3000, nil, func(w, i int) {
		key := fmt.Sprint("key", i%64)
		switch w % 3 {
		case 0:
			c.Set(key, fmt.Sprint(key, "/", i), time.Duration(1+i%50)*time.Microsecond)
		case 1:
			v, ok := c.Get(key)
			checkValue(t, key, v, ok)
		default:
			c.Len()
		}
	})
}

// TestRace_WhileSweeping keeps the cache busy long enough for whatever
// removes expired entries to run while the other methods are called.
//
// TestRace_WhileSweeping keeps the cache busy for 1.5s, long enough for a
// background sweep to run while the other methods are being called. One
// goroutine keeps setting entries that expire within 0.2s and that nobody
// reads, so that every sweep finds expired entries to remove.
func TestRace_WhileSweeping(t *testing.T) {
	c := ttlcache.NewCache()
	defer closeCache(c)
	stop := make(chan struct{})
	timer := time.AfterFunc(1500*time.Millisecond, func() { close(stop) })
	defer timer.Stop()
	hammer(4, 1<<30, stop, func(w, i int) {
		key := fmt.Sprint("key", i%256)
		switch w {
		case 0:
			expiring := fmt.Sprint("expiring", i%4096)
			c.Set(expiring, fmt.Sprint(expiring, "/", i), time.Duration(1+i%200)*time.Millisecond)
		case 1:
			if i%2 == 0 {
				c.Set(key, fmt.Sprint(key, "/", i), time.Hour)
			} else {
				c.Delete(key)
			}
		case 2:
			v, ok := c.Get(key)
			checkValue(t, key, v, ok)
		default:
			c.Set(key, fmt.Sprint(key, "/", i), 0)
			v, ok := c.Get(key)
			checkValue(t, key, v, ok)
		}
		if i%64 == 0 {
			time.Sleep(100 * time.Microsecond) // leave the sweeper room to run
		}
	})
}
