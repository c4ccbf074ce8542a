// Defect: Set on a key that is already stored replaces the value but keeps the old expiry.

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
	"container/heap"
	"time"
)

// Set stores value under key, replacing any previous entry. The entry expires
// ttl after this call; a ttl <= 0 means it never expires.
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	var expires time.Time
	if ttl > 0 {
		expires = time.Now().Add(ttl)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		e = &entry{key: key, index: -1}
		c.items[key] = e
	}
	e.value = value
	if !ok {
		e.expires = expires
	}
	switch {
	case e.index >= 0 && expires.IsZero():
		heap.Remove(&c.expiry, e.index)
	case e.index >= 0:
		heap.Fix(&c.expiry, e.index)
	case !expires.IsZero():
		heap.Push(&c.expiry, e)
	}
}
