// Good: the drain timeout is a timer that calls Close, and Shutdown waits with no deadline of its own.

// Package shutdown runs an http.Server until a context is done. Unlike
// the reference, it arms a timer for the drain timeout that closes the
// server, so Shutdown (given no deadline) returns once Close has emptied
// the connections, and it learns whether it forced from the timer.
package shutdown

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Run serves srv on ln until ctx is done, then shuts it down within
// drainTimeout, and by force after it.
func Run(ctx context.Context, srv *http.Server, ln net.Listener, drainTimeout time.Duration) error {
	result := make(chan error, 1)
	go func() { result <- srv.Serve(ln) }()

	stop := make(chan struct{})
	cleanup := context.AfterFunc(ctx, func() { close(stop) })
	defer cleanup()
	select {
	case err := <-result:
		return errors.Join(errors.New("serve failed"), err)
	case <-stop:
	}

	var forced atomic.Bool
	timer := time.AfterFunc(drainTimeout, func() {
		forced.Store(true)
		srv.Close()
	})
	srv.Shutdown(context.Background())
	timer.Stop()
	<-result
	if forced.Load() {
		return errors.Join(errors.New("drain timeout passed; connections closed"), context.DeadlineExceeded)
	}
	return nil
}
