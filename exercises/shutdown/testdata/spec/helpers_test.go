package shutdown_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"shutdown"
)

// memListener is an in-memory net.Listener: each connection is a
// net.Pipe, dialled by the clients newClient makes. Everything it does is
// channel operations, so inside a synctest bubble a server blocked on it
// is durably blocked, and the bubble's clock moves.
type memListener struct {
	conns     chan net.Conn
	closed    chan struct{}
	accepting chan struct{} // closed at the first Accept
	closeOnce sync.Once
	acceptOne sync.Once
}

func newMemListener() *memListener {
	return &memListener{conns: make(chan net.Conn), closed: make(chan struct{}), accepting: make(chan struct{})}
}

func (l *memListener) Accept() (net.Conn, error) {
	l.acceptOne.Do(func() { close(l.accepting) })
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

func (l *memListener) Addr() net.Addr { return memAddr{} }

// dial connects to l, or fails once l is closed.
func (l *memListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, errors.New("connection refused: the listener is closed")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem" }

// errBroken is the error of brokenListener's Accept.
var errBroken = errors.New("the listener broke")

// brokenListener fails every Accept with errBroken.
type brokenListener struct{}

func (brokenListener) Accept() (net.Conn, error) { return nil, errBroken }
func (brokenListener) Close() error              { return nil }
func (brokenListener) Addr() net.Addr            { return memAddr{} }

// newClient returns a client of l, with or without keep-alive
// connections. Every request gives up after a minute.
func newClient(l *memListener, keepAlive bool) *http.Client {
	return &http.Client{
		Transport: &http.Transport{DialContext: l.dial, DisableKeepAlives: !keepAlive},
		Timeout:   time.Minute,
	}
}

// response is what a request got: a status and body, or an error.
type response struct {
	Status int
	Body   string
	Err    bool
}

// get sends GET path with client and returns what it got.
func get(client *http.Client, path string) response {
	resp, err := client.Get("http://mem" + path)
	if err != nil {
		return response{Err: true}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{Status: resp.StatusCode, Err: true}
	}
	return response{Status: resp.StatusCode, Body: string(b)}
}

// call is a request or a Run in the background.
type call[T any] struct {
	done   chan struct{}
	result T
	after  time.Duration // since the test's start, when it returned
}

// returned reports whether the call has returned. Call it after
// synctest.Wait, so that the answer does not depend on scheduling.
func (c *call[T]) returned() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// goGet starts get(client, path) in a new goroutine.
func goGet(client *http.Client, path string, start time.Time) *call[response] {
	c := &call[response]{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		c.result = get(client, path)
		c.after = time.Since(start)
	}()
	return c
}

// goRun starts shutdown.Run in a new goroutine.
func goRun(ctx context.Context, srv *http.Server, ln net.Listener, drain time.Duration, start time.Time) *call[error] {
	c := &call[error]{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		c.result = shutdown.Run(ctx, srv, ln, drain)
		c.after = time.Since(start)
	}()
	return c
}

// handler serves /fast at once with "ok", /slow/{d} after d with "done"
// (or nothing, if the request's context is done first), and /hang when
// its request's context is done, with nothing; each /hang calls
// hangDone, if not nil, with that context's error once it is done.
func handler(hangDone func(error)) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/fast", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("/slow/{d}", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.PathValue("d"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			io.WriteString(w, "done")
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		if hangDone != nil {
			hangDone(r.Context().Err())
		}
	})
	return mux
}
