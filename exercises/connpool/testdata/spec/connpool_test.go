package connpool_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"connpool"
	"connpool/internal/gradertest"
)

// patience is how long (virtual time, inside a bubble) a test waits for
// something that should happen promptly. Any sane implementation needs far
// less; a slow one still passes here and is judged by the latency suite.
const patience = 10 * time.Second

// settle lets every goroutine of the bubble run as far as it can, with a
// second of virtual time for implementations that poll.
func settle() {
	time.Sleep(time.Second)
	synctest.Wait()
}

// start runs f in a new goroutine and returns a channel closed when f
// returns.
func start(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return done
}

// returned reports whether done is closed, without blocking.
func returned(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// await fails the test unless done is closed within patience.
func await(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatalf("%s did not return within %v", what, patience)
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

// conn is the resource the tests pool.
type conn struct {
	id     int
	closes atomic.Int64 // how many times the pool closed it
}

func (c *conn) String() string { return fmt.Sprintf("conn#%d", c.id) }

// factory opens and closes conns, and counts: how many were opened, how
// many are open now and at most, and which were closed more than once.
type factory struct {
	delay time.Duration // how long opening takes
	fail  func(n int) error

	mu      sync.Mutex
	calls   int // calls of open
	opened  int // conns returned by open
	open    int // opened and not yet closed
	peak    int
	doubles []string
}

func (f *factory) Open(ctx context.Context) (*conn, error) {
	f.mu.Lock()
	f.calls++
	n, delay := f.calls, f.delay
	f.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.fail != nil {
		if err := f.fail(n); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened++
	f.open++
	f.peak = max(f.peak, f.open)
	return &conn{id: f.opened}, nil
}

func (f *factory) Close(c *conn) {
	if c == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.closes.Add(1) > 1 {
		f.doubles = append(f.doubles, c.String())
		return
	}
	f.open--
}

// counts returns how many conns were opened, how many are open, and the
// most open at once.
func (f *factory) counts() (opened, open, peak int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opened, f.open, f.peak
}

func (f *factory) closedTwice() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.doubles
}

func newPool(f *factory, max int) *connpool.Pool[*conn] {
	return connpool.New(max, f.Open, f.Close)
}

// get calls Get with a context that gives up after patience, and fails the
// test unless it returns a conn that is still open.
func get(t *testing.T, p *connpool.Pool[*conn]) *conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	c, err := p.Get(ctx)
	if err != nil {
		t.Fatalf("Get = %v; want a conn", err)
	}
	if c == nil {
		t.Fatal("Get = nil, nil; want a conn")
	}
	if c.closes.Load() > 0 {
		t.Fatalf("Get = %v, which the pool had already closed; want an open conn", c)
	}
	return c
}

// call is a Get running in a goroutine of its own.
type call struct {
	done <-chan struct{} // closed when Get returns
	c    *conn
	err  error
}

// getAsync starts p.Get(ctx) in a new goroutine.
func getAsync(p *connpool.Pool[*conn], ctx context.Context) *call {
	cl := &call{}
	cl.done = start(func() { cl.c, cl.err = p.Get(ctx) })
	return cl
}

// TestCorrectness_NewPanics checks that New panics for a max that is not
// positive and for a nil open.
func TestCorrectness_NewPanics(t *testing.T) {
	f := &factory{}
	for _, max := range []int{0, -1} {
		if !panics(func() { connpool.New(max, f.Open, f.Close) }) {
			t.Errorf("New(%d, open, close) did not panic; want a panic for max <= 0", max)
		}
	}
	if !panics(func() { connpool.New[*conn](2, nil, f.Close) }) {
		t.Error("New(2, nil, close) did not panic; want a panic for a nil open")
	}
}

// TestCorrectness_ReusesIdleResource checks that Get reuses a resource put
// back, and opens a new one while the first is held.
func TestCorrectness_ReusesIdleResource(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 2)
		a := get(t, p)
		p.Put(a)
		if again := get(t, p); again != a {
			t.Fatalf("Get after Put(%v) into an otherwise empty pool = %v; want %v back (an idle resource is reused)", a, again, a)
		}
		b := get(t, p) // a is held: a second conn is opened
		if b == a {
			t.Fatalf("Get returned %v while it was held; want a second conn", a)
		}
		opened, open, _ := f.counts()
		if diff := cmp.Diff([2]int{2, 2}, [2]int{opened, open}); diff != "" {
			t.Errorf("[conns opened, conns open] after Get, Put, Get, Get on New(2, ...) (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_GetWaitsUntilPut checks that Get waits while every
// resource is held, and receives the one put back.
func TestCorrectness_GetWaitsUntilPut(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 2)
		a := get(t, p)
		_ = get(t, p)
		cl := getAsync(p, context.Background())
		settle()
		if returned(cl.done) {
			t.Fatalf("Get returned (%v, %v) while both conns of New(2, ...) were held; want it to wait", cl.c, cl.err)
		}
		p.Put(a)
		await(t, cl.done, "Get, after a conn was put back,")
		if cl.err != nil || cl.c != a {
			t.Fatalf("waiting Get, after Put(%v) = %v, %v; want %v, nil", a, cl.c, cl.err, a)
		}
		if opened, _, _ := f.counts(); opened != 2 {
			t.Errorf("conns opened = %d; want 2: the waiting Get must reuse the conn put back", opened)
		}
	})
}

