package slidingwindow_test

import (
	"context"
	"errors"
	"math/rand"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"slidingwindow"
	"slidingwindow/internal/gradertest"
)

// base is where the tests' clocks start: a time on a whole minute, so that
// a limiter that counts in fixed windows aligned on the clock starts one
// at base.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is a fake clock the tests set; safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(base.UnixNano())
	return c
}

func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Set(d time.Duration)     { c.ns.Store(base.Add(d).UnixNano()) }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }
func at(d time.Duration) string          { return "base+" + d.String() }

// store is the tests' Store: what MemoryStore does, plus what the tests
// need to see and to provoke. It records the most timestamps one key ever
// held; each call can take rtt of real time, as a round trip to a shared
// database does, or yield the processor; loadErr and swapErr make the
// calls fail; with conflictFirst, the first swap of each key loses, as if
// another server had written the key just before; and with a rival,
// another server allows a request of its own on the key just before every
// other swap.
type store struct {
	rtt           time.Duration
	yield         bool
	loadErr       error
	swapErr       error
	conflictFirst bool
	rival         *rival

	mu         sync.Mutex
	last       uint64
	keys       map[string]*stored
	most       int    // most timestamps one key ever held
	mostKey    string // the key that held them
	conflicted map[string]bool
	swaps      int // calls of CompareAndSwap
}

// rival is another server's limiter, a correct one, which the store runs
// inside CompareAndSwap.
type rival struct {
	now     func() time.Time
	limit   int
	window  time.Duration
	allowed int
}

// interfere lets the rival allow a request on e, if the window has room,
// as a write of its own. It reports whether it wrote.
func (r *rival) interfere(s *store, e *stored) bool {
	now := r.now()
	var kept []time.Time
	for _, t := range e.times {
		if t.After(now.Add(-r.window)) {
			kept = append(kept, t)
		}
	}
	if len(kept) >= r.limit {
		return false
	}
	r.allowed++
	s.last++
	e.times, e.version = append(kept, now), s.last
	return true
}

type stored struct {
	times   []time.Time
	version uint64
}

func newStore() *store {
	return &store{keys: make(map[string]*stored), conflicted: make(map[string]bool)}
}

func (s *store) roundTrip(ctx context.Context) error {
	if s.rtt > 0 {
		time.Sleep(s.rtt)
	}
	if s.yield {
		runtime.Gosched()
	}
	return ctx.Err()
}

