// Defect: Put finds the least recently used entry by scanning every entry (use counters in a map), so eviction is O(n).

package lrucache

import "sync"

// Cache is a fixed-capacity key-value cache. When a Put would take it over
// capacity, it evicts the least recently used entry. A Cache is safe for
// concurrent use.
type Cache[K comparable, V any] struct {
	mu       sync.Mutex
	capacity int
	clock    uint64
	items    map[K]*entry[V]
}

type entry[V any] struct {
	value    V
	lastUsed uint64
}

// New returns an empty cache that holds at most capacity entries. It panics
// when capacity <= 0.
func New[K comparable, V any](capacity int) *Cache[K, V] {
	if capacity <= 0 {
		panic("lrucache: capacity must be positive")
	}
	return &Cache[K, V]{capacity: capacity, items: make(map[K]*entry[V], capacity)}
}

// Get returns the value stored for key and whether it was there. A hit
// marks the entry as the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.clock++
	e.lastUsed = c.clock
	return e.value, true
}

// Put stores value for key, replacing any previous value, and marks the
// entry as the most recently used. When that takes the cache over capacity,
// Put evicts the least recently used entry.
func (c *Cache[K, V]) Put(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock++
	if e, ok := c.items[key]; ok {
		e.value = value
		e.lastUsed = c.clock
		return
	}
	if len(c.items) == c.capacity {
		// Find the least recently used entry: a scan of every entry.
		var oldest K
		first := true
		var oldestUse uint64
		for k, e := range c.items {
			if first || e.lastUsed < oldestUse {
				oldest, oldestUse, first = k, e.lastUsed, false
			}
		}
		delete(c.items, oldest)
	}
	c.items[key] = &entry[V]{value: value, lastUsed: c.clock}
}

// Len returns the number of entries in the cache.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
