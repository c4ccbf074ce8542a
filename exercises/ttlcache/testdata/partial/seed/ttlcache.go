// Partial: the cache of a candidate who read only half the prompt: NewCache,
// Set and Get with a janitor goroutine, and no Close, Delete or Len. It must
// still get credit for the tests of Set and Get.
package ttlcache

import (
	"sync"
	"time"
)

type item struct {
	value   interface{}
	expires time.Time
}

// Cache is a map guarded by a mutex, swept by a janitor every second.
type Cache struct {
	mu    sync.Mutex
	items map[string]item
}

// NewCache returns an empty cache and starts its janitor.
func NewCache() *Cache {
	c := &Cache{items: make(map[string]item)}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	for range time.Tick(time.Second) {
		now := time.Now()
		c.mu.Lock()
		for k, it := range c.items {
			if !it.expires.IsZero() && !now.Before(it.expires) {
				delete(c.items, k)
			}
		}
		c.mu.Unlock()
	}
}

// Set stores value under key for ttl; a ttl <= 0 never expires.
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	it := item{value: value}
	if ttl > 0 {
		it.expires = time.Now().Add(ttl)
	}
	c.mu.Lock()
	c.items[key] = it
	c.mu.Unlock()
}

// Get returns the value under key, if it is there and has not expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[key]
	if !ok || !it.expires.IsZero() && !time.Now().Before(it.expires) {
		return nil, false
	}
	return it.value, true
}