// TestCorrectness_NeverMoreThanMaxOpen checks that no more than max
// resources are ever open, or held, at once, while many goroutines get, put
// back and discard them.
//
// Notes: 20 goroutines on a pool whose open takes 10ms, each holding a conn
// for 10ms, then putting it back or discarding it. Checking the count of
// open conns and then opening one without holding a slot lets every
// goroutine open at once.
func TestCorrectness_NeverMoreThanMaxOpen(t *testing.T) {
	for _, max := range []int{1, 3} {
		t.Run(fmt.Sprintf("max=%d", max), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				f := &factory{delay: 10 * time.Millisecond}
				p := newPool(f, max)
				var held, peakHeld atomic.Int64
				var problems sync.Map
				var wg sync.WaitGroup
				for i := range 20 {
					wg.Go(func() {
						for round := range 3 {
							ctx, cancel := context.WithTimeout(context.Background(), patience)
							c, err := p.Get(ctx)
							cancel()
							if err != nil || c == nil {
								problems.Store(fmt.Sprintf("Get = %v, %v", c, err), true)
								return
							}
							if c.closes.Load() > 0 {
								problems.Store(fmt.Sprintf("Get handed out %v, which the pool had closed", c), true)
							}
							n := held.Add(1)
							for {
								m := peakHeld.Load()
								if n <= m || peakHeld.CompareAndSwap(m, n) {
									break
								}
							}
							time.Sleep(10 * time.Millisecond)
							held.Add(-1)
							if (i+round)%3 == 0 {
								p.Discard(c)
							} else {
								p.Put(c)
							}
						}
					})
				}
				await(t, start(wg.Wait), "20 goroutines each getting a conn 3 times and holding it for 10ms")
				problems.Range(func(k, _ any) bool {
					t.Error(k)
					return true
				})
				_, _, peak := f.counts()
				if diff := cmp.Diff([2]int{max, max}, [2]int{peak, int(peakHeld.Load())}); diff != "" {
					t.Errorf("[most conns open at once, most held at once] by 20 goroutines on New(%d, ...) (-want +got):\n%s", max, diff)
				}
				if d := f.closedTwice(); len(d) > 0 {
					t.Errorf("conns closed more than once: %v", d)
				}
			})
		})
	}
}

