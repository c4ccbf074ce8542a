package workerpool_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"workerpool"
	"workerpool/internal/gradertest"
)

// TestRace_SubmitFromManyGoroutines submits jobs, half of which fail, from
// several goroutines at once, while other goroutines read Err.
func TestRace_SubmitFromManyGoroutines(t *testing.T) {
	seed := gradertest.Seed(t)
	p := workerpool.New(4, 8)
	stop := drain(p)
	defer stop(closeWait)
	var submitters, readers sync.WaitGroup
	done := make(chan struct{})
	for w := range 6 {
		submitters.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(w)))
			for i := range 150 {
				fail := rng.IntN(2) == 0
				_, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
					if fail {
						return nil, fmt.Errorf("job %d/%d failed", w, i)
					}
					return i, nil
				})
				if err != nil {
					t.Errorf("Submit on an open pool = %v, want nil", err)
					return
				}
			}
		})
	}
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := p.Err(); err != nil {
					_ = err.Error()
				}
			}
		})
	}
	submitters.Wait()
	close(done)
	readers.Wait()
	if err := p.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown = %v, want nil", err)
	}
	p.Err()
}

// TestRace_FailingJobs runs many failing jobs on many workers, so that
// their errors are recorded at the same time, and reads Err meanwhile.
func TestRace_FailingJobs(t *testing.T) {
	p := workerpool.New(8, 64)
	stop := drain(p)
	defer stop(closeWait)
	sentinel := errors.New("failed")
	done := make(chan struct{})
	var reader sync.WaitGroup
	reader.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			p.Err()
		}
	})
	for range 600 {
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
			return nil, sentinel
		}); err != nil {
			t.Fatalf("Submit on an open pool = %v, want nil", err)
		}
	}
	close(done)
	reader.Wait()
	if err := p.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown = %v, want nil", err)
	}
	if !errors.Is(p.Err(), sentinel) {
		t.Errorf("Err() after 600 failed jobs does not wrap their error")
	}
}

// TestRace_ResultsAndShutdownTimeout consumes Results while a Shutdown
// gives up and the jobs' context is cancelled under running jobs.
func TestRace_ResultsAndShutdownTimeout(t *testing.T) {
	p := workerpool.New(4, 32)
	stop := drain(p)
	defer stop(closeWait)
	for i := range 20 {
		if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
			if i%2 == 0 {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(200 * time.Millisecond):
				}
			}
			return i, nil
		}); err != nil {
			t.Fatalf("Submit on an open pool = %v, want nil", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Shutdown(ctx)
	p.Err()
	if err := p.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown = %v, want nil", err)
	}
	p.Err()
}
