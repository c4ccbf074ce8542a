// Package shutdown serves HTTP until a context is done, then shuts down
// gracefully within a drain timeout, and by force after it.
package shutdown

import (
	"context"
	"net"
	"net/http"
	"time"
)

// Run serves srv on ln until ctx is done, then shuts srv down: it stops
// accepting connections, closes idle ones, and lets the requests in
// flight finish for up to drainTimeout; after that it closes the
// connections left. It returns once srv is shut down: nil when every
// request in flight finished within drainTimeout, an error wrapping
// context.DeadlineExceeded when some were cut short, or, when serving
// fails before ctx is done, the error of srv.Serve.
func Run(ctx context.Context, srv *http.Server, ln net.Listener, drainTimeout time.Duration) error {
	// TODO
	return nil
}
