// Defect: Serve's goroutine reports on an unbuffered channel that Run no longer reads after shutting down, so it blocks forever.

package shutdown

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

func Run(ctx context.Context, srv *http.Server, ln net.Listener, drainTimeout time.Duration) error {
	served := make(chan error) // BUG: unbuffered, and not read after shutdown
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
		_ = srv.Close()
		err = fmt.Errorf("shutdown: requests still in flight after %v were cut short: %w", drainTimeout, err)
	}
	return err
}
