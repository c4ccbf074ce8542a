// Defect: Wait reads the held count without holding the lock (a data race).

package semaphore

// Wait blocks until no permit is held, and returns at once if none is. It
// may be called at any time, by several goroutines, while others acquire and
// release; the semaphore stays usable afterwards.
func (s *Semaphore) Wait() {
	if s.held == 0 { // read without the lock
		return
	}
	s.mu.Lock()
	if s.held == 0 {
		s.mu.Unlock()
		return
	}
	if s.idle == nil {
		s.idle = make(chan struct{})
	}
	idle := s.idle
	s.mu.Unlock()
	<-idle
}
