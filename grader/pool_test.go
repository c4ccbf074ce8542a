package grader

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// granted reports whether w holds a slot, without waiting.
func granted(w *waiter) bool {
	select {
	case <-w.ready:
		return true
	default:
		return false
	}
}

func TestPoolTurns(t *testing.T) {
	type testCase struct {
		name string
		size int
		// asks are the acquires, in the order they are made: each is the
		// grading's letter and a number.
		asks []string
		// want is who holds a slot at once, then who gets one at each
		// release, in order.
		wantNow, wantOrder []string
		reason             string
	}
	run := func(t *testing.T, tc testCase) {
		p := newPool(tc.size)
		queues := map[byte]*queue{}
		waiters := map[string]*waiter{}
		var order []string
		for _, a := range tc.asks {
			q := queues[a[0]]
			if q == nil {
				q = p.queue()
				queues[a[0]] = q
			}
			waiters[a] = q.enqueue()
		}
		seen := map[string]bool{}
		newly := func() []string {
			var got []string
			for _, a := range tc.asks {
				if !seen[a] && granted(waiters[a]) {
					seen[a] = true
					got = append(got, a)
				}
			}
			return got
		}
		if diff := cmp.Diff(tc.wantNow, newly()); diff != "" {
			t.Errorf("granted at once (-want +got):\n%s", diff)
		}
		for range len(tc.asks) - len(tc.wantNow) {
			// Any queue's release frees a slot for the whole pool.
			queues[tc.asks[0][0]].release()
			order = append(order, newly()...)
		}
		if diff := cmp.Diff(tc.wantOrder, order); diff != "" {
			t.Errorf("the order slots were granted at each release (-want +got):\n%s\nreason: %s", diff, tc.reason)
		}
	}
	for _, tc := range []testCase{
		{
			name:      "one grading: first come, first served",
			size:      2,
			asks:      []string{"a1", "a2", "a3", "a4", "a5"},
			wantNow:   []string{"a1", "a2"},
			wantOrder: []string{"a3", "a4", "a5"},
		},
		{
			name:      "a grading that queued later is served next",
			size:      2,
			asks:      []string{"a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2"},
			wantNow:   []string{"a1", "a2"},
			wantOrder: []string{"a3", "b1", "a4", "b2", "a5", "a6"},
			reason:    "b's tests take turns with a's, not after a's four queued tests",
		},
		{
			name:      "three gradings take turns, each in its own order",
			size:      1,
			asks:      []string{"a1", "a2", "a3", "a4", "b1", "b2", "c1"},
			wantNow:   []string{"a1"},
			wantOrder: []string{"a2", "b1", "c1", "a3", "b2", "a4"},
		},
		{
			name:      "a free slot is taken at once by whoever asks",
			size:      3,
			asks:      []string{"a1", "b1", "a2", "c1"},
			wantNow:   []string{"a1", "b1", "a2"},
			wantOrder: []string{"c1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestPoolCancel checks that a cancelled acquire returns at once, holds
// nothing, and leaves its turn to the waiters behind it.
func TestPoolCancel(t *testing.T) {
	p := newPool(1)
	a, b, c := p.queue(), p.queue(), p.queue()
	if err := a.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- b.acquire(ctx) }()
	for { // until b waits; the pool has one waiter then
		p.mu.Lock()
		n := len(p.waiting)
		p.mu.Unlock()
		if n == 1 {
			break
		}
		runtime.Gosched()
	}
	wc := c.enqueue()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled acquire returned %v; want context.Canceled", err)
	}
	a.release()
	if !granted(wc) {
		t.Fatal("the slot went to the cancelled waiter, not to the one behind it")
	}
	c.release()
	if err := b.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire with a done context returned %v; want context.Canceled", err)
	}
	if w := a.enqueue(); !granted(w) {
		t.Error("the pool lost a slot to a cancelled acquire")
	}
	a.release()
	if p.free != 1 {
		t.Errorf("%d free slots after every release; want 1", p.free)
	}
}

// TestPoolBound runs many acquires from several gradings at once and
// checks that no more than the pool's size ever hold a slot.
func TestPoolBound(t *testing.T) {
	const size, gradings, each = 3, 4, 25
	p := newPool(size)
	var held, most, total atomic.Int64
	var wg sync.WaitGroup
	for g := range gradings {
		q := p.queue()
		for range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := q.acquire(context.Background()); err != nil {
					t.Errorf("grading %d: %v", g, err)
					return
				}
				n := held.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				total.Add(1)
				held.Add(-1)
				q.release()
			}()
		}
	}
	wg.Wait()
	if most.Load() > size {
		t.Errorf("%d slots held at once; want at most %d", most.Load(), size)
	}
	if got, want := total.Load(), int64(gradings*each); got != want {
		t.Errorf("%d acquires served; want %d", got, want)
	}
	if p.free != size {
		t.Errorf("%d free slots after every release; want %d", p.free, size)
	}
}
