package connpool_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"connpool"
)

type conn struct {
	id     int
	closed bool
}

func newPool(max int, opened *int) *connpool.Pool[*conn] {
	open := func(ctx context.Context) (*conn, error) {
		*opened++
		return &conn{id: *opened}, nil
	}
	return connpool.New(max, open, func(c *conn) { c.closed = true })
}

func TestReusesIdle(t *testing.T) {
	opened := 0
	p := newPool(2, &opened)
	a, err := p.Get(context.Background())
	if err != nil {
		t.Fatalf("Get = %v; want a conn", err)
	}
	p.Put(a)
	b, err := p.Get(context.Background())
	if err != nil || b != a {
		t.Fatalf("Get after Put = %v, %v; want the conn put back", b, err)
	}
	if opened != 1 {
		t.Fatalf("opened %d conns; want 1", opened)
	}
}

func TestGetTimesOutWhenExhausted(t *testing.T) {
	opened := 0
	p := newPool(1, &opened)
	a, err := p.Get(context.Background())
	if err != nil {
		t.Fatalf("Get = %v; want a conn", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Get(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get on an exhausted pool = %v; want context.DeadlineExceeded", err)
	}
	p.Discard(a)
	if !a.closed {
		t.Fatal("Discard did not close the conn")
	}
	if _, err := p.Get(context.Background()); err != nil {
		t.Fatalf("Get after Discard = %v; want a new conn", err)
	}
}

func TestClose(t *testing.T) {
	opened := 0
	p := newPool(2, &opened)
	a, _ := p.Get(context.Background())
	p.Put(a)
	p.Close()
	if !a.closed {
		t.Fatal("Close did not close the idle conn")
	}
	if _, err := p.Get(context.Background()); !errors.Is(err, connpool.ErrClosed) {
		t.Fatalf("Get after Close = %v; want ErrClosed", err)
	}
}
