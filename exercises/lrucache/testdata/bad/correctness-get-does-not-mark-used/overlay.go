// Defect: Get does not mark the entry as used, so the cache evicts in insertion order (FIFO), not LRU.

package lrucache

// Get returns the value stored for key and whether it was there. A hit
// marks the entry as the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	return el.Value.(*entry[K, V]).value, true
}
