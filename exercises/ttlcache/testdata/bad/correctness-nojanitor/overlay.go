// Defect: There is no janitor: expired entries are dropped only when Get or Len runs, so an entry nobody reads again is never freed.
//grader:delete sweepInterval Cache.runJanitor

// Package ttlcache is a known-bad submission for the ttlcache exercise: the
// reference solution with the defect above.
//
// Entries live in a map for O(1) lookups. Entries that can expire are also
// kept in a min-heap ordered by expiry time, so that the expired ones can be
// found and dropped without scanning the map: Len does so before counting,
// which keeps Len exact and amortised O(log n).
package ttlcache

import "sync"

// Cache is a thread-safe string-keyed cache whose entries can expire. Create
// one with [NewCache] and release it with [Cache.Close].
type Cache struct {
	mu     sync.Mutex
	items  map[string]*entry
	expiry expiryHeap // the entries of items that can expire
}

// NewCache returns an empty cache. Expired entries are dropped by Get and Len.
func NewCache() *Cache {
	c := &Cache{
		items: make(map[string]*entry),
	}
	return c
}

// Close does nothing: the cache has no goroutine to stop.
func (c *Cache) Close() {}