// TestCorrectness_GetCancelledWhileWaiting checks that a waiting Get returns
// the context's error when its context is cancelled or its deadline passes,
// holding nothing.
func TestCorrectness_GetCancelledWhileWaiting(t *testing.T) {
	type testCase struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc) // called inside the bubble
		trigger func(cancel context.CancelFunc)
		want    error
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			f := &factory{}
			p := newPool(f, 1)
			a := get(t, p)
			ctx, cancel := tc.ctx()
			defer cancel()
			cl := getAsync(p, ctx)
			time.Sleep(time.Second) // still before any deadline
			synctest.Wait()
			if returned(cl.done) {
				t.Fatalf("Get returned (%v, %v) before its context was done, with the only conn held; want it to wait", cl.c, cl.err)
			}
			tc.trigger(cancel)
			await(t, cl.done, "Get, after its context was done,")
			if !errors.Is(cl.err, tc.want) || cl.c != nil {
				t.Fatalf("Get = %v, %v; want nil, %v", cl.c, cl.err, tc.want)
			}
			// The cancelled Get holds nothing: once a is back, it is
			// there for the next Get.
			p.Put(a)
			if c := get(t, p); c != a {
				t.Errorf("Get after a cancelled Get and Put(%v) = %v; want %v", a, c, a)
			}
			if opened, _, _ := f.counts(); opened != 1 {
				t.Errorf("conns opened = %d; want 1", opened)
			}
		})
	}
	tests := []testCase{
		{
			name:    "cancel",
			ctx:     func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			trigger: func(cancel context.CancelFunc) { cancel() },
			want:    context.Canceled,
		},
		{
			name: "deadline",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 5*time.Second)
			},
			trigger: func(context.CancelFunc) { time.Sleep(5 * time.Second) }, // now past the deadline
			want:    context.DeadlineExceeded,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_CancelRacingPutLosesNothing checks that no resource is
// lost when a waiting Get is cancelled just as the resource it waits for is
// put back.
//
// Notes: it cancels a waiting Get and puts back the conn it waits for back
// to back, in both orders, round after round, so that the Get wakes up to
// find both done. Either outcome is allowed, but the conn must survive: a
// Get that returned it holds it, and one that returned an error left it in
// the pool. A pool that hands a conn straight to a waiter, whose waiter
// gives up on ctx without checking whether it was just handed one, loses the
// conn (and its slot) in about half of the rounds.
func TestCorrectness_CancelRacingPutLosesNothing(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const rounds = 32
		f := &factory{}
		p := newPool(f, 1)
		a := get(t, p) // from here on the test holds the only conn between rounds
		for round := range rounds {
			ctx, cancel := context.WithCancel(context.Background())
			cl := getAsync(p, ctx)
			settle()
			if returned(cl.done) {
				cancel()
				t.Fatalf("round %d: Get returned (%v, %v) while the only conn was held; want it to wait", round, cl.c, cl.err)
			}
			order := "cancel, then Put"
			if round%2 == 0 {
				cancel()
				p.Put(a)
			} else {
				order = "Put, then cancel"
				p.Put(a)
				cancel()
			}
			await(t, cl.done, fmt.Sprintf("round %d: Get, after %s,", round, order))
			switch {
			case cl.err == nil && cl.c == a:
			case cl.err != nil && cl.c == nil:
				ctx, cancel := context.WithTimeout(context.Background(), patience)
				c, err := p.Get(ctx)
				cancel()
				if err != nil || c != a {
					t.Fatalf("round %d: a Get waited for the only conn, then %s: it returned %v, and then Get = %v, %v; want %v, nil: the conn Put handed over was lost", round, order, cl.err, c, err, a)
				}
			default:
				t.Fatalf("round %d: Get = %v, %v after %s; want %v, nil or nil and an error", round, cl.c, cl.err, order, a)
			}
			// Whichever call got it, the test holds a again.
		}
		if opened, _, _ := f.counts(); opened != 1 {
			t.Errorf("conns opened by New(1, ...) after %d rounds of cancel racing Put = %d; want 1", rounds, opened)
		}
	})
}

// TestCorrectness_GetWithDoneContext checks Get with a context that is
// already done, while a resource is idle.
func TestCorrectness_GetWithDoneContext(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 2)
		a := get(t, p)
		p.Put(a) // one idle conn, and a free slot
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		// Repeated, so that a pool that picks at random between an idle
		// conn and a done context is caught.
		for i := range 32 {
			if c, err := p.Get(ctx); !errors.Is(err, context.Canceled) || c != nil {
				t.Fatalf("call %d: Get(cancelled ctx) with a conn idle = %v, %v; want nil, context.Canceled", i+1, c, err)
			}
		}
		if c := get(t, p); c != a {
			t.Errorf("Get after 32 Gets with a cancelled context = %v; want the idle %v", c, a)
		}
		if opened, _, _ := f.counts(); opened != 1 {
			t.Errorf("conns opened = %d; want 1: a Get with a done context opens nothing", opened)
		}
	})
}

