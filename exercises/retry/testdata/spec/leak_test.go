package retry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"retry"
)

// waitDo waits, on real time, for Do to return.
func waitDo(t *testing.T, done <-chan result) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(8 * time.Second):
		t.Fatal("Do had not returned 8s after ctx was done: its goroutine is left behind")
	}
}

// TestLeak_SuccessAndExhaustionLeaveNoGoroutines checks that Do leaves no
// goroutine running, whether fn succeeds or the attempts run out.
func TestLeak_SuccessAndExhaustionLeaveNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := retry.Policy{MaxAttempts: 3, BaseDelay: time.Millisecond, Multiplier: 2, Jitter: 0.5}
	retry.Do(context.Background(), p, func(context.Context) error { return nil })
	retry.Do(context.Background(), p, func(context.Context) error { return errBoom })
	retry.Do(context.Background(), p, func(context.Context) error { return retry.Permanent(errBoom) })
}

// When ctx's deadline passes during a long wait, Do returns, and nothing it
// started may keep waiting behind it.
func TestLeak_DeadlineDuringWaitLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	p := retry.Policy{MaxAttempts: 2, BaseDelay: 5 * time.Second}
	waitDo(t, startDo(ctx, p, func(context.Context) error { return errBoom }))
}

// Do must not abandon a running fn when ctx is cancelled: it waits for fn
// to return. A Do that runs fn in a goroutine and returns without it leaves
// that goroutine behind.
func TestLeak_CancelDuringAttemptLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	running := make(chan struct{})
	done := startDo(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Millisecond}, func(ctx context.Context) error {
		close(running)
		<-ctx.Done()
		<-release
		return errors.Join(errBoom, ctx.Err())
	})
	select {
	case <-running:
	case <-time.After(8 * time.Second):
		t.Fatal("fn was not called within 8s")
	}
	cancel()
	time.Sleep(10 * time.Millisecond)
	close(release)
	waitDo(t, done)
}
