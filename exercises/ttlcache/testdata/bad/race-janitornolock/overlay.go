// Defect: The janitor sweeps expired entries without holding the lock.

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

func (c *Cache) runJanitor() {
	defer c.janitor.Done()
	ticker := time.NewTicker(sweepInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
			c.sweep(time.Now()) // without the lock: races with every method
		}
	}
}
