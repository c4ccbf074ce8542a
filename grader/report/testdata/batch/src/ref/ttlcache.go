// Package ttlcache is the reference solution of the ttlcache exercise: a
// concurrency-safe in-memory cache whose entries expire.
//
// Entries live in a map for O(1) lookups. Entries that can expire are also
// kept in a min-heap ordered by expiry time, so that the expired ones can be
// found and dropped without scanning the map: a background janitor does so
// every [sweepInterval], and Len does so before counting, which keeps Len
// exact and amortised O(log n).
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

// sweepInterval is how often the janitor drops expired entries. The contract
// is that an expired entry is freed within two seconds; one second leaves
// room for scheduling delays.
const sweepInterval = time.Second

// Cache is a thread-safe string-keyed cache whose entries can expire. Create
// one with [NewCache] and release it with [Cache.Close].
type Cache struct {
	mu      sync.Mutex
	items   map[string]*entry
	expiry  expiryHeap // the entries of items that can expire
	done    chan struct{}
	closing sync.Once
	janitor sync.WaitGroup
}

type entry struct {
	key     string
	value   interface{}
	expires time.Time // zero: never expires
	index   int       // position in Cache.expiry, or -1 when not in it
}

func (e *entry) expired(now time.Time) bool {
	return !e.expires.IsZero() && !now.Before(e.expires)
}

// NewCache returns an empty cache and starts its janitor, which drops expired
// entries in the background until [Cache.Close] is called.
func NewCache() *Cache {
	c := &Cache{
		items: make(map[string]*entry),
		done:  make(chan struct{}),
	}
	c.janitor.Add(1)
	go c.runJanitor()
	return c
}

func (c *Cache) runJanitor() {
	defer c.janitor.Done()
	ticker := time.NewTicker(sweepInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
			c.mu.Lock()
			c.sweep(time.Now())
			c.mu.Unlock()
		}
	}
}

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
	e.expires = expires
	switch {
	case e.index >= 0 && expires.IsZero():
		heap.Remove(&c.expiry, e.index)
	case e.index >= 0:
		heap.Fix(&c.expiry, e.index)
	case !expires.IsZero():
		heap.Push(&c.expiry, e)
	}
}

// Get returns the value stored under key and true, or nil and false when
// there is no such entry or it has expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	if e.expired(now) {
		c.remove(e)
		return nil, false
	}
	return e.value, true
}

// Delete removes the entry stored under key, if any.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.remove(e)
	}
}

// Len returns the number of entries that have not expired.
func (c *Cache) Len() int {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep(now)
	return len(c.items)
}

// Close stops the janitor and waits for it to end. It may be called more
// than once.
func (c *Cache) Close() {
	c.closing.Do(func() { close(c.done) })
	c.janitor.Wait()
}

// sweep drops every entry that has expired at now. c.mu must be held.
func (c *Cache) sweep(now time.Time) {
	for len(c.expiry) > 0 && c.expiry[0].expired(now) {
		c.remove(c.expiry[0])
	}
}

// remove drops e from the map and the heap. c.mu must be held.
func (c *Cache) remove(e *entry) {
	if e.index >= 0 {
		heap.Remove(&c.expiry, e.index)
	}
	delete(c.items, e.key)
}

// expiryHeap is a min-heap of entries by expiry time, for container/heap.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }

func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	old[n-1] = nil // let the entry be garbage collected
	e.index = -1
	*h = old[:n-1]
	return e
}