// TestCorrectness_OpenErrorFreesSlot checks that Get returns open's error,
// and that a failed or cancelled open leaves its slot free for another Get.
func TestCorrectness_OpenErrorFreesSlot(t *testing.T) {
	errDial := errors.New("dial: connection refused")
	t.Run("error", func(t *testing.T) {
		gradertest.Bubble(t, func(t *testing.T) {
			f := &factory{fail: func(n int) error {
				if n <= 2 {
					return errDial
				}
				return nil
			}}
			p := newPool(f, 1)
			for i := range 2 {
				if c, err := p.Get(context.Background()); !errors.Is(err, errDial) || c != nil {
					t.Fatalf("Get %d with open failing = %v, %v; want nil, %v", i+1, c, err, errDial)
				}
			}
			get(t, p) // the failed opens gave their slot back
		})
	})
	t.Run("cancelled_while_opening", func(t *testing.T) {
		gradertest.Bubble(t, func(t *testing.T) {
			f := &factory{delay: time.Hour}
			p := newPool(f, 1)
			ctx, cancel := context.WithCancel(context.Background())
			cl := getAsync(p, ctx)
			settle()
			cancel() // open returns ctx.Err()
			await(t, cl.done, "Get, after its context was done while opening,")
			if !errors.Is(cl.err, context.Canceled) || cl.c != nil {
				t.Fatalf("Get cancelled while open ran = %v, %v; want nil, context.Canceled", cl.c, cl.err)
			}
			f.mu.Lock()
			f.delay = 0
			f.mu.Unlock()
			get(t, p)
		})
	})
	t.Run("waiter_takes_failed_slot", func(t *testing.T) {
		gradertest.Bubble(t, func(t *testing.T) {
			f := &factory{delay: time.Second, fail: func(n int) error {
				if n == 1 {
					return errDial
				}
				return nil
			}}
			p := newPool(f, 1)
			first := getAsync(p, context.Background())
			time.Sleep(time.Second / 2) // the first Get is opening
			second := getAsync(p, context.Background())
			await(t, first.done, "Get, with open failing,")
			if !errors.Is(first.err, errDial) {
				t.Fatalf("first Get = %v, %v; want nil, %v", first.c, first.err, errDial)
			}
			await(t, second.done, "a Get waiting on a slot whose open failed")
			if second.err != nil || second.c == nil {
				t.Fatalf("a Get waiting on a slot whose open failed = %v, %v; want a conn", second.c, second.err)
			}
		})
	})
}

// TestCorrectness_DiscardClosesAndFreesSlot checks that Discard closes the
// resource and lets a waiting Get open a new one.
func TestCorrectness_DiscardClosesAndFreesSlot(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 1)
		a := get(t, p)
		cl := getAsync(p, context.Background())
		settle()
		if returned(cl.done) {
			t.Fatalf("Get returned (%v, %v) while the only conn was held; want it to wait", cl.c, cl.err)
		}
		p.Discard(a)
		await(t, cl.done, "Get, after the held conn was discarded,")
		if cl.err != nil || cl.c == nil || cl.c == a {
			t.Fatalf("Get waiting when %v was discarded = %v, %v; want a new conn", a, cl.c, cl.err)
		}
		if diff := cmp.Diff(int64(1), a.closes.Load()); diff != "" {
			t.Errorf("times the discarded %v was closed (-want +got):\n%s", a, diff)
		}
		p.Put(cl.c)
		if c := get(t, p); c != cl.c {
			t.Errorf("Get = %v; want the idle %v, never the discarded %v", c, cl.c, a)
		}
	})
}

