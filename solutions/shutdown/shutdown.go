// Package shutdown is the reference solution of the shutdown exercise:
// serve HTTP until a context is done, then shut down gracefully within a
// drain timeout, and by force after it.
//
// Serve runs in a goroutine that reports on a channel buffered for its
// one result, and Run always receives it before returning, so that
// goroutine never outlives Run. http.Server.Shutdown does the graceful
// part (it closes the listener and the idle connections, then waits for
// the active ones to go idle), bounded by the drain timeout; when that
// passes, Close closes every connection left, which cancels the
// contexts of their requests.
package shutdown

import (
	"context"
	"errors"
	"fmt"
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
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("shutdown: serving failed: %w", err)
	case <-ctx.Done():
	}

	drainCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	err := srv.Shutdown(drainCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		_ = srv.Close() // cut short what is still in flight
		err = fmt.Errorf("shutdown: requests still in flight after %v were cut short: %w", drainTimeout, err)
	}
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
