// Independent: an LRU cache written from the prompt alone, on a hand-made
// doubly linked list with a sentinel node.
package lrucache

import "sync"

type node[K comparable, V any] struct {
	prev, next *node[K, V]
	key        K
	val        V
}

// Cache keeps at most cap entries; the one after root is the freshest.
type Cache[K comparable, V any] struct {
	lock  sync.Mutex
	cap   int
	index map[K]*node[K, V]
	root  node[K, V] // sentinel: root.next is newest, root.prev oldest
}

// New makes a cache for capacity entries; capacity must be positive.
func New[K comparable, V any](capacity int) *Cache[K, V] {
	if capacity <= 0 {
		panic("lrucache: capacity must be positive")
	}
	c := &Cache[K, V]{cap: capacity, index: make(map[K]*node[K, V], capacity)}
	c.root.next = &c.root
	c.root.prev = &c.root
	return c
}

func (c *Cache[K, V]) unlink(n *node[K, V]) {
	n.prev.next = n.next
	n.next.prev = n.prev
}

func (c *Cache[K, V]) pushFront(n *node[K, V]) {
	n.prev = &c.root
	n.next = c.root.next
	c.root.next.prev = n
	c.root.next = n
}

// Get looks key up and, on a hit, refreshes it.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	n, found := c.index[key]
	if !found {
		var none V
		return none, false
	}
	c.unlink(n)
	c.pushFront(n)
	return n.val, true
}

// Put inserts or overwrites key, and drops the oldest entry on overflow.
func (c *Cache[K, V]) Put(key K, value V) {
	c.lock.Lock()
	defer c.lock.Unlock()
	if n, found := c.index[key]; found {
		n.val = value
		c.unlink(n)
		c.pushFront(n)
		return
	}
	n := &node[K, V]{key: key, val: value}
	c.index[key] = n
	c.pushFront(n)
	if len(c.index) > c.cap {
		oldest := c.root.prev
		c.unlink(oldest)
		delete(c.index, oldest.key)
	}
}

// Len counts the entries held.
func (c *Cache[K, V]) Len() int {
	c.lock.Lock()
	n := len(c.index)
	c.lock.Unlock()
	return n
}