// TestCorrectness_CloseClosesIdleAndRefusesGet checks that Close closes the
// idle resources, that Get then returns ErrClosed, and that a resource held
// across Close is closed when put back, each exactly once.
func TestCorrectness_CloseClosesIdleAndRefusesGet(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 3)
		a, b, c := get(t, p), get(t, p), get(t, p)
		p.Put(a)
		p.Put(b)
		p.Close()
		closes := func() []int64 { return []int64{a.closes.Load(), b.closes.Load(), c.closes.Load()} }
		if diff := cmp.Diff([]int64{1, 1, 0}, closes()); diff != "" {
			t.Errorf("times each of [idle, idle, held] was closed by Close (-want +got):\n%s", diff)
		}
		for i := range 3 {
			if got, err := p.Get(context.Background()); !errors.Is(err, connpool.ErrClosed) {
				t.Fatalf("Get %d after Close = %v, %v; want nil, ErrClosed", i+1, got, err)
			}
		}
		p.Put(c) // held across Close: closed when it comes back
		p.Close()
		if diff := cmp.Diff([]int64{1, 1, 1}, closes()); diff != "" {
			t.Errorf("times each of [idle, idle, held] was closed after Close, Put(held), Close (-want +got):\n%s", diff)
		}
		if _, open, _ := f.counts(); open != 0 {
			t.Errorf("conns still open after Close and every conn put back = %d; want 0", open)
		}
	})
}

// TestCorrectness_CloseWakesWaitingGets checks that Close makes every
// waiting Get return ErrClosed.
func TestCorrectness_CloseWakesWaitingGets(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		f := &factory{}
		p := newPool(f, 1)
		a := get(t, p)
		var calls []*call
		for range 3 {
			calls = append(calls, getAsync(p, context.Background()))
		}
		settle()
		p.Close()
		for i, cl := range calls {
			await(t, cl.done, "a waiting Get, after Close,")
			if !errors.Is(cl.err, connpool.ErrClosed) || cl.c != nil {
				t.Errorf("waiting Get %d, after Close = %v, %v; want nil, ErrClosed", i+1, cl.c, cl.err)
			}
		}
		p.Put(a)
		if diff := cmp.Diff(int64(1), a.closes.Load()); diff != "" {
			t.Errorf("times %v, put back after Close, was closed (-want +got):\n%s", a, diff)
		}
	})
}

// ---- race ----

// TestRace_GetPutDiscard calls Get, Put and Discard from many goroutines at
// once.
func TestRace_GetPutDiscard(t *testing.T) {
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	const workers, ops = 8, 300
	f := &factory{}
	p := newPool(f, 3)
	seeds := make([]int64, workers)
	for i := range seeds {
		seeds[i] = rng.Int63()
	}
	// Every Get has a deadline, and all of them one more, so that a pool
	// that loses conns (a correctness bug) cannot hang this test, nor
	// make it slow: once the test-wide deadline passes, every Get fails
	// at once. This test only looks for data races; a correct pool
	// finishes in a fraction of the 2s.
	stress, stop := context.WithTimeout(context.Background(), 2*time.Second)
	defer stop()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewSource(seeds[w]))
			for range ops {
				d := 100 * time.Millisecond
				if rng.Intn(3) == 0 {
					d = time.Duration(rng.Intn(50)) * time.Microsecond
				}
				ctx, cancel := context.WithTimeout(stress, d)
				c, err := p.Get(ctx)
				cancel()
				if err != nil || c == nil {
					continue
				}
				runtime.Gosched()
				if rng.Intn(4) == 0 {
					p.Discard(c)
				} else {
					p.Put(c)
				}
			}
		})
	}
	wg.Wait()
}

