package semaphore_test

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

	"semaphore"
	"semaphore/internal/gradertest"
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

// countFree takes every permit TryAcquire gives (at most limit), releases
// them again and returns how many it got.
func countFree(s *semaphore.Semaphore, limit int) int {
	n := 0
	for n < limit && s.TryAcquire() {
		n++
	}
	for range n {
		s.Release()
	}
	return n
}

// TestCorrectness_NewSemaphorePanicsOnNonPositive checks that NewSemaphore
// panics for a size that is not positive.
func TestCorrectness_NewSemaphorePanicsOnNonPositive(t *testing.T) {
	for _, n := range []int{0, -1, -100} {
		if !panics(func() { semaphore.NewSemaphore(n) }) {
			t.Errorf("NewSemaphore(%d) did not panic; want a panic for maxConcurrent <= 0", n)
		}
	}
}

// TestCorrectness_TryAcquireUpToMax checks that TryAcquire succeeds until
// every permit is held, then fails.
func TestCorrectness_TryAcquireUpToMax(t *testing.T) {
	for _, max := range []int{1, 3, 10} {
		t.Run(fmt.Sprintf("max=%d", max), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				s := semaphore.NewSemaphore(max)
				var got []bool
				for range max + 1 {
					got = append(got, s.TryAcquire())
				}
				want := make([]bool, max+1)
				for i := range max {
					want[i] = true
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("TryAcquire results on a fresh NewSemaphore(%d) (-want +got):\n%s", max, diff)
				}
				s.Release()
				if !s.TryAcquire() {
					t.Fatalf("TryAcquire = false after a Release freed a permit; want true")
				}
				if s.TryAcquire() {
					t.Fatalf("TryAcquire = true with all %d permits held; want false", max)
				}
			})
		})
	}
}

// TestCorrectness_AcquireBlocksWhileFull checks that Acquire blocks while
// every permit is held, until one is released.
func TestCorrectness_AcquireBlocksWhileFull(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := semaphore.NewSemaphore(2)
		s.Acquire()
		s.Acquire()
		done := start(s.Acquire)
		settle()
		if returned(done) {
			t.Fatal("Acquire returned while both permits of NewSemaphore(2) were held; want it to block")
		}
		s.Release()
		await(t, done, "Acquire, after a permit was released,")
		if s.TryAcquire() {
			t.Fatal("TryAcquire = true while 2 of 2 permits are held; want false")
		}
	})
}

// TestCorrectness_NeverMoreThanMaxHolders checks that no more goroutines
// than permits ever hold one at once.
func TestCorrectness_NeverMoreThanMaxHolders(t *testing.T) {
	for _, max := range []int{1, 3} {
		t.Run(fmt.Sprintf("max=%d", max), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				s := semaphore.NewSemaphore(max)
				var inFlight, peak atomic.Int64
				var wg sync.WaitGroup
				for i := range 20 {
					wg.Go(func() {
						hold := func() {
							n := inFlight.Add(1)
							for {
								p := peak.Load()
								if n <= p || peak.CompareAndSwap(p, n) {
									break
								}
							}
							time.Sleep(10 * time.Millisecond)
							inFlight.Add(-1)
							s.Release()
						}
						switch i % 3 {
						case 0:
							s.Acquire()
						case 1:
							if err := s.AcquireContext(context.Background()); err != nil {
								t.Errorf("AcquireContext(context.Background()) = %v; want nil", err)
								return
							}
						default:
							for !s.TryAcquire() {
								time.Sleep(time.Millisecond)
							}
						}
						hold()
					})
				}
				await(t, start(wg.Wait), "20 goroutines each holding a permit for 10ms")
				if diff := cmp.Diff(int64(max), peak.Load()); diff != "" {
					t.Errorf("most permits held at once by 20 goroutines on NewSemaphore(%d) (-want +got):\n%s", max, diff)
				}
			})
		})
	}
}

