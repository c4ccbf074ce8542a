// Defect: Close stops the ticker, but Stop does not close the ticker's channel, so the janitor goroutine waits on it forever.

// Package ttlcache is a known-bad submission for the ttlcache exercise: the
// reference solution with the defect above.
//
// Entries live in a map for O(1) lookups. Entries that can expire are also
// kept in a min-heap ordered by expiry time, so that the expired ones can be
// found and dropped without scanning the map: a background janitor does so
// every [sweepInterval], and Len does so before counting, which keeps Len
// exact and amortised O(log n).
package ttlcache

import (
	"sync"
	"time"
)

// Cache is a thread-safe string-keyed cache whose entries can expire. Create
// one with [NewCache] and release it with [Cache.Close].
type Cache struct {
	mu     sync.Mutex
	items  map[string]*entry
	expiry expiryHeap // the entries of items that can expire
	ticker *time.Ticker
}

// NewCache returns an empty cache and starts its janitor, which drops expired
// entries in the background until [Cache.Close] is called.
func NewCache() *Cache {
	c := &Cache{
		items:  make(map[string]*entry),
		ticker: time.NewTicker(sweepInterval),
	}
	go c.runJanitor()
	return c
}

func (c *Cache) runJanitor() {
	for range c.ticker.C {
		c.mu.Lock()
		c.sweep(time.Now())
		c.mu.Unlock()
	}
}

// Close stops the janitor's ticker. It may be called more than once.
func (c *Cache) Close() {
	c.ticker.Stop() // Stop does not close c.ticker.C: the janitor waits forever
}