// TestRace_CloseWhileInUse closes the pool while goroutines get and put
// resources.
func TestRace_CloseWhileInUse(t *testing.T) {
	f := &factory{}
	p := newPool(f, 2)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				c, err := p.Get(ctx)
				cancel()
				if errors.Is(err, connpool.ErrClosed) {
					return
				}
				if err != nil || c == nil {
					if i > 100000 {
						return // a pool that never reports ErrClosed: the correctness suite judges that
					}
					continue
				}
				runtime.Gosched()
				if (i+w)%5 == 0 {
					p.Discard(c)
				} else {
					p.Put(c)
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	p.Close()
	select {
	case <-start(wg.Wait):
	case <-time.After(5 * time.Second):
		t.Log("Get did not report ErrClosed within 5s of Close; the correctness suite judges that")
	}
}

// ---- leak ----

// TestLeak_GetsWokenByPutAndClose checks that Gets woken by Put and by Close
// leave no goroutine behind.
func TestLeak_GetsWokenByPutAndClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &factory{}
	p := newPool(f, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, err := p.Get(ctx)
	if err != nil {
		t.Fatalf("Get on a fresh pool = %v; want a conn", err)
	}
	// Gets with a context that is never done, woken first by Put, then
	// by Close.
	results := make(chan error, 4)
	wait := func(n int, after string) {
		t.Helper()
		for range n {
			select {
			case <-results:
			case <-time.After(5 * time.Second):
				t.Fatalf("waiting Gets did not return within 5s of %s; cannot check for leaks", after)
			}
		}
	}
	spawn := func(n int) {
		for range n {
			go func() {
				c, err := p.Get(context.Background())
				if err == nil {
					p.Put(c)
				}
				results <- err
			}()
		}
		// Let them reach their wait. The time only decides whether a
		// leaking pool is caught (a Get that finds the pool closed waits
		// for nothing); a pool that leaks nothing passes however long
		// the goroutines take to start.
		time.Sleep(50 * time.Millisecond)
	}
	spawn(2)
	p.Put(a)
	wait(2, "Put")
	if a, err = p.Get(ctx); err != nil {
		t.Fatalf("Get = %v; want the idle conn", err)
	}
	spawn(2)
	p.Close()
	wait(2, "Close")
	p.Put(a)
}

// TestLeak_CancelledGet checks that Gets whose context is done while they
// wait leave no goroutine behind.
func TestLeak_CancelledGet(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &factory{}
	p := newPool(f, 1)
	a, err := p.Get(context.Background())
	if err != nil {
		t.Fatalf("Get on a fresh pool = %v; want a conn", err)
	}
	deadline, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	cancelled, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel2)
	done := start(func() {
		for _, ctx := range []context.Context{deadline, cancelled, cancelled} {
			if _, err := p.Get(ctx); err == nil {
				t.Errorf("Get = nil error while the only conn is held; want an error once ctx is done")
			}
		}
	})
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Get did not return within 5s of its context being done; cannot check for leaks")
	}
	p.Put(a)
}

// ---- latency ----

// BenchmarkLatency_GetPut measures an uncontended Get and Put of an idle
// resource.
func BenchmarkLatency_GetPut(b *testing.B) {
	f := &factory{}
	p := newPool(f, 4)
	ctx := context.Background()
	for b.Loop() {
		c, err := p.Get(ctx)
		if err != nil {
			b.Fatal(err)
		}
		p.Put(c)
	}
}

// BenchmarkLatency_Handoff measures handing a resource to goroutines waiting
// for it.
//
// Notes: rounds in which 4 goroutines, each waiting on a pool of one conn,
// take it in turn.
func BenchmarkLatency_Handoff(b *testing.B) {
	const workers = 4
	f := &factory{}
	p := newPool(f, 1)
	// A context done when the benchmark ends, in case the pool waits on
	// it in goroutines of its own.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gos := make([]chan struct{}, workers)
	ready := make(chan struct{})
	done := make(chan struct{})
	for i := range gos {
		gos[i] = make(chan struct{})
		go func() {
			for range gos[i] {
				ready <- struct{}{}
				c, err := p.Get(ctx)
				if err == nil {
					runtime.Gosched() // let the others find the conn taken
					p.Put(c)
				}
				done <- struct{}{}
			}
		}()
	}
	defer func() {
		for _, g := range gos {
			close(g)
		}
	}()
	for b.Loop() {
		c, err := p.Get(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, g := range gos {
			g <- struct{}{}
		}
		for range workers {
			<-ready
		}
		p.Put(c)
		for range workers {
			<-done
		}
	}
}
