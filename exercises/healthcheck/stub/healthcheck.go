// Package healthcheck is an HTTP health endpoint that runs named
// dependency checks concurrently, each with its own timeout.
package healthcheck

import (
	"context"
	"net/http"
	"time"
)

// A Check is one named dependency check.
type Check struct {
	// Name names the check in the report; it is unique and non-empty.
	Name string
	// Timeout is how long the check may take; it is positive.
	Timeout time.Duration
	// Run checks the dependency: a nil error means it is healthy. Its
	// context is done once Timeout has passed or the request is over.
	Run func(ctx context.Context) error
}

// NewHandler returns an http.Handler that, on every request, runs every
// check concurrently, each with its own timeout, and answers with a JSON
// report: 200 when every check passes, 503 otherwise. It panics if a
// check has an empty or repeated Name, a Timeout that is not positive or
// a nil Run.
func NewHandler(checks ...Check) http.Handler {
	// TODO
	return http.NotFoundHandler()
}
