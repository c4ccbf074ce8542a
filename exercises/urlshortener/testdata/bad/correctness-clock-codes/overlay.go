// Defect: Save makes a code from the current time, so two URLs saved at the same instant get the same code.

package urlshortener

import "time"

// Save stores url under a code made from the time.
func (s *Store) Save(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := Encode(uint64(time.Now().UnixNano())) // BUG: not unique
	s.urls[code] = url
	return code
}
