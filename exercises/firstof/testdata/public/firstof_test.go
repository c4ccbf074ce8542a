package firstof_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"firstof"
)

// TestFirstSuccess runs on a simulated clock (testing/synctest): time.Sleep
// and timers fire at once, and time.Now moves forward by exactly the time
// waited.
func TestFirstSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := func(ctx context.Context) (string, error) {
			select {
			case <-time.After(time.Hour):
				return "slow", nil
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		fast := func(ctx context.Context) (string, error) {
			time.Sleep(time.Second)
			return "fast", nil
		}
		start := time.Now()
		v, err := firstof.FirstOf(context.Background(), slow, fast)
		if v != "fast" || err != nil {
			t.Errorf("FirstOf = %q, %v; want %q, nil", v, err, "fast")
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("FirstOf returned after %v, want about 1s: the slow function must be cancelled", d)
		}
	})
}

func TestAllFail(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	_, err := firstof.FirstOf(context.Background(),
		func(ctx context.Context) (int, error) { return 0, errA },
		func(ctx context.Context) (int, error) { return 0, errB },
	)
	if !errors.Is(err, errA) || !errors.Is(err, errB) {
		t.Errorf("FirstOf = %v, want an error joining %v and %v", err, errA, errB)
	}
}

func TestNoFuncs(t *testing.T) {
	if _, err := firstof.FirstOf[int](context.Background()); !errors.Is(err, firstof.ErrNoFuncs) {
		t.Errorf("FirstOf with no functions = %v, want ErrNoFuncs", err)
	}
}
