package workerpool_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"workerpool"
)

// patience is how long (virtual time, inside a bubble) a correctness test
// waits for something that should happen promptly. Any sane implementation
// needs far less; a slow one still passes here and is judged by the latency
// suite.
const patience = 10 * time.Second

// collector receives every Result from a pool's Results channel, as a
// consumer must, and hands them to the test through a large buffer, so that
// the test can wait for them with a bounded wait.
type collector struct {
	results chan workerpool.Result // closed when Results is closed
}

func collect(p *workerpool.Pool) *collector {
	c := &collector{results: make(chan workerpool.Result, 10_000)}
	go func() {
		defer close(c.results)
		for r := range p.Results() {
			c.results <- r
		}
	}()
	return c
}

// next returns the next Result, or fails the test if none comes within
// patience.
func (c *collector) next(t *testing.T, what string) workerpool.Result {
	t.Helper()
	select {
	case r, ok := <-c.results:
		if !ok {
			t.Fatalf("%s: Results was closed, want another Result", what)
		}
		return r
	case <-time.After(patience):
		t.Fatalf("%s: no Result within %v", what, patience)
	}
	panic("unreachable")
}

// take returns the next n Results, keyed by ID.
func (c *collector) take(t *testing.T, n int, what string) map[int]workerpool.Result {
	t.Helper()
	got := make(map[int]workerpool.Result, n)
	for i := range n {
		r := c.next(t, fmt.Sprintf("%s (Result %d of %d)", what, i+1, n))
		if _, dup := got[r.ID]; dup {
			t.Fatalf("%s: two Results with ID %d; each accepted job must give exactly one Result", what, r.ID)
		}
		got[r.ID] = r
	}
	return got
}

// closed fails the test unless Results is closed within patience with no
// more Results.
func (c *collector) closed(t *testing.T, what string) {
	t.Helper()
	select {
	case r, ok := <-c.results:
		if ok {
			t.Fatalf("%s: got an extra Result %+v, want Results closed", what, r)
		}
	case <-time.After(patience):
		t.Fatalf("%s: Results was not closed within %v", what, patience)
	}
}

// pending reports how many Results are buffered in c right now.
func (c *collector) pending() int { return len(c.results) }

// call runs f in a new goroutine and returns a channel that receives its
// error.
func call(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// submitAsync calls p.Submit in a new goroutine.
func submitAsync(p *workerpool.Pool, ctx context.Context, job workerpool.Job) <-chan submitted {
	ch := make(chan submitted, 1)
	go func() {
		id, err := p.Submit(ctx, job)
		ch <- submitted{id, err}
	}()
	return ch
}

type submitted struct {
	id  int
	err error
}

// await returns the value ch receives, or fails the test if it receives
// nothing within patience.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("%s did not return within %v", what, patience)
	}
	panic("unreachable")
}

// ready reports whether ch has a value, without blocking.
func ready[T any](ch <-chan T) bool {
	return len(ch) > 0
}

// submit calls p.Submit with a background context and fails the test if it
// does not accept job within patience.
func submit(t *testing.T, p *workerpool.Pool, job workerpool.Job) int {
	t.Helper()
	s := await(t, submitAsync(p, context.Background(), job), "Submit")
	if s.err != nil {
		t.Fatalf("Submit on an open pool = %v, want nil", s.err)
	}
	return s.id
}

// gate holds jobs until it is opened.
type gate struct {
	ch      chan struct{}
	once    sync.Once
	started atomic.Int32
}

func newGate() *gate { return &gate{ch: make(chan struct{})} }

func (g *gate) open() { g.once.Do(func() { close(g.ch) }) }

// job returns a job that waits for the gate to open and then returns v.
func (g *gate) job(v any) workerpool.Job {
	return func(ctx context.Context) (any, error) {
		g.started.Add(1)
		<-g.ch
		return v, nil
	}
}

// panics reports whether f panics.
func panics(f func()) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	f()
	return false
}

// sleepUntil sleeps until d after start.
func sleepUntil(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
}

// drain receives from Results, as a consumer must, until Results is closed
// or stop is called. stop(wait) waits up to wait (real or, in a bubble,
// virtual time) for Results to be closed, then stops receiving and returns.
func drain(p *workerpool.Pool) (stop func(wait time.Duration)) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case _, ok := <-p.Results():
				if !ok {
					return
				}
			case <-quit:
				return
			}
		}
	}()
	return func(wait time.Duration) {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-done:
		case <-timer.C:
			close(quit)
			<-done
		}
	}
}

// closeWait is how long a race or leak test waits for Results to be closed
// once Shutdown has returned, before it stops receiving.
const closeWait = 3 * time.Second
