package firstof_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"firstof"
)

// TestRace_ManySuccesses runs many functions that succeed at the same time,
// so that several of them report a success at once.
func TestRace_ManySuccesses(t *testing.T) {
	for round := range 200 {
		var fns []fn
		for i := range 8 {
			fns = append(fns, func(ctx context.Context) (string, error) {
				return fmt.Sprint("ok ", i), nil
			})
		}
		v, err := firstof.FirstOf(context.Background(), fns...)
		if err != nil || len(v) < 3 || v[:3] != "ok " {
			t.Fatalf("round %d: FirstOf = %q, %v; want the value of one of the functions, nil", round, v, err)
		}
	}
}

// TestRace_MixedOutcomes mixes successes and failures that happen at the
// same time, and calls FirstOf from several goroutines at once.
func TestRace_MixedOutcomes(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 100 {
				var fns []fn
				for i := range 6 {
					fns = append(fns, func(ctx context.Context) (string, error) {
						if (i+round+g)%3 == 0 {
							return fmt.Sprint("ok ", i), nil
						}
						return "", fmt.Errorf("fn %d failed", i)
					})
				}
				firstOfOrFail(t, fns)
			}
		})
	}
	wg.Wait()
}

// firstOfOrFail runs FirstOf and reports a result that is neither a success
// nor an error.
func firstOfOrFail(t *testing.T, fns []fn) {
	v, err := firstof.FirstOf(context.Background(), fns...)
	if err == nil && v == "" {
		t.Errorf("FirstOf returned an empty value and no error")
	}
}

// TestRace_AllFail runs many functions that fail at the same time.
func TestRace_AllFail(t *testing.T) {
	boom := errors.New("boom")
	for range 200 {
		var fns []fn
		for range 8 {
			fns = append(fns, func(ctx context.Context) (string, error) { return "", boom })
		}
		if _, err := firstof.FirstOf(context.Background(), fns...); !errors.Is(err, boom) {
			t.Fatalf("FirstOf of failing functions = %v, want their error", err)
		}
	}
}

// TestRace_Cancellation has losers that wait for their context while the
// winner succeeds and the parent context is cancelled.
func TestRace_Cancellation(t *testing.T) {
	for round := range 100 {
		ctx, cancel := context.WithCancel(context.Background())
		loser := func(ctx context.Context) (string, error) {
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(10 * time.Millisecond):
				return "", errors.New("not cancelled")
			}
		}
		go cancel()
		firstof.FirstOf(ctx, loser, loser, func(ctx context.Context) (string, error) {
			return fmt.Sprint(round), nil
		}, loser)
		cancel()
	}
}
