// Defect: NewStore starts a goroutine that hands out numbers on a channel, and nothing ever stops it.

package urlshortener

import "sync"

// A Store maps codes to URLs. It is safe for concurrent use.
type Store struct {
	mu   sync.RWMutex
	ids  chan uint64
	urls map[string]string
}

// NewStore returns an empty store, and starts its number generator.
func NewStore() *Store {
	s := &Store{ids: make(chan uint64), urls: make(map[string]string)}
	go func() { // BUG: runs forever
		for n := uint64(0); ; n++ {
			s.ids <- n
		}
	}()
	return s
}

// Save stores url under the next number's code.
func (s *Store) Save(url string) string {
	code := Encode(<-s.ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.urls[code] = url
	return code
}
