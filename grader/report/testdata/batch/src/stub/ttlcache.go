// Package ttlcache is a thread-safe in-memory cache whose entries expire.
package ttlcache

import "time"

// Cache is a thread-safe cache of values by string key, whose entries can
// expire. It is safe for concurrent use by multiple goroutines. Create one
// with [NewCache]; call [Cache.Close] when done with it.
type Cache struct {
	// TODO
}

// NewCache returns an empty cache, ready to use.
func NewCache() *Cache {
	// TODO
	return &Cache{}
}

// Set stores value under key, replacing any entry already stored under key.
// The entry expires ttl after this call; a ttl <= 0 means that it never
// expires. An expired entry must be freed within two seconds of its expiry,
// even if nobody calls the cache again.
func (c *Cache) Set(key string, value interface{}, ttl time.Duration) {
	// TODO
}

// Get returns the value stored under key and true, or nil and false when
// there is no entry under key or it has expired.
func (c *Cache) Get(key string) (interface{}, bool) {
	// TODO
	return nil, false
}

// Delete removes the entry stored under key, if there is one.
func (c *Cache) Delete(key string) {
	// TODO
}

// Len returns the number of entries that have not expired.
func (c *Cache) Len() int {
	// TODO
	return 0
}

// Close stops every goroutine the cache started. It may be called more than
// once.
func (c *Cache) Close() {
	// TODO
}
