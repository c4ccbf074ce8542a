package workerpool_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"workerpool"
)

// shutdown calls p.Shutdown(ctx) and fails the test if it has not returned
// within a few seconds.
func shutdown(t *testing.T, p *workerpool.Pool, ctx context.Context) error {
	t.Helper()
	ch := make(chan error, 1)
	go func() { ch <- p.Shutdown(ctx) }()
	select {
	case err := <-ch:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("Shutdown did not return within 5s")
		return nil
	}
}

// TestLeak_Shutdown checks that Shutdown stops every worker.
func TestLeak_Shutdown(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := workerpool.New(4, 8)
	stop := drain(p)
	for i := range 50 {
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
			return i, nil
		}); err != nil {
			t.Fatalf("Submit = %v, want nil", err)
		}
	}
	if err := shutdown(t, p, context.Background()); err != nil {
		t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
	}
	stop(closeWait)
}

// TestLeak_ShutdownIdle checks that Shutdown of a pool that never ran a job
// stops every worker.
func TestLeak_ShutdownIdle(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := workerpool.New(8, 0)
	stop := drain(p)
	if err := shutdown(t, p, context.Background()); err != nil {
		t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
	}
	stop(closeWait)
}

// TestLeak_ShutdownTimeout checks that a pool whose Shutdown gave up on its
// jobs still stops every worker once they end.
//
// TestLeak_ShutdownTimeout lets Shutdown give up on jobs that end when their
// context is cancelled (or after half a second), then waits for the pool to
// stop with a second Shutdown.
func TestLeak_ShutdownTimeout(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := workerpool.New(3, 6)
	stop := drain(p)
	for range 6 {
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(500 * time.Millisecond):
				return nil, nil
			}
		}); err != nil {
			t.Fatalf("Submit = %v, want nil", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	shutdown(t, p, ctx)
	if err := shutdown(t, p, context.Background()); err != nil {
		t.Errorf("second Shutdown(context.Background()) = %v, want nil", err)
	}
	stop(closeWait)
}

// TestLeak_InBubble runs a pool on virtual time and fails if any goroutine
// is still blocked once Shutdown has returned.
func TestLeak_InBubble(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && strings.Contains(err.Error(), "blocked goroutines remain") {
				t.Fatalf("goroutines were still blocked after Shutdown returned and 10s more of virtual time: Shutdown must stop every goroutine the pool started (%v)", err)
			}
			panic(r)
		}
	}()
	synctest.Test(t, func(t *testing.T) {
		p := workerpool.New(3, 3)
		stop := drain(p)
		for i := range 10 {
			if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
				time.Sleep(time.Duration(i) * 100 * time.Millisecond)
				return i, nil
			}); err != nil {
				t.Fatalf("Submit = %v, want nil", err)
			}
		}
		if err := p.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown(context.Background()) = %v, want nil", err)
		}
		stop(closeWait)
		time.Sleep(10 * time.Second)
		synctest.Wait()
	})
}
