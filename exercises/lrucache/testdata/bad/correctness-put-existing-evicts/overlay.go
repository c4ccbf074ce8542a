// Defect: Put makes room before checking whether the key is already there, so updating a key in a full cache evicts another entry.

package lrucache

// Put stores value for key, replacing any previous value, and marks the
// entry as the most recently used. When that takes the cache over capacity,
// Put evicts the least recently used entry.
func (c *Cache[K, V]) Put(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.order.Len() == c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry[K, V]).key)
	}
	if el, ok := c.items[key]; ok {
		el.Value.(*entry[K, V]).value = value
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key: key, value: value})
}
