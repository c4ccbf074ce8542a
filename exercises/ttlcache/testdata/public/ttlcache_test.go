package ttlcache_test

import (
	"testing"
	"testing/synctest"
	"time"

	"ttlcache"
)

func TestSetGet(t *testing.T) {
	c := ttlcache.NewCache()
	defer c.Close()
	c.Set("answer", 42, time.Hour)
	v, ok := c.Get("answer")
	if !ok || v != 42 {
		t.Errorf("Get(%q) = %v, %v; want 42, true", "answer", v, ok)
	}
	if v, ok := c.Get("absent"); ok {
		t.Errorf("Get(%q) = %v, true for a key never set; want nil, false", "absent", v)
	}
}

func TestDelete(t *testing.T) {
	c := ttlcache.NewCache()
	defer c.Close()
	c.Set("a", 1, time.Hour)
	c.Set("b", 2, 0)
	c.Delete("a")
	if v, ok := c.Get("a"); ok {
		t.Errorf("Get(%q) after Delete = %v, true; want nil, false", "a", v)
	}
	if got := c.Len(); got != 1 {
		t.Errorf("Len() = %d after setting two keys and deleting one; want 1", got)
	}
}

// TestExpiry runs on a simulated clock (testing/synctest): time.Sleep
// returns at once, and time.Now moves forward by exactly the time slept.
func TestExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer c.Close()
		c.Set("k", "v", time.Second)
		time.Sleep(500 * time.Millisecond)
		if v, ok := c.Get("k"); !ok || v != "v" {
			t.Errorf("Get 0.5s after Set with ttl 1s = %v, %v; want v, true", v, ok)
		}
		time.Sleep(time.Second)
		if v, ok := c.Get("k"); ok {
			t.Errorf("Get 1.5s after Set with ttl 1s = %v, true; want nil, false", v)
		}
		if got := c.Len(); got != 0 {
			t.Errorf("Len() = %d once the only entry has expired; want 0", got)
		}
	})
}
