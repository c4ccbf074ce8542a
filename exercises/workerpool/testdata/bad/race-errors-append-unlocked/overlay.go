// Defect: Workers append a job's error to the shared slice without holding the lock.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

func (p *Pool) work() {
	for t := range p.jobs {
		v, err := t.job(p.ctx)
		if err != nil {
			p.errs = append(p.errs, err)
		}
		p.results <- Result{ID: t.id, Value: v, Err: err}
	}
	if p.running.Add(-1) == 0 {
		close(p.results)
		p.cancel()
		close(p.done)
	}
}
