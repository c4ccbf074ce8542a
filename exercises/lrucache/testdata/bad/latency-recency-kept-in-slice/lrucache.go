// Defect: The recency order is a slice, so Get and Put search and shift it: O(n) per operation.

package lrucache

import (
	"slices"
	"sync"
)

// Cache is a fixed-capacity key-value cache. When a Put would take it over
// capacity, it evicts the least recently used entry. A Cache is safe for
// concurrent use.
type Cache[K comparable, V any] struct {
	mu       sync.Mutex
	capacity int
	order    []K // least recently used first
	values   map[K]V
}

// New returns an empty cache that holds at most capacity entries. It panics
// when capacity <= 0.
func New[K comparable, V any](capacity int) *Cache[K, V] {
	if capacity <= 0 {
		panic("lrucache: capacity must be positive")
	}
	return &Cache[K, V]{capacity: capacity, values: make(map[K]V, capacity)}
}

// touch moves key to the most recently used end of the order.
func (c *Cache[K, V]) touch(key K) {
	i := slices.Index(c.order, key)
	c.order = append(slices.Delete(c.order, i, i+1), key)
}

// Get returns the value stored for key and whether it was there. A hit
// marks the entry as the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	if ok {
		c.touch(key)
	}
	return v, ok
}

// Put stores value for key, replacing any previous value, and marks the
// entry as the most recently used. When that takes the cache over capacity,
// Put evicts the least recently used entry.
func (c *Cache[K, V]) Put(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.values[key]; ok {
		c.values[key] = value
		c.touch(key)
		return
	}
	c.values[key] = value
	c.order = append(c.order, key)
	if len(c.order) > c.capacity {
		delete(c.values, c.order[0])
		c.order = slices.Delete(c.order, 0, 1)
	}
}

// Len returns the number of entries in the cache.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.values)
}
