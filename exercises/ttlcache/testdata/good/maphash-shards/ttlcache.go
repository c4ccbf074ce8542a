// Good: a cache sharded on hash/maphash, each shard a map and an expiry heap under its own lock.

// Package ttlcache is a concurrency-safe in-memory cache whose entries
// expire. Keys are spread over shards by hash/maphash, so that goroutines
// working on different keys rarely wait for the same lock.
package ttlcache

import (
	"container/heap"
	"hash/maphash"
	"sync"
	"time"
)

const (
	shardCount    = 16
	sweepInterval = time.Second
)

// Cache is a thread-safe string-keyed cache whose entries can expire.
type Cache struct {
	seed    maphash.Seed
	shards  [shardCount]shard
	done    chan struct{}
	closing sync.Once
	janitor sync.WaitGroup
}

type shard struct {
	mu     sync.Mutex
	items  map[string]*entry
	expiry expiryHeap
}

type entry struct {
	key     string
	value   interface{}
	expires time.Time // zero: never expires
	index   int       // position in the shard's heap, or -1
}

func (e *entry) expired(now time.Time) bool {
	return !e.expires.IsZero() && !now.Before(e.expires)
}

// NewCache returns an empty cache and starts its janitor.
func NewCache() *Cache {
	c := &Cache{seed: maphash.MakeSeed(), done: make(chan struct{})}
	for i := range c.shards {
		c.shards[i].items = make(map[string]*entry)
	}
	c.janitor.Add(1)
	go c.runJanitor()
	return c
}

func (c *Cache) shard(key string) *shard {
	return &c.shards[maphash.String(c.seed, key)%shardCount]
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
			now := time.Now()
			for i := range c.shards {
				s := &c.shards[i]
				s.mu.Lock()
				s.sweep(now)
				s.mu.Unlock()
			}
		}
	}
}

// Set stores value under key; the entry expires ttl from now, or never
// when ttl <= 0.
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	var expires time.Time
	if ttl > 0 {
		expires = time.Now().Add(ttl)
	}
	s := c.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.items[key]
	if !ok {
		e = &entry{key: key, index: -1}
		s.items[key] = e
	}
	e.value = value
	e.expires = expires
	switch {
	case e.index >= 0 && expires.IsZero():
		heap.Remove(&s.expiry, e.index)
	case e.index >= 0:
		heap.Fix(&s.expiry, e.index)
	case !expires.IsZero():
		heap.Push(&s.expiry, e)
	}
}

// Get returns the value under key and true, or nil and false when there is
// none or it has expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	now := time.Now()
	s := c.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.items[key]
	if !ok {
		return nil, false
	}
	if e.expired(now) {
		s.remove(e)
		return nil, false
	}
	return e.value, true
}

// Delete removes the entry under key, if any.
func (c *Cache) Delete(key string) {
	s := c.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		s.remove(e)
	}
}

// Len returns the number of entries that have not expired.
func (c *Cache) Len() int {
	now := time.Now()
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		s.sweep(now)
		n += len(s.items)
		s.mu.Unlock()
	}
	return n
}

// Close stops the janitor and waits for it. It may be called more than
// once.
func (c *Cache) Close() {
	c.closing.Do(func() { close(c.done) })
	c.janitor.Wait()
}

// sweep drops the shard's expired entries. s.mu must be held.
func (s *shard) sweep(now time.Time) {
	for len(s.expiry) > 0 && s.expiry[0].expired(now) {
		s.remove(s.expiry[0])
	}
}

// remove drops e from the shard. s.mu must be held.
func (s *shard) remove(e *entry) {
	if e.index >= 0 {
		heap.Remove(&s.expiry, e.index)
	}
	delete(s.items, e.key)
}

// expiryHeap is a min-heap of entries by expiry time.
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
	old[n-1] = nil
	e.index = -1
	*h = old[:n-1]
	return e
}
