// Defect: Results is never closed, so a consumer ranging over it never stops.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

func (p *Pool) work() {
	for t := range p.jobs {
		v, err := t.job(p.ctx)
		if err != nil {
			p.mu.Lock()
			p.errs = append(p.errs, err)
			p.mu.Unlock()
		}
		p.results <- Result{ID: t.id, Value: v, Err: err}
	}
	if p.running.Add(-1) == 0 {
		p.cancel()
		close(p.done)
	}
}