// TestCorrectness_ReleaseWithoutPermitPanics checks each over-release on a
// semaphore of its own and never uses it after the panic: the prompt says
// that Release panics, not what state a semaphore is in afterwards.
func TestCorrectness_ReleaseWithoutPermitPanics(t *testing.T) {
	t.Run("fresh", func(t *testing.T) {
		gradertest.Bubble(t, func(t *testing.T) {
			s := semaphore.NewSemaphore(2)
			if !panics(s.Release) {
				t.Error("Release on a fresh semaphore did not panic; want a panic")
			}
		})
	})
	t.Run("after_every_permit_came_back", func(t *testing.T) {
		gradertest.Bubble(t, func(t *testing.T) {
			s := semaphore.NewSemaphore(2)
			s.Acquire()
			if !s.TryAcquire() {
				t.Fatal("TryAcquire = false with 1 of 2 permits held; want true")
			}
			s.Release()
			s.Release()
			if !panics(s.Release) {
				t.Error("a third Release after two permits were taken and released did not panic; want a panic")
			}
		})
	})
}

// TestCorrectness_AcquireContextWaitsForPermit checks that AcquireContext
// waits for a permit and then takes it.
func TestCorrectness_AcquireContextWaitsForPermit(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := semaphore.NewSemaphore(1)
		if err := s.AcquireContext(context.Background()); err != nil {
			t.Fatalf("AcquireContext with a free permit = %v; want nil", err)
		}
		var err error
		done := start(func() { err = s.AcquireContext(context.Background()) })
		settle()
		if returned(done) {
			t.Fatalf("AcquireContext returned (%v) while the only permit was held; want it to block", err)
		}
		s.Release()
		await(t, done, "AcquireContext, after the permit was released,")
		if err != nil {
			t.Fatalf("AcquireContext = %v after the permit was released; want nil", err)
		}
		if s.TryAcquire() {
			t.Fatal("TryAcquire = true while AcquireContext holds the only permit; want false")
		}
	})
}

// TestCorrectness_AcquireContextCancelledWhileWaiting checks that
// AcquireContext returns the context's error when it is cancelled while
// waiting, holding no permit.
func TestCorrectness_AcquireContextCancelledWhileWaiting(t *testing.T) {
	type testCase struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc) // called inside the bubble
		trigger func(cancel context.CancelFunc)
		want    error
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			s := semaphore.NewSemaphore(2)
			s.Acquire()
			s.Acquire()
			ctx, cancel := tc.ctx()
			defer cancel()
			var err error
			done := start(func() { err = s.AcquireContext(ctx) })
			time.Sleep(time.Second) // still before any deadline
			synctest.Wait()
			if returned(done) {
				t.Fatalf("AcquireContext returned (%v) before its context was done, with every permit held; want it to block", err)
			}
			tc.trigger(cancel)
			await(t, done, "AcquireContext, after its context was done,")
			if !errors.Is(err, tc.want) {
				t.Fatalf("AcquireContext = %v; want %v", err, tc.want)
			}
			// The cancelled call must hold no permit: once both holders
			// release, both permits are free and Wait returns.
			s.Release()
			s.Release()
			settle()
			if diff := cmp.Diff(2, countFree(s, 3)); diff != "" {
				t.Errorf("free permits after a cancelled AcquireContext and two Releases (-want +got):\n%s", diff)
			}
			await(t, start(s.Wait), "Wait, with no permit held,")
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

