package healthcheck_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"healthcheck"

	"go.uber.org/goleak"
)

// The leak tests run on real time. Each serves its requests, then lets
// goleak look for goroutines left behind; goleak retries for a while, so a
// goroutine that is about to end (a check that returns late, after 20ms)
// is not counted. The tests start no goroutine of their own.

// TestLeak_PassingAndFailingChecks checks that no goroutine is left behind
// after requests whose checks pass or fail.
func TestLeak_PassingAndFailingChecks(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := healthcheck.NewHandler(
		healthcheck.Check{Name: "pass", Timeout: 10 * time.Second, Run: func(context.Context) error { return nil }},
		healthcheck.Check{Name: "fail", Timeout: 10 * time.Second, Run: func(context.Context) error { return errors.New("down") }},
	)
	for range 10 {
		serve(t, h, context.Background())
	}
}

// TestLeak_TimedOutCheckReturnsLate checks that no goroutine is left behind
// when a check that timed out returns later, when nobody waits for its
// result any more.
//
// The check ignores its context and returns 20ms after its 1ms timeout.
func TestLeak_TimedOutCheckReturnsLate(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := healthcheck.NewHandler(
		healthcheck.Check{Name: "late", Timeout: time.Millisecond, Run: func(context.Context) error {
			time.Sleep(20 * time.Millisecond)
			return nil
		}},
		healthcheck.Check{Name: "late-fail", Timeout: time.Millisecond, Run: func(context.Context) error {
			time.Sleep(20 * time.Millisecond)
			return errors.New("down")
		}},
	)
	for range 5 {
		serve(t, h, context.Background())
	}
}

// TestLeak_TimedOutCheckHonoursContext checks that no goroutine is left
// behind when a check that honours its context times out.
func TestLeak_TimedOutCheckHonoursContext(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := healthcheck.NewHandler(healthcheck.Check{Name: "api", Timeout: time.Millisecond, Run: func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	for range 5 {
		serve(t, h, context.Background())
	}
}
