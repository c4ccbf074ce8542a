// Defect: Err reads the slice of errors without holding the lock while workers append to it.

// Package workerpool is a known-bad submission for the workerpool exercise:
// the reference solution with the defect above.
package workerpool

import "errors"

// Err returns the errors of the jobs that failed so far, joined with
// errors.Join, or nil if none did.
func (p *Pool) Err() error {
	return errors.Join(p.errs...)
}
