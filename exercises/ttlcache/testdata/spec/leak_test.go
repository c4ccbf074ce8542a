package ttlcache_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"ttlcache"
)

// awaitGoroutinesGone gives goroutines that Close told to stop up to 3s of
// real time to end, for a design whose goroutines notice Close only after a
// short sleep. The deferred goleak.VerifyNone gives the verdict.
func awaitGoroutinesGone() {
	deadline := time.Now().Add(3 * time.Second)
	for goleak.Find() != nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
}

// TestLeak_Close checks that Close stops every goroutine the cache started.
func TestLeak_Close(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := ttlcache.NewCache()
	c.Set("a", 1, time.Hour)
	c.Set("b", 2, time.Millisecond)
	c.Set("c", 3, 0)
	c.Get("a")
	c.Len()
	c.Delete("c")
	c.Close()
	awaitGoroutinesGone()
}

// TestLeak_ManyCaches checks that many caches, each closed, leave no
// goroutine running.
func TestLeak_ManyCaches(t *testing.T) {
	defer goleak.VerifyNone(t)
	caches := make([]*ttlcache.Cache, 20)
	for i := range caches {
		caches[i] = ttlcache.NewCache()
		for j := range 10 {
			caches[i].Set(fmt.Sprint(j), j, time.Duration(j)*time.Millisecond)
		}
	}
	for _, c := range caches {
		c.Close()
	}
	awaitGoroutinesGone()
}

// inBubble runs f on virtual time, and fails the test if goroutines are
// still blocked in the bubble once f has returned.
func inBubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && strings.Contains(err.Error(), "blocked goroutines remain") {
				t.Fatalf("goroutines started by the cache were still running after Close and 10s more of virtual time: Close must stop every goroutine the cache started (%v)", err)
			}
			panic(r)
		}
	}()
	synctest.Test(t, f)
}

// TestLeak_CloseAfterSweeps closes a cache that has been running for a
// while, with entries still due to expire.
func TestLeak_CloseAfterSweeps(t *testing.T) {
	inBubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		for i := range 20 {
			c.Set(fmt.Sprint("short", i), i, time.Duration(i+1)*200*time.Millisecond)
			c.Set(fmt.Sprint("long", i), i, time.Duration(i+1)*time.Hour)
			c.Set(fmt.Sprint("never", i), i, 0)
		}
		time.Sleep(5500 * time.Millisecond)
		c.Get("long1")
		c.Len()
		c.Close()
		time.Sleep(10 * time.Second)
		synctest.Wait()
	})
}

// TestLeak_CloseAtOnce closes a cache straight after creating it.
func TestLeak_CloseAtOnce(t *testing.T) {
	inBubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		c.Set("k", "v", time.Hour)
		c.Close()
		time.Sleep(10 * time.Second)
		synctest.Wait()
	})
}
