package slidingwindow

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Store is the state every Limiter of a deployment shares: per key, a
// list of timestamps and a version. Each call is atomic on its own, as
// one round trip to a shared database would be; a Redis-backed Store
// would implement CompareAndSwap with WATCH, MULTI and EXEC, or a Lua
// script.
type Store interface {
	// Load returns the timestamps stored under key, in the order they
	// were stored, and the key's version. A key that holds nothing has
	// no timestamps and version 0.
	Load(ctx context.Context, key string) (times []time.Time, version uint64, err error)
	// CompareAndSwap replaces the timestamps stored under key with times
	// if the key's version is still version, and reports whether it did.
	// Every swap gives the key a new version. Storing no timestamps
	// deletes the key.
	CompareAndSwap(ctx context.Context, key string, version uint64, times []time.Time) (swapped bool, err error)
}

// MemoryStore is a Store in memory, safe for concurrent use: the store of
// a deployment of one process, and of tests.
type MemoryStore struct {
	mu   sync.Mutex
	last uint64 // the last version given out
	keys map[string]memEntry
}

type memEntry struct {
	times   []time.Time
	version uint64
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{keys: make(map[string]memEntry)}
}

// Load implements Store.
func (s *MemoryStore) Load(ctx context.Context, key string) ([]time.Time, uint64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.keys[key]
	return slices.Clone(e.times), e.version, nil
}

// CompareAndSwap implements Store.
func (s *MemoryStore) CompareAndSwap(ctx context.Context, key string, version uint64, times []time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys[key].version != version {
		return false, nil
	}
	if len(times) == 0 {
		delete(s.keys, key)
		return true, nil
	}
	s.last++
	s.keys[key] = memEntry{times: slices.Clone(times), version: s.last}
	return true, nil
}
