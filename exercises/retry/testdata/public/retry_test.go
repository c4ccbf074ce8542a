package retry_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"retry"
)

var errFlaky = errors.New("flaky")

func TestRetriesUntilSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 5, BaseDelay: time.Second, Multiplier: 2},
			func(context.Context) error {
				if calls++; calls < 3 {
					return errFlaky
				}
				return nil
			})
		if err != nil || calls != 3 {
			t.Errorf("Do = %v after %d calls; want nil after 3", err, calls)
		}
	})
}

func TestGivesUpAndWrapsTheLastError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Second},
			func(context.Context) error {
				calls++
				return errFlaky
			})
		if calls != 3 || !errors.Is(err, errFlaky) {
			t.Errorf("Do = %v after %d calls; want an error wrapping %q after 3", err, calls, errFlaky)
		}
	})
}

func TestPermanentErrorIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Second},
			func(context.Context) error {
				calls++
				return retry.Permanent(errFlaky)
			})
		if calls != 1 || !errors.Is(err, errFlaky) {
			t.Errorf("Do = %v after %d calls; want an error wrapping %q after 1", err, calls, errFlaky)
		}
	})
}

func TestWaitsBetweenAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		retry.Do(t.Context(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Second, Multiplier: 2},
			func(context.Context) error { return errFlaky })
		// Delays of 1s and 2s, on the virtual clock of the synctest bubble.
		if got := time.Since(start); got < 3*time.Second-time.Millisecond || got > 3*time.Second+time.Millisecond {
			t.Errorf("Do took %v; want 3s (delays of 1s and 2s)", got)
		}
	})
}
