// Package lrucache is a fixed-capacity cache that evicts the least recently
// used entry.
package lrucache

// Cache is a fixed-capacity key-value cache. When a Put would take it over
// capacity, it evicts the least recently used entry. Get and Put run in
// constant time. A Cache is safe for concurrent use.
type Cache[K comparable, V any] struct {
	// TODO: add fields.
}

// New returns an empty cache that holds at most capacity entries. It panics
// when capacity <= 0.
func New[K comparable, V any](capacity int) *Cache[K, V] {
	// TODO: implement.
	return &Cache[K, V]{}
}

// Get returns the value stored for key and whether it was there. A hit
// marks the entry as the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	// TODO: implement.
	var zero V
	return zero, false
}

// Put stores value for key, replacing any previous value, and marks the
// entry as the most recently used. When that takes the cache over capacity,
// Put evicts the least recently used entry.
func (c *Cache[K, V]) Put(key K, value V) {
	// TODO: implement.
}

// Len returns the number of entries in the cache.
func (c *Cache[K, V]) Len() int {
	// TODO: implement.
	return 0
}
