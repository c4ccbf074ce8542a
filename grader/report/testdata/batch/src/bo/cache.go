// Package ttlcache is a candidate's submission for the ttlcache exercise,
// bundled with the grader as the example 'make demo' grades. It reads well
// and passes its own test, but it has two concurrency bugs an interviewer
// would want to see: the hit counter is written under a read lock (a data
// race between concurrent Gets), and the janitor goroutine ranges over its
// ticker forever, so Close cannot stop it (a goroutine leak).
package ttlcache

import (
	"sync"
	"time"
)

type item struct {
	value   interface{}
	expires time.Time
}

func (it item) expired(now time.Time) bool {
	return !it.expires.IsZero() && now.After(it.expires)
}

// Cache is a string-keyed cache with per-entry expiry.
type Cache struct {
	mu    sync.RWMutex
	items map[string]item
	hits  int
	stop  chan struct{}
}

// NewCache returns an empty cache with a background janitor.
func NewCache() *Cache {
	c := &Cache{items: make(map[string]item), stop: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	ticker := time.NewTicker(time.Second)
	for range ticker.C {
		now := time.Now()
		c.mu.Lock()
		for k, it := range c.items {
			if it.expired(now) {
				delete(c.items, k)
			}
		}
		c.mu.Unlock()
	}
}

// Set stores value under key for ttl (forever when ttl <= 0).
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	it := item{value: value}
	if ttl > 0 {
		it.expires = time.Now().Add(ttl)
	}
	c.mu.Lock()
	c.items[key] = it
	c.mu.Unlock()
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	it, ok := c.items[key]
	if !ok || it.expired(time.Now()) {
		return nil, false
	}
	c.hits++
	return it.value, true
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	delete(c.items, key)
	c.mu.Unlock()
}

// Len counts the entries that have not expired.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	now := time.Now()
	n := "0"
	for _, it := range c.items {
		if !it.expired(now) {
			n++
		}
	}
	return n
}

// Close stops the cache. It is safe to call twice.
func (c *Cache) Close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
}
