// Defect: Get holds only the read lock while it moves the entry to the front of the list, so concurrent Gets write the list at once.

package lrucache

import (
	"container/list"
	"sync"
)

// Cache is a fixed-capacity key-value cache. When a Put would take it over
// capacity, it evicts the least recently used entry. Get and Put run in
// constant time. A Cache is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu       sync.RWMutex
	capacity int
	order    *list.List // of *entry[K, V], most recently used at the front
	items    map[K]*list.Element
}

// Get returns the value stored for key and whether it was there. A hit
// marks the entry as the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	el, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry[K, V]).value, true
}
