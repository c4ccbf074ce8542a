package firstof_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"firstof"
)

// boundedLoser returns a function that waits for its context to be done (or
// for half a second, so that a FirstOf that never cancels still returns),
// then returns.
func boundedLoser(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(500 * time.Millisecond):
		return "", errors.New("not cancelled")
	}
}

// TestLeak_AfterSuccess checks that no function is still running once
// FirstOf has returned a success.
func TestLeak_AfterSuccess(t *testing.T) {
	defer goleak.VerifyNone(t)
	for range 5 {
		firstof.FirstOf(context.Background(), boundedLoser, boundedLoser,
			func(ctx context.Context) (string, error) { return "ok", nil },
			boundedLoser)
	}
}

// TestLeak_AfterSuccessWithQuickLosers checks the same when the losers
// return as soon as their context is cancelled.
func TestLeak_AfterSuccessWithQuickLosers(t *testing.T) {
	defer goleak.VerifyNone(t)
	for range 5 {
		firstof.FirstOf(context.Background(),
			func(ctx context.Context) (string, error) { return "ok", nil },
			func(ctx context.Context) (string, error) { return "also ok", nil },
			func(ctx context.Context) (string, error) { return "", errors.New("failed") },
		)
	}
}

// TestLeak_AllFail checks that nothing is left running when every function
// fails.
func TestLeak_AllFail(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("boom")
	for range 5 {
		firstof.FirstOf(context.Background(),
			func(ctx context.Context) (string, error) { return "", boom },
			func(ctx context.Context) (string, error) { return "", boom },
		)
	}
}

// TestLeak_ParentCancelled checks that nothing is left running when the
// parent context is cancelled.
func TestLeak_ParentCancelled(t *testing.T) {
	defer goleak.VerifyNone(t)
	for range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		firstof.FirstOf(ctx, boundedLoser, boundedLoser, boundedLoser)
		cancel()
	}
}

// TestLeak_NothingRunningAfterReturn checks, on virtual time, that no
// function is still running when FirstOf returns: the losers take a moment
// to clean up after their context is cancelled, and FirstOf must wait for
// them.
func TestLeak_NothingRunningAfterReturn(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && strings.Contains(err.Error(), "blocked goroutines remain") {
				t.Fatalf("goroutines started by FirstOf were still blocked after it returned and 10s more of virtual time (%v)", err)
			}
			panic(r)
		}
	}()
	synctest.Test(t, func(t *testing.T) {
		var running atomic.Int32
		slowLoser := func(ctx context.Context) (string, error) {
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second): // for a FirstOf that never cancels
			}
			time.Sleep(100 * time.Millisecond) // cleaning up
			return "", errors.New("lost")
		}
		winner := func(ctx context.Context) (string, error) {
			time.Sleep(time.Second)
			return "ok", nil
		}
		firstof.FirstOf(context.Background(), tracked(&running, slowLoser), tracked(&running, winner), tracked(&running, slowLoser))
		synctest.Wait()
		if n := running.Load(); n != 0 {
			t.Errorf("%d functions were still running when FirstOf returned after a success: it must wait for every function to return", n)
		}

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		firstof.FirstOf(ctx, tracked(&running, slowLoser), tracked(&running, slowLoser))
		synctest.Wait()
		if n := running.Load(); n != 0 {
			t.Errorf("%d functions were still running when FirstOf returned after its context's deadline: it must wait for every function to return", n)
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
	})
}
