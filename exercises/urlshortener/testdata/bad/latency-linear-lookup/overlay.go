// Defect: the store is a slice of entries, and Lookup looks through all of them.

package urlshortener

import "sync"

// A Store maps codes to URLs. It is safe for concurrent use.
type Store struct {
	mu      sync.RWMutex
	entries []entry
}

// entry is one saved URL and its code.
//
//grader:new
type entry struct{ code, url string }

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{}
}

// Save stores url under the code of its index.
func (s *Store) Save(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := Encode(uint64(len(s.entries)))
	s.entries = append(s.entries, entry{code, url})
	return code
}

// Lookup returns the URL saved under code, and whether there is one.
func (s *Store) Lookup(code string) (url string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, e := range s.entries { // BUG: linear in the store's size
		if e.code == code {
			return e.url, true
		}
	}
	return "", false
}
