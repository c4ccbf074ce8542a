package healthcheck_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"healthcheck"

	"github.com/google/go-cmp/cmp"
)

// The race tests run on real time, in the -race build. Their timeouts are
// either far longer than any check takes (10s for checks that return at
// once: they never time out, however loaded the machine) or far shorter
// than any check takes (1ms for checks that return an error only after
// their context is done, or after sleeping 5ms: they always time out),
// so every check's status is certain.

// TestRace_ManyRequests checks for data races when many requests run at
// once, with checks passing, failing and timing out together.
func TestRace_ManyRequests(t *testing.T) {
	h := healthcheck.NewHandler(
		healthcheck.Check{Name: "pass", Timeout: 10 * time.Second, Run: func(context.Context) error { return nil }},
		healthcheck.Check{Name: "fail", Timeout: 10 * time.Second, Run: func(context.Context) error { return errors.New("down") }},
		healthcheck.Check{Name: "fail-later", Timeout: 10 * time.Second, Run: func(context.Context) error {
			runtime.Gosched()
			return errors.New("down too")
		}},
		healthcheck.Check{Name: "timeout", Timeout: time.Millisecond, Run: func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}},
	)
	want := map[string]string{"pass": "pass", "fail": "fail", "fail-later": "fail", "timeout": "timeout"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				a := serve(t, h, context.Background())
				if diff := cmp.Diff(want, statuses(a.Report)); diff != "" {
					t.Errorf("statuses (-want +got):\n%s", diff)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestRace_ChecksReturningAfterTheAnswer checks for data races when checks
// return after they timed out, while the handler answers and serves the
// next requests.
//
// The late checks return errors, so that their status is "timeout"
// however late the handler looks: a nil that comes after the timeout may
// be seen as a pass by a handler descheduled at that instant.
func TestRace_ChecksReturningAfterTheAnswer(t *testing.T) {
	h := healthcheck.NewHandler(
		healthcheck.Check{Name: "late", Timeout: time.Millisecond, Run: func(context.Context) error {
			time.Sleep(5 * time.Millisecond)
			return errors.New("late")
		}},
		healthcheck.Check{Name: "late-after-done", Timeout: time.Millisecond, Run: func(ctx context.Context) error {
			<-ctx.Done()
			time.Sleep(time.Millisecond)
			return errors.New("late too")
		}},
	)
	want := map[string]string{"late": "timeout", "late-after-done": "timeout"}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				a := serve(t, h, context.Background())
				if diff := cmp.Diff(want, statuses(a.Report)); diff != "" {
					t.Errorf("statuses (-want +got):\n%s", diff)
					return
				}
			}
		})
	}
	wg.Wait()
	time.Sleep(20 * time.Millisecond) // let the last late checks return
}