// TestCorrectness_CancelRacingReleaseLosesNoPermit cancels a blocked
// AcquireContext and releases the permit it waits for back to back, in
// both orders, round after round, so that the call wakes up to find both
// done. Either outcome is allowed, but the permit must survive: a call
// that returned nil holds it, and one that returned an error left it free.
// A design that hands a released permit straight to a waiter, and whose
// waiter gives up on ctx without checking whether it was just handed one,
// loses the permit in about half of the rounds.
func TestCorrectness_CancelRacingReleaseLosesNoPermit(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const rounds = 64
		s := semaphore.NewSemaphore(1)
		s.Acquire() // from here on the test holds the only permit between rounds
		for round := range rounds {
			ctx, cancel := context.WithCancel(context.Background())
			var err error
			done := start(func() { err = s.AcquireContext(ctx) })
			settle()
			if returned(done) {
				cancel()
				t.Fatalf("round %d: AcquireContext returned (%v) while the only permit was held; want it to block", round, err)
			}
			order := "cancel, then Release"
			if round%2 == 0 {
				cancel()
				s.Release()
			} else {
				order = "Release, then cancel"
				s.Release()
				cancel()
			}
			await(t, done, fmt.Sprintf("round %d: AcquireContext, after %s,", round, order))
			if err != nil {
				settle()
				if !s.TryAcquire() {
					t.Fatalf("round %d: AcquireContext blocked on the only permit, then %s: it returned %v, and then TryAcquire = false with no permit held: the permit Release handed over was lost; want it free again when AcquireContext returns an error", round, order, err)
				}
			}
			// Whichever call got it, the test holds the permit again.
		}
		s.Release()
		settle()
		if diff := cmp.Diff(1, countFree(s, 2)); diff != "" {
			t.Errorf("free permits of NewSemaphore(1) after %d rounds of cancel racing Release, with the permit released (-want +got):\n%s", rounds, diff)
		}
	})
}

// TestCorrectness_AcquireContextAlreadyDone checks AcquireContext with a
// context that is already done.
func TestCorrectness_AcquireContextAlreadyDone(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := semaphore.NewSemaphore(1)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		// Repeated, so that an implementation that picks at random
		// between a free permit and a done context is caught.
		for i := range 64 {
			if err := s.AcquireContext(ctx); !errors.Is(err, context.Canceled) {
				if err == nil {
					s.Release()
				}
				t.Fatalf("call %d: AcquireContext(already cancelled ctx) = %v with a permit free; want context.Canceled", i+1, err)
			}
		}
		settle()
		if diff := cmp.Diff(1, countFree(s, 2)); diff != "" {
			t.Errorf("free permits after 64 AcquireContext calls with a cancelled context (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_WaitReturnsAtOnceWhenIdle checks that Wait returns at once
// when no permit is held.
func TestCorrectness_WaitReturnsAtOnceWhenIdle(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := semaphore.NewSemaphore(3)
		await(t, start(s.Wait), "Wait on a fresh semaphore")
		s.Acquire()
		s.Release()
		await(t, start(s.Wait), "Wait after every permit was released")
	})
}

// TestCorrectness_WaitBlocksUntilAllReleased checks that Wait blocks until
// every permit is released.
func TestCorrectness_WaitBlocksUntilAllReleased(t *testing.T) {
	acquirers := []struct {
		name    string
		acquire func(t *testing.T, s *semaphore.Semaphore)
	}{
		{"Acquire", func(t *testing.T, s *semaphore.Semaphore) { s.Acquire() }},
		{"TryAcquire", func(t *testing.T, s *semaphore.Semaphore) {
			if !s.TryAcquire() {
				t.Fatal("TryAcquire = false with a permit free; want true")
			}
		}},
		{"AcquireContext", func(t *testing.T, s *semaphore.Semaphore) {
			if err := s.AcquireContext(context.Background()); err != nil {
				t.Fatalf("AcquireContext with a permit free = %v; want nil", err)
			}
		}},
	}
	for _, a := range acquirers {
		t.Run(a.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				s := semaphore.NewSemaphore(3)
				// Two rounds: the semaphore must be reusable after Wait.
				for round := 1; round <= 2; round++ {
					for range 3 {
						a.acquire(t, s)
					}
					waiters := []<-chan struct{}{start(s.Wait), start(s.Wait)}
					for held := 3; held > 0; held-- {
						settle()
						for _, w := range waiters {
							if returned(w) {
								t.Fatalf("round %d: Wait returned with %d permits (taken with %s) still held; want it to block", round, held, a.name)
							}
						}
						s.Release()
					}
					for _, w := range waiters {
						await(t, w, fmt.Sprintf("round %d: Wait, after every permit was released,", round))
					}
				}
			})
		})
	}
}

