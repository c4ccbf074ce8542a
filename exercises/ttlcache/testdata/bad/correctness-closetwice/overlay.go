// Defect: Close closes its channel unguarded, so a second Close panics.

// Package ttlcache is a known-bad submission for the ttlcache exercise: the
// reference solution with the defect above.
//
// Entries live in a map for O(1) lookups. Entries that can expire are also
// kept in a min-heap ordered by expiry time, so that the expired ones can be
// found and dropped without scanning the map: a background janitor does so
// every [sweepInterval], and Len does so before counting, which keeps Len
// exact and amortised O(log n).
package ttlcache

import "sync"

// Cache is a thread-safe string-keyed cache whose entries can expire. Create
// one with [NewCache] and release it with [Cache.Close].
type Cache struct {
	mu      sync.Mutex
	items   map[string]*entry
	expiry  expiryHeap // the entries of items that can expire
	done    chan struct{}
	janitor sync.WaitGroup
}

// Close stops the janitor and waits for it to end. It may be called more
// than once.
func (c *Cache) Close() {
	close(c.done)
	c.janitor.Wait()
}
