// Defect: Lookup reads the map without the lock, while Save writes it.

package urlshortener

// Lookup returns the URL saved under code, and whether there is one.
func (s *Store) Lookup(code string) (url string, ok bool) {
	url, ok = s.urls[code] // BUG: no s.mu.RLock
	return url, ok
}