func (s *store) Load(ctx context.Context, key string) ([]time.Time, uint64, error) {
	if err := s.roundTrip(ctx); err != nil {
		return nil, 0, err
	}
	if s.loadErr != nil {
		return nil, 0, s.loadErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.keys[key]
	if !ok {
		return nil, 0, nil
	}
	return slices.Clone(e.times), e.version, nil
}

func (s *store) CompareAndSwap(ctx context.Context, key string, version uint64, times []time.Time) (bool, error) {
	if err := s.roundTrip(ctx); err != nil {
		return false, err
	}
	if s.swapErr != nil {
		return false, s.swapErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.keys[key]
	if !ok {
		e = &stored{}
	}
	s.swaps++
	if s.rival != nil && s.swaps%2 == 1 && s.rival.interfere(s, e) {
		s.keys[key] = e
		if len(e.times) > s.most {
			s.most, s.mostKey = len(e.times), key
		}
	}
	if e.version != version {
		return false, nil
	}
	if s.conflictFirst && !s.conflicted[key] {
		s.conflicted[key] = true
		s.last++
		e.version = s.last // another server wrote the same timestamps
		s.keys[key] = e
		return false, nil
	}
	if len(times) == 0 {
		delete(s.keys, key)
		return true, nil
	}
	s.last++
	s.keys[key] = &stored{times: slices.Clone(times), version: s.last}
	if len(times) > s.most {
		s.most, s.mostKey = len(times), key
	}
	return true, nil
}

// deployment is n limiters on one store and one clock, as n servers of a
// service.
func deployment(s slidingwindow.Store, c *clock, n, limit int, window time.Duration) []*slidingwindow.Limiter {
	ls := make([]*slidingwindow.Limiter, n)
	for i := range ls {
		ls[i] = slidingwindow.New(s, limit, window, c.Now)
	}
	return ls
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

// TestCorrectness_NewPanics checks that New panics for a nil store, and for
// a limit or a window that is not positive.
func TestCorrectness_NewPanics(t *testing.T) {
	c := newClock()
	tests := []struct {
		name   string
		store  slidingwindow.Store
		limit  int
		window time.Duration
	}{
		{"nil store", nil, 1, time.Second},
		{"zero limit", newStore(), 0, time.Second},
		{"negative limit", newStore(), -1, time.Second},
		{"zero window", newStore(), 1, 0},
		{"negative window", newStore(), 1, -time.Second},
	}
	for _, tc := range tests {
		if !panics(func() { slidingwindow.New(tc.store, tc.limit, tc.window, c.Now) }) {
			t.Errorf("New with a %s did not panic; want a panic", tc.name)
		}
	}
}

// decision is one request of a schedule and what became of it.
type decision struct {
	At      string
	Key     string
	Server  int
	Allowed bool
}

// TestCorrectness_MatchesSlidingWindow checks every decision of several
// limiters sharing a store, on a schedule of requests for two keys, against
// a sliding window's.
//
// Notes: a random schedule, one request at a time, each on one of three
// limiters; a request at t is allowed when fewer than limit requests for its
// key were allowed in (t-window, t]. The requests fall on a grid of 700ms,
// so no two are exactly a window apart.
func TestCorrectness_MatchesSlidingWindow(t *testing.T) {
	const limit, window, step = 4, 10 * time.Second, 700 * time.Millisecond
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	c := newClock()
	ls := deployment(newStore(), c, 3, limit, window)
	allowed := map[string][]time.Duration{} // the model: allowed requests per key
	var want, got []decision
	for i := range 90 {
		now := time.Duration(i) * step
		c.Set(now)
		for range rng.Intn(4) {
			key := []string{"alice", "bob"}[rng.Intn(2)]
			server := rng.Intn(len(ls))
			n := 0
			for _, a := range allowed[key] {
				if a > now-window {
					n++
				}
			}
			ok := n < limit
			if ok {
				allowed[key] = append(allowed[key], now)
			}
			want = append(want, decision{at(now), key, server, ok})
			res, err := ls[server].Allow(context.Background(), key)
			if err != nil {
				t.Fatalf("Allow(%q) at %s = %v; want no error", key, at(now), err)
			}
			got = append(got, decision{at(now), key, server, res})
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decisions of 3 limiters sharing a store, limit %d per %v per key, on a schedule of requests (-want +got):\n%s", limit, window, diff)
	}
}

// TestCorrectness_BurstAcrossWindowBoundary checks that bursts of requests
// on either side of a whole minute share one sliding window.
//
// Notes: a full burst just before a whole minute and another just after,
// through one limiter: a fixed window that restarts on the minute lets both
// through, twice the limit within two seconds.
func TestCorrectness_BurstAcrossWindowBoundary(t *testing.T) {
	const limit, window = 5, time.Minute
	c := newClock()
	l := slidingwindow.New(newStore(), limit, window, c.Now)
	burst := func(now time.Duration) (n int) {
		c.Set(now)
		for range limit {
			ok, err := l.Allow(context.Background(), "k")
			if err != nil {
				t.Fatalf("Allow at %s = %v; want no error", at(now), err)
			}
			if ok {
				n++
			}
		}
		return n
	}
	got := []int{burst(59 * time.Second), burst(61 * time.Second), burst(118*time.Second + 500*time.Millisecond), burst(120*time.Second + 500*time.Millisecond)}
	if diff := cmp.Diff([]int{limit, 0, 0, limit}, got); diff != "" {
		t.Errorf("requests allowed, limit %d per %v, of bursts of %d at %s, %s, %s and %s (-want +got):\n%s", limit, window, limit,
			at(59*time.Second), at(61*time.Second), at(118*time.Second+500*time.Millisecond), at(120*time.Second+500*time.Millisecond), diff)
	}
}

// TestCorrectness_InstancesShareTheLimit checks that several limiters on one
// store share one limit.
//
// Notes: three limiters asked for the same key at the same instant, one call
// at a time.
func TestCorrectness_InstancesShareTheLimit(t *testing.T) {
	const limit = 6
	c := newClock()
	ls := deployment(newStore(), c, 3, limit, time.Minute)
	got := make([]int, len(ls))
	for range 4 {
		for i, l := range ls {
			ok, err := l.Allow(context.Background(), "k")
			if err != nil {
				t.Fatalf("Allow = %v; want no error", err)
			}
			if ok {
				got[i]++
			}
		}
	}
	total := got[0] + got[1] + got[2]
	if total != limit {
		t.Errorf("requests allowed by 3 limiters sharing a store, limit %d per minute, each asked 4 times at once: %v, %d in all; want %d in all", limit, got, total, limit)
	}
}

// TestCorrectness_ConcurrentInstancesHoldLimit checks that the limit holds
// exactly when several limiters on one store get requests at the same time.
//
// Notes: bursts of concurrent requests through three limiters, on a store
// that yields the processor in every call, at instants of a fake clock.
// The counts a correct limiter gives do not depend on how the goroutines
// interleave, so the test runs on real goroutines (a limiter that holds a
// mutex across its store calls is correct, and would stall a synctest
// bubble). A limiter that writes a stale decision over another's usually
// fails here; TestCorrectness_DecidesAgainAfterLostWrite makes sure of it.
func TestCorrectness_ConcurrentInstancesHoldLimit(t *testing.T) {
	const limit, window, n = 5, 10 * time.Second, 12
	s := newStore()
	s.yield = true
	c := newClock()
	ls := deployment(s, c, 3, limit, window)
	burst := func(now time.Duration) map[string]int {
		c.Set(now)
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		for i := range n {
			for _, key := range []string{"a", "b"} {
				wg.Go(func() {
					ok, err := ls[i%len(ls)].Allow(context.Background(), key)
					if err != nil {
						t.Errorf("Allow(%q) = %v; want no error", key, err)
					}
					if ok {
						mu.Lock()
						got[key]++
						mu.Unlock()
					}
				})
			}
		}
		wg.Wait()
		return got
	}
	var got []map[string]int
	for _, now := range []time.Duration{0, window / 2, window + window/4} {
		got = append(got, burst(now))
	}
	want := []map[string]int{{"a": limit, "b": limit}, {}, {"a": limit, "b": limit}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests allowed per key, limit %d per %v, of bursts of %d concurrent requests per key through 3 limiters, at %s, %s and %s (-want +got):\n%s",
			limit, window, n, at(0), at(window/2), at(window+window/4), diff)
	}
}

// TestCorrectness_DecidesAgainAfterLostWrite checks that a limiter whose
// write loses to another server's decides again on what the store then
// holds.
//
// Notes: just before every other swap, the store lets a rival server (a
// correct limiter) allow a request of its own on the same key, so the
// limiter's swap loses. A limiter that then writes its first decision
// anyway, with the new version, drops the rival's request and lets its own
// through: between them they allow twice the limit.
func TestCorrectness_DecidesAgainAfterLostWrite(t *testing.T) {
	const limit, window = 5, time.Minute
	s := newStore()
	c := newClock()
	s.rival = &rival{now: c.Now, limit: limit, window: window}
	l := slidingwindow.New(s, limit, window, c.Now)
	allowed := 0
	for range 2 * limit {
		ok, err := l.Allow(context.Background(), "k")
		if err != nil {
			t.Fatalf("Allow = %v; want no error", err)
		}
		if ok {
			allowed++
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	type counts struct{ AllowedByBoth, Stored int }
	got := counts{allowed + s.rival.allowed, len(s.keys["k"].times)}
	if diff := cmp.Diff(counts{limit, limit}, got); diff != "" {
		t.Errorf("%d requests at one instant, limit %d per %v, while a rival server's writes beat every other write of the limiter's: requests allowed by the limiter (%d) and the rival (%d) together, and timestamps stored (-want +got):\n%s",
			2*limit, limit, window, allowed, s.rival.allowed, diff)
	}
}

// TestCorrectness_TrimsOldTimestamps checks that timestamps that have left
// the window are removed from the store.
//
// Notes: steady traffic for thirteen windows; no key may ever hold more
// timestamps than the limit: a timestamp that has left the window is removed
// when its key is next written, or the store grows for as long as the key is
// used. This is a correctness test, not a latency one: the prompt makes
// trimming part of the contract with the store (whose memory is the cost),
// and counting what the store holds is exact and needs no clock, where a
// benchmark would see the growth only after a long history and as noise.
func TestCorrectness_TrimsOldTimestamps(t *testing.T) {
	const limit, window = 4, 10 * time.Second
	s := newStore()
	c := newClock()
	ls := deployment(s, c, 2, limit, window)
	for i := range 100 {
		c.Set(time.Duration(i) * 1300 * time.Millisecond)
		for j := range 2 {
			if _, err := ls[j].Allow(context.Background(), "k"); err != nil {
				t.Fatalf("Allow = %v; want no error", err)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.most > limit {
		t.Errorf("after %v of steady traffic, limit %d per %v, key %q held %d timestamps at once; want at most %d: trim the timestamps that have left the window",
			99*1300*time.Millisecond, limit, window, s.mostKey, s.most, limit)
	}
}

// TestCorrectness_StoreErrors checks that Allow returns the store's errors,
// a cancelled context's included, and denies the request.
func TestCorrectness_StoreErrors(t *testing.T) {
	errDown := errors.New("store: connection refused")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		set  func(s *store)
		want error
	}{
		{"load fails", context.Background(), func(s *store) { s.loadErr = errDown }, errDown},
		{"swap fails", context.Background(), func(s *store) { s.swapErr = errDown }, errDown},
		{"context cancelled", cancelled, func(*store) {}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore()
			tc.set(s)
			l := slidingwindow.New(s, 3, time.Minute, newClock().Now)
			ok, err := l.Allow(tc.ctx, "k")
			if ok || !errors.Is(err, tc.want) {
				t.Errorf("Allow when the %s = %v, %v; want false and an error that wraps %q", tc.name, ok, err, tc.want)
			}
		})
	}
}

// ---- race ----

// TestRace_SharedStore calls Allow on several limiters sharing a store from
// many goroutines at once, while the clock moves.
func TestRace_SharedStore(t *testing.T) {
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	const workers, ops = 6, 300
	c := newClock()
	ls := deployment(newStore(), c, 3, 5, 50*time.Millisecond)
	seeds := make([]int64, workers)
	for i := range seeds {
		seeds[i] = rng.Int63()
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewSource(seeds[w]))
			for range ops {
				if w == 0 {
					c.Advance(time.Millisecond)
				}
				l := ls[rng.Intn(len(ls))]
				key := strconv.Itoa(rng.Intn(3))
				if _, err := l.Allow(context.Background(), key); err != nil {
					t.Errorf("Allow(%q) = %v; want no error", key, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// ---- leak ----

// TestLeak_Allow checks that Allow leaves no goroutine behind.
func TestLeak_Allow(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := newClock()
	ls := deployment(newStore(), c, 3, 2, time.Second)
	for i := range 12 {
		c.Advance(100 * time.Millisecond)
		if _, err := ls[i%3].Allow(context.Background(), strconv.Itoa(i%2)); err != nil {
			t.Fatalf("Allow = %v; want no error", err)
		}
	}
}

// TestLeak_CancelledWhileStoreIsSlow checks that Allow leaves no goroutine
// behind when its context is done while the store is slow to answer.
//
// Notes: the store takes 20ms per call and the deadline is 5ms; whatever
// Allow does to return, no goroutine of its may still be waiting afterwards.
func TestLeak_CancelledWhileStoreIsSlow(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := newStore()
	s.rtt = 20 * time.Millisecond
	l := slidingwindow.New(s, 3, time.Minute, newClock().Now)
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		_, err := l.Allow(ctx, "k")
		cancel()
		if err == nil {
			t.Errorf("Allow with a 5ms deadline on a store taking 20ms a call = nil error; want the context's error")
		}
	}
	time.Sleep(50 * time.Millisecond) // the store's calls end
}

// ---- latency ----

// BenchmarkLatency_Allow measures Allow on a store that answers at once.
func BenchmarkLatency_Allow(b *testing.B) {
	c := newClock()
	l := slidingwindow.New(newStore(), 10, time.Minute, c.Now)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, err := l.Allow(ctx, strconv.Itoa(i%1000)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLatency_AllowAfterConflict measures Allow when its first write
// loses to another server's, as under contention.
//
// Notes: the first swap of every key fails, as if another server had just
// written it; the limiter must try again at once.
func BenchmarkLatency_AllowAfterConflict(b *testing.B) {
	s := newStore()
	s.conflictFirst = true
	l := slidingwindow.New(s, 10, time.Minute, newClock().Now)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, err := l.Allow(ctx, strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
}
