package ttlcache

import (
	"testing"
	"time"
)

func TestSetGet(t *testing.T) {
	c := NewCache()
	defer c.Close()
	c.Set("a", 1, time.Minute)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %v, %v", v, ok)
	}
}
