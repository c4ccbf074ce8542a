// Defect: Run checks whether its context is done by waking every 100ms, rather than waiting on ctx.Done().

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
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	for ctx.Err() == nil { // BUG: polls
		select {
		case err := <-served:
			return fmt.Errorf("shutdown: serving failed: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}

	drainCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	err := srv.Shutdown(drainCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		_ = srv.Close()
		err = fmt.Errorf("shutdown: requests still in flight after %v were cut short: %w", drainTimeout, err)
	}
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
