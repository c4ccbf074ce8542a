// Defect: Run waits for the requests in flight with no deadline, so a request that never finishes keeps it from returning.

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

	select {
	case err := <-served:
		return fmt.Errorf("shutdown: serving failed: %w", err)
	case <-ctx.Done():
	}

	err := srv.Shutdown(context.Background()) // BUG: drainTimeout is ignored
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