// TestCorrectness_EachReleaseAdmitsOneWaiter checks that each Release lets
// exactly one waiting Acquire through.
func TestCorrectness_EachReleaseAdmitsOneWaiter(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		s := semaphore.NewSemaphore(2)
		s.Acquire()
		s.Acquire()
		var admitted atomic.Int64
		for i := range 5 {
			go func() {
				if i%2 == 0 {
					s.Acquire()
				} else if err := s.AcquireContext(context.Background()); err != nil {
					return
				}
				admitted.Add(1)
			}()
		}
		settle()
		var got []int64
		got = append(got, admitted.Load())
		for range 4 {
			s.Release()
			settle()
			got = append(got, admitted.Load())
		}
		if diff := cmp.Diff([]int64{0, 1, 2, 3, 4}, got); diff != "" {
			t.Errorf("goroutines admitted, 5 blocked on NewSemaphore(2), before and after each of 4 Releases (-want +got):\n%s", diff)
		}
	})
}

// ---- race ----

// TestRace_MixedStress calls every method from many goroutines at once.
func TestRace_MixedStress(t *testing.T) {
	rng := rand.New(rand.NewSource(gradertest.Seed(t)))
	const workers, ops = 8, 300
	s := semaphore.NewSemaphore(3)
	seeds := make([]int64, workers)
	for i := range seeds {
		seeds[i] = rng.Int63()
	}
	// Blocking calls have a deadline, and Wait is given up on, so that a
	// semaphore that loses permits (a correctness bug) cannot hang this
	// test: it only looks for data races.
	acquireFor := func(d time.Duration) bool {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		return s.AcquireContext(ctx) == nil
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewSource(seeds[w]))
			for range ops {
				ok := false
				switch rng.Intn(4) {
				case 0:
					ok = acquireFor(100 * time.Millisecond)
				case 1:
					ok = s.TryAcquire()
				case 2:
					ctx, cancel := context.WithCancel(context.Background())
					if rng.Intn(2) == 0 {
						cancel()
					} else {
						go cancel()
					}
					ok = s.AcquireContext(ctx) == nil
					cancel()
				default:
					ok = acquireFor(time.Duration(rng.Intn(50)) * time.Microsecond)
				}
				if ok {
					s.Release()
				}
			}
		})
	}
	stop := make(chan struct{})
	var waiters sync.WaitGroup
	for range 2 {
		waiters.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					s.Wait()
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	select {
	case <-start(waiters.Wait):
	case <-time.After(2 * time.Second):
		t.Log("Wait did not return after the stress ended; the correctness suite judges that")
	}
}

// TestRace_WaitWhileAcquiring calls Wait while other goroutines acquire and
// release.
func TestRace_WaitWhileAcquiring(t *testing.T) {
	s := semaphore.NewSemaphore(2)
	stop := make(chan struct{})
	var waiters sync.WaitGroup
	for range 3 {
		waiters.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					s.Wait()
				}
			}
		})
	}
	var workers sync.WaitGroup
	for w := range 2 {
		workers.Go(func() {
			for i := range 2000 {
				if (i+w)%2 == 0 {
					s.Acquire()
				} else if !s.TryAcquire() {
					continue
				}
				runtime.Gosched()
				s.Release()
			}
		})
	}
	workers.Wait()
	close(stop)
	select {
	case <-start(waiters.Wait):
	case <-time.After(2 * time.Second):
		t.Log("Wait did not return after every permit was released; the correctness suite judges that")
	}
}

