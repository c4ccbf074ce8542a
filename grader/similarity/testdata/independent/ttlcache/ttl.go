// Independent: a TTL cache written from the prompt alone: a map plus a
// min-heap of deadlines, swept by a background goroutine every half second.
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

type item struct {
	key      string
	value    interface{}
	deadline time.Time // zero when the item lives forever
	slot     int       // index in the deadline heap, -1 if absent
}

type deadlines []*item

func (d deadlines) Len() int { return len(d) }

func (d deadlines) Less(a, b int) bool { return d[a].deadline.Before(d[b].deadline) }

func (d deadlines) Swap(a, b int) {
	d[a], d[b] = d[b], d[a]
	d[a].slot, d[b].slot = a, b
}

func (d *deadlines) Push(v any) {
	it := v.(*item)
	it.slot = len(*d)
	*d = append(*d, it)
}

func (d *deadlines) Pop() any {
	last := len(*d) - 1
	it := (*d)[last]
	(*d)[last] = nil
	*d = (*d)[:last]
	it.slot = -1
	return it
}

// Cache maps strings to values that may expire.
type Cache struct {
	sync.Mutex
	data  map[string]*item
	queue deadlines
	stop  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

// NewCache starts a cache and its sweeper.
func NewCache() *Cache {
	c := &Cache{data: map[string]*item{}, stop: make(chan struct{})}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-c.stop:
				return
			case now := <-tick.C:
				c.Lock()
				c.purge(now)
				c.Unlock()
			}
		}
	}()
	return c
}

// purge drops every item whose deadline has passed; c is locked.
func (c *Cache) purge(now time.Time) {
	for len(c.queue) > 0 && !c.queue[0].deadline.After(now) {
		it := heap.Pop(&c.queue).(*item)
		delete(c.data, it.key)
	}
}

func (c *Cache) drop(it *item) {
	if it.slot >= 0 {
		heap.Remove(&c.queue, it.slot)
	}
	delete(c.data, it.key)
}

// Set stores value under key for ttl (forever when ttl <= 0).
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	c.Lock()
	defer c.Unlock()
	if old, ok := c.data[key]; ok {
		c.drop(old)
	}
	it := &item{key: key, value: value, slot: -1}
	if ttl > 0 {
		it.deadline = time.Now().Add(ttl)
		heap.Push(&c.queue, it)
	}
	c.data[key] = it
}

// Get returns a live value.
func (c *Cache) Get(key string) (interface{}, bool) {
	c.Lock()
	defer c.Unlock()
	it, ok := c.data[key]
	if !ok || (!it.deadline.IsZero() && !time.Now().Before(it.deadline)) {
		return nil, false
	}
	return it.value, true
}

// Delete forgets key.
func (c *Cache) Delete(key string) {
	c.Lock()
	defer c.Unlock()
	if it, ok := c.data[key]; ok {
		c.drop(it)
	}
}

// Len counts live entries, purging the dead ones first.
func (c *Cache) Len() int {
	c.Lock()
	defer c.Unlock()
	c.purge(time.Now())
	return len(c.data)
}

// Close stops the sweeper; calling it again does nothing.
func (c *Cache) Close() {
	c.once.Do(func() { close(c.stop) })
	c.wg.Wait()
}
