package lrucache_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"lrucache"
	"lrucache/internal/gradertest"
)

// lookup is the outcome of one Get.
type lookup struct {
	Value int
	OK    bool
}

func get[K comparable](c *lrucache.Cache[K, int], key K) lookup {
	v, ok := c.Get(key)
	return lookup{v, ok}
}

// contents looks up each key (which marks hits as used, in key order).
func contents(c *lrucache.Cache[string, int], keys ...string) map[string]lookup {
	got := make(map[string]lookup, len(keys))
	for _, k := range keys {
		got[k] = get(c, k)
	}
	return got
}

// TestCorrectness_NewPanicsOnNonPositiveCapacity checks that New panics for
// a capacity that is not positive.
func TestCorrectness_NewPanicsOnNonPositiveCapacity(t *testing.T) {
	for _, capacity := range []int{0, -1, -100} {
		t.Run(fmt.Sprint(capacity), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%d) did not panic", capacity)
				}
			}()
			lrucache.New[string, int](capacity)
		})
	}
}

// TestCorrectness_PutThenGet checks that Get returns what Put stored, and
// reports a miss for a key never put.
func TestCorrectness_PutThenGet(t *testing.T) {
	c := lrucache.New[string, int](4)
	if diff := cmp.Diff(lookup{}, get(c, "a")); diff != "" {
		t.Errorf("Get(a) on an empty cache (-want +got):\n%s", diff)
	}
	c.Put("a", 1)
	c.Put("b", 2)
	want := map[string]lookup{"a": {1, true}, "b": {2, true}, "c": {0, false}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c")); diff != "" {
		t.Errorf("after Put(a, 1), Put(b, 2): lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(2, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_PutReplacesValue checks that a Put on an existing key
// replaces its value.
func TestCorrectness_PutReplacesValue(t *testing.T) {
	c := lrucache.New[string, int](3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("a", 10)
	want := map[string]lookup{"a": {10, true}, "b": {2, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b")); diff != "" {
		t.Errorf("after Put(a, 1), Put(b, 2), Put(a, 10): lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(2, c.Len()); diff != "" {
		t.Errorf("Len after replacing a value (-want +got):\n%s", diff)
	}
}

// TestCorrectness_EvictsLeastRecentlyPut checks that a full cache evicts the
// entry put longest ago when nothing was read.
func TestCorrectness_EvictsLeastRecentlyPut(t *testing.T) {
	c := lrucache.New[string, int](3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	c.Put("d", 4)
	want := map[string]lookup{"a": {0, false}, "b": {2, true}, "c": {3, true}, "d": {4, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c", "d")); diff != "" {
		t.Errorf("capacity 3, Put a, b, c, d: lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(3, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_GetMarksUsed checks that a Get hit makes its entry the
// most recently used.
func TestCorrectness_GetMarksUsed(t *testing.T) {
	c := lrucache.New[string, int](3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	get(c, "a") // a is now the most recently used; b the least.
	c.Put("d", 4)
	want := map[string]lookup{"a": {1, true}, "b": {0, false}, "c": {3, true}, "d": {4, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c", "d")); diff != "" {
		t.Errorf("capacity 3, Put a, b, c, Get a, Put d: lookups (-want +got):\n%s", diff)
	}
}

// TestCorrectness_MissDoesNotMarkUsed checks that a Get miss changes no
// entry's recency.
func TestCorrectness_MissDoesNotMarkUsed(t *testing.T) {
	c := lrucache.New[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	get(c, "zzz") // A miss changes nothing.
	c.Put("c", 3)
	want := map[string]lookup{"a": {0, false}, "b": {2, true}, "c": {3, true}, "zzz": {0, false}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c", "zzz")); diff != "" {
		t.Errorf("capacity 2, Put a, b, Get zzz, Put c: lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(2, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_PutExistingMarksUsed checks that a Put on an existing key
// makes it the most recently used.
func TestCorrectness_PutExistingMarksUsed(t *testing.T) {
	c := lrucache.New[string, int](3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	c.Put("a", 10) // a is now the most recently used; b the least.
	c.Put("d", 4)
	want := map[string]lookup{"a": {10, true}, "b": {0, false}, "c": {3, true}, "d": {4, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c", "d")); diff != "" {
		t.Errorf("capacity 3, Put a, b, c, Put a again, Put d: lookups (-want +got):\n%s", diff)
	}
}

// TestCorrectness_PutExistingWhenFullEvictsNothing checks that updating a
// key of a full cache evicts nothing.
func TestCorrectness_PutExistingWhenFullEvictsNothing(t *testing.T) {
	c := lrucache.New[string, int](3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	c.Put("b", 20) // Full, but b is already there: nothing may be evicted.
	want := map[string]lookup{"a": {1, true}, "b": {20, true}, "c": {3, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b", "c")); diff != "" {
		t.Errorf("capacity 3, Put a, b, c, Put b again: lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(3, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_CapacityOne checks a cache that holds a single entry.
func TestCorrectness_CapacityOne(t *testing.T) {
	c := lrucache.New[string, int](1)
	c.Put("a", 1)
	c.Put("b", 2)
	want := map[string]lookup{"a": {0, false}, "b": {2, true}}
	if diff := cmp.Diff(want, contents(c, "a", "b")); diff != "" {
		t.Errorf("capacity 1, Put a, b: lookups (-want +got):\n%s", diff)
	}
	c.Put("b", 3)
	if diff := cmp.Diff(lookup{3, true}, get(c, "b")); diff != "" {
		t.Errorf("capacity 1, Put b again: Get(b) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(1, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_FillsToCapacityWithoutEvicting checks that nothing is
// evicted until the cache is full.
func TestCorrectness_FillsToCapacityWithoutEvicting(t *testing.T) {
	const capacity = 1000
	c := lrucache.New[int, int](capacity)
	for i := range capacity {
		c.Put(i, i*10)
		if diff := cmp.Diff(i+1, c.Len()); diff != "" {
			t.Fatalf("Len after %d Puts of distinct keys (-want +got):\n%s", i+1, diff)
		}
	}
	for i := range capacity {
		if diff := cmp.Diff(lookup{i * 10, true}, get(c, i)); diff != "" {
			t.Fatalf("capacity %d filled with keys 0..%d: Get(%d) (-want +got):\n%s", capacity, capacity-1, i, diff)
		}
	}
	// Every key was read in order, so 0 is the least recently used.
	c.Put(capacity, 0)
	if diff := cmp.Diff(lookup{}, get(c, 0)); diff != "" {
		t.Errorf("after one more Put: Get(0), the least recently used (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(lookup{10, true}, get(c, 1)); diff != "" {
		t.Errorf("after one more Put: Get(1) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(capacity, c.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
}

// TestCorrectness_StructKeysAndPointerValues checks the cache with struct
// keys and pointer values.
func TestCorrectness_StructKeysAndPointerValues(t *testing.T) {
	type point struct{ X, Y int }
	c := lrucache.New[point, *string](2)
	s1, s2, s3 := "one", "two", "three"
	c.Put(point{1, 1}, &s1)
	c.Put(point{2, 2}, &s2)
	c.Put(point{1, 1}, &s3)
	got, ok := c.Get(point{1, 1})
	if !ok || got != &s3 {
		t.Errorf("Get({1 1}) = %v, %t; want the pointer stored last (to %q), true", got, ok, s3)
	}
	if got, ok := c.Get(point{3, 3}); ok || got != nil {
		t.Errorf("Get({3 3}) = %v, %t; want nil, false", got, ok)
	}
}

// model is an obviously correct, slow LRU cache: keys from least to most
// recently used.
type model struct {
	capacity int
	keys     []int
	values   map[int]int
}

func (m *model) touch(key int) {
	i := slices.Index(m.keys, key)
	m.keys = append(slices.Delete(m.keys, i, i+1), key)
}

func (m *model) get(key int) lookup {
	v, ok := m.values[key]
	if ok {
		m.touch(key)
	}
	return lookup{v, ok}
}

func (m *model) put(key, value int) {
	if _, ok := m.values[key]; ok {
		m.values[key] = value
		m.touch(key)
		return
	}
	m.values[key] = value
	m.keys = append(m.keys, key)
	if len(m.keys) > m.capacity {
		delete(m.values, m.keys[0])
		m.keys = m.keys[1:]
	}
}

// TestCorrectness_RandomOperationsMatchModel checks random sequences of
// operations against a simple model of the cache.
func TestCorrectness_RandomOperationsMatchModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(gradertest.Seed(t)), 0))
	for _, capacity := range []int{1, 2, 5, 16} {
		c := lrucache.New[int, int](capacity)
		m := &model{capacity: capacity, values: map[int]int{}}
		var history []string
		for step := range 3000 {
			key := rng.IntN(3 * capacity)
			if rng.IntN(2) == 0 {
				value := rng.IntN(1000)
				history = append(history, fmt.Sprintf("Put(%d, %d)", key, value))
				c.Put(key, value)
				m.put(key, value)
			} else {
				history = append(history, fmt.Sprintf("Get(%d)", key))
				want, got := m.get(key), get(c, key)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("capacity %d, step %d: %s (-want +got):\n%s\nlast operations: %v",
						capacity, step, history[len(history)-1], diff, history[max(0, len(history)-12):])
				}
			}
			if diff := cmp.Diff(len(m.keys), c.Len()); diff != "" {
				t.Fatalf("capacity %d, step %d: Len after %s (-want +got):\n%s\nlast operations: %v",
					capacity, step, history[len(history)-1], diff, history[max(0, len(history)-12):])
			}
		}
	}
}