// TestRace_ReleaseElsewhere releases permits from goroutines other than
// those that acquired them.
func TestRace_ReleaseElsewhere(t *testing.T) {
	s := semaphore.NewSemaphore(4)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range jobs {
				s.Release() // the permit was taken by the producer
			}
		})
	}
	waited := start(func() {
		for range 100 {
			s.Wait()
		}
	})
	for i := range 2000 {
		if i%2 == 0 {
			s.Acquire()
		} else if err := s.AcquireContext(context.Background()); err != nil {
			t.Errorf("AcquireContext(context.Background()) = %v; want nil", err)
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return within 10s after every permit was released")
	}
}

// ---- leak ----

// TestLeak_CancelledAcquireContext checks that an AcquireContext that gave
// up leaves no goroutine running.
func TestLeak_CancelledAcquireContext(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := semaphore.NewSemaphore(1)
	s.Acquire() // held for the rest of the test
	deadline, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	cancelled, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel2)
	done := start(func() {
		for _, ctx := range []context.Context{deadline, cancelled, cancelled} {
			if err := s.AcquireContext(ctx); err == nil {
				t.Errorf("AcquireContext = nil while the only permit is held; want an error once ctx is done")
			}
		}
	})
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("AcquireContext did not return within 5s of its context being done; cannot check for leaks")
	}
}

// TestLeak_AcquireAndRelease checks that acquiring and releasing leaves no
// goroutine running.
func TestLeak_AcquireAndRelease(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := semaphore.NewSemaphore(2)
	for range 3 {
		if err := s.AcquireContext(context.Background()); err != nil {
			t.Fatalf("AcquireContext with a permit free = %v; want nil", err)
		}
		s.Release()
	}
	s.Acquire()
	s.Acquire()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if i%2 == 0 {
				s.Acquire()
			} else if err := s.AcquireContext(context.Background()); err != nil {
				t.Errorf("AcquireContext(context.Background()) = %v; want nil", err)
				return
			}
			s.Release()
		})
	}
	waiter := start(s.Wait)
	s.Release()
	s.Release()
	select {
	case <-start(wg.Wait):
	case <-time.After(5 * time.Second):
		t.Fatal("blocked acquirers did not get a permit within 5s; cannot check for leaks")
	}
	select {
	case <-waiter:
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return within 5s of every permit being released; cannot check for leaks")
	}
	if !s.TryAcquire() {
		t.Fatal("TryAcquire = false with no permit held; want true")
	}
	s.Release()
}

// ---- latency ----

// BenchmarkLatency_AcquireRelease measures an uncontended Acquire and
// Release.
func BenchmarkLatency_AcquireRelease(b *testing.B) {
	s := semaphore.NewSemaphore(4)
	for b.Loop() {
		s.Acquire()
		s.Release()
	}
}

// BenchmarkLatency_TryAcquireRelease measures an uncontended TryAcquire and
// Release.
func BenchmarkLatency_TryAcquireRelease(b *testing.B) {
	s := semaphore.NewSemaphore(4)
	for b.Loop() {
		if s.TryAcquire() {
			s.Release()
		}
	}
}

// BenchmarkLatency_Handoff measures a permit handed in turn between
// goroutines blocked on a full semaphore.
//
// BenchmarkLatency_Handoff measures rounds in which 4 goroutines, each
// blocked on a full semaphore of one permit, take it in turn.
func BenchmarkLatency_Handoff(b *testing.B) {
	const workers = 4
	s := semaphore.NewSemaphore(1)
	gos := make([]chan struct{}, workers)
	ready := make(chan struct{})
	done := make(chan struct{})
	for i := range gos {
		gos[i] = make(chan struct{})
		go func() {
			for range gos[i] {
				ready <- struct{}{}
				s.Acquire()
				runtime.Gosched() // let the others find the permit taken
				s.Release()
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
		s.Acquire()
		for _, g := range gos {
			g <- struct{}{}
		}
		for range workers {
			<-ready
		}
		s.Release()
		for range workers {
			<-done
		}
	}
}
