package lrucache_test

import (
	"testing"

	"lrucache"
)

func TestPutThenGet(t *testing.T) {
	c := lrucache.New[string, int](2)
	c.Put("a", 1)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Errorf("Get(%q) = %d, %t; want 1, true", "a", v, ok)
	}
	if v, ok := c.Get("b"); ok || v != 0 {
		t.Errorf("Get(%q) = %d, %t; want 0, false", "b", v, ok)
	}
	if n := c.Len(); n != 1 {
		t.Errorf("Len() = %d; want 1", n)
	}
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	c := lrucache.New[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Get("a") // b is now the least recently used.
	c.Put("c", 3)
	if _, ok := c.Get("b"); ok {
		t.Errorf("Get(%q) hit; want it evicted (least recently used)", "b")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(k); !ok {
			t.Errorf("Get(%q) missed; want a hit", k)
		}
	}
	if n := c.Len(); n != 2 {
		t.Errorf("Len() = %d; want 2", n)
	}
}

func TestNewPanicsOnZeroCapacity(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(0) did not panic")
		}
	}()
	lrucache.New[string, int](0)
}
