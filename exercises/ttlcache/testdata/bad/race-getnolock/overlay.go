// Defect: Get looks up the map without holding the lock.

// Package ttlcache is a known-bad submission for the ttlcache exercise: the
// reference solution with the defect above.
//
// Entries live in a map for O(1) lookups. Entries that can expire are also
// kept in a min-heap ordered by expiry time, so that the expired ones can be
// found and dropped without scanning the map: a background janitor does so
// every [sweepInterval], and Len does so before counting, which keeps Len
// exact and amortised O(log n).
package ttlcache

import "time"

// Get returns the value stored under key and true, or nil and false when
// there is no such entry or it has expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	now := time.Now()
	e, ok := c.items[key] // read without the lock: races with Set, Delete and sweeps
	if !ok {
		return nil, false
	}
	if e.expired(now) {
		c.mu.Lock()
		if c.items[key] == e {
			c.remove(e)
		}
		c.mu.Unlock()
		return nil, false
	}
	return e.value, true
}
