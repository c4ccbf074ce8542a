package retry_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"retry"
	"retry/internal/gradertest"
)

// slack absorbs rounding when a delay is computed in floating point.
const slack = time.Microsecond

// TestCorrectness_SucceedsFirstTime checks that Do calls fn once when it
// succeeds at once.
func TestCorrectness_SucceedsFirstTime(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a := failing()
		start := time.Now()
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 5, BaseDelay: time.Second, Multiplier: 2}, a.fn)
		if err != nil {
			t.Errorf("Do = %v; want nil (fn succeeded)", err)
		}
		if diff := cmp.Diff(1, a.count()); diff != "" {
			t.Errorf("calls to fn (-want +got):\n%s", diff)
		}
		if elapsed := time.Since(start); elapsed >= time.Millisecond {
			t.Errorf("Do took %v (virtual time); want no wait when the first attempt succeeds", elapsed)
		}
	})
}

// TestCorrectness_RetriesUntilSuccess checks that Do calls fn again after
// failures until it succeeds.
func TestCorrectness_RetriesUntilSuccess(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		a := failing(errorsN(3)...)
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 10, BaseDelay: time.Second, Multiplier: 2}, a.fn)
		if err != nil {
			t.Errorf("Do = %v; want nil (the fourth attempt succeeded)", err)
		}
		if diff := cmp.Diff(4, a.count()); diff != "" {
			t.Errorf("calls to fn (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_GivesUpAfterMaxAttempts checks that Do stops after the
// maximum number of attempts and returns the last error.
func TestCorrectness_GivesUpAfterMaxAttempts(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		errs := errorsN(10)
		a := failing(errs...)
		err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 4, BaseDelay: time.Second, Multiplier: 2}, a.fn)
		if diff := cmp.Diff(4, a.count()); diff != "" {
			t.Errorf("calls to fn with MaxAttempts 4 (-want +got):\n%s", diff)
		}
		if !errors.Is(err, errs[3]) {
			t.Errorf("Do = %v; want an error that wraps the last attempt's error (%q) for errors.Is", err, errs[3])
		}
		if err != nil && !strings.Contains(err.Error(), errs[3].Error()) {
			t.Errorf("Do = %q; want its message to include the last attempt's error (%q)", err, errs[3])
		}
	})
}

// TestCorrectness_MaxAttemptsBelowOneMeansOne checks that a maximum below
// one attempt means one attempt.
func TestCorrectness_MaxAttemptsBelowOneMeansOne(t *testing.T) {
	for _, n := range []int{0, -3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				a := failing(errBoom, errBoom)
				err := retry.Do(t.Context(), retry.Policy{MaxAttempts: n, BaseDelay: time.Second}, a.fn)
				if diff := cmp.Diff(1, a.count()); diff != "" {
					t.Errorf("calls to fn with MaxAttempts %d (-want +got):\n%s", n, diff)
				}
				if !errors.Is(err, errBoom) {
					t.Errorf("Do = %v; want an error wrapping %q", err, errBoom)
				}
			})
		})
	}
}

// TestCorrectness_PermanentErrorStopsRetrying checks that a permanent error
// stops the retries at once.
func TestCorrectness_PermanentErrorStopsRetrying(t *testing.T) {
	type testCase struct {
		name string
		err  error
	}
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			a := failing(tc.err, errBoom, errBoom)
			err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 5, BaseDelay: time.Second}, a.fn)
			if diff := cmp.Diff(1, a.count()); diff != "" {
				t.Errorf("calls to fn returning %v (-want +got):\n%s", tc.err, diff)
			}
			if !errors.Is(err, errBoom) {
				t.Errorf("Do = %v; want an error that wraps %q for errors.Is", err, errBoom)
			}
			var perm *retry.PermanentError
			if !errors.As(err, &perm) {
				t.Errorf("Do = %v; want an error in which errors.As finds the *PermanentError", err)
			}
		})
	}
	for _, tc := range []testCase{
		{name: "permanent", err: retry.Permanent(errBoom)},
		{name: "wrapped permanent", err: fmt.Errorf("fetching: %w", retry.Permanent(errBoom))},
		{name: "permanent struct", err: &retry.PermanentError{Err: errBoom}},
		{name: "joined permanent", err: errors.Join(errors.New("other"), retry.Permanent(errBoom))},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_PermanentHelpers checks Permanent and PermanentError.
func TestCorrectness_PermanentHelpers(t *testing.T) {
	if err := retry.Permanent(nil); err != nil {
		t.Errorf("Permanent(nil) = %v; want nil", err)
	}
	err := retry.Permanent(errBoom)
	var perm *retry.PermanentError
	if !errors.As(err, &perm) || perm.Err != errBoom {
		t.Fatalf("Permanent(%q) = %#v; want a *PermanentError with Err %q", errBoom, err, errBoom)
	}
	if diff := cmp.Diff(errBoom.Error(), err.Error()); diff != "" {
		t.Errorf("Permanent(boom).Error() (-want +got):\n%s", diff)
	}
	if got := errors.Unwrap(err); got != errBoom {
		t.Errorf("errors.Unwrap(Permanent(boom)) = %v; want boom", got)
	}
	if !errors.Is(err, errBoom) {
		t.Errorf("errors.Is(Permanent(boom), boom) = false; want true")
	}
}

// roundMs rounds delays to milliseconds, for display and comparison.
func roundMs(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// TestCorrectness_DelaysWithoutJitter checks the delays between attempts
// when there is no jitter.
func TestCorrectness_DelaysWithoutJitter(t *testing.T) {
	type testCase struct {
		name   string
		policy retry.Policy
		want   []time.Duration
	}
	s := time.Second
	run := func(t *testing.T, tc testCase) {
		gradertest.Bubble(t, func(t *testing.T) {
			a := failing(errorsN(tc.policy.MaxAttempts)...)
			retry.Do(t.Context(), tc.policy, a.fn)
			got := a.delays()
			if diff := cmp.Diff(tc.want, roundMs(got)); diff != "" {
				t.Fatalf("delays between attempts, %+v (-want +got):\n%s", tc.policy, diff)
			}
			for i, d := range got {
				if d < tc.want[i]-slack || d > tc.want[i]+slack {
					t.Errorf("delay %d = %v; want %v", i+1, d, tc.want[i])
				}
			}
		})
	}
	for _, tc := range []testCase{
		{
			name:   "doubling, capped",
			policy: retry.Policy{MaxAttempts: 6, BaseDelay: s, MaxDelay: 5 * s, Multiplier: 2},
			want:   []time.Duration{s, 2 * s, 4 * s, 5 * s, 5 * s},
		},
		{
			name:   "no cap when MaxDelay is 0",
			policy: retry.Policy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, Multiplier: 3},
			want:   []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 900 * time.Millisecond, 2700 * time.Millisecond},
		},
		{
			name:   "fractional multiplier",
			policy: retry.Policy{MaxAttempts: 4, BaseDelay: 2 * s, Multiplier: 1.5},
			want:   []time.Duration{2 * s, 3 * s, 4500 * time.Millisecond},
		},
		{
			name:   "multiplier below 1 means constant",
			policy: retry.Policy{MaxAttempts: 4, BaseDelay: s, Multiplier: 0.5},
			want:   []time.Duration{s, s, s},
		},
		{
			name:   "multiplier 0 means constant",
			policy: retry.Policy{MaxAttempts: 4, BaseDelay: s},
			want:   []time.Duration{s, s, s},
		},
		{
			name:   "base above the cap",
			policy: retry.Policy{MaxAttempts: 3, BaseDelay: 10 * s, MaxDelay: 3 * s, Multiplier: 2},
			want:   []time.Duration{3 * s, 3 * s},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// checkBounds checks that each delay lies within the jitter's bounds around
// its nominal delay, both capped at MaxDelay.
func checkBounds(t *testing.T, p retry.Policy, delays []time.Duration) {
	t.Helper()
	capped := func(d float64) time.Duration {
		if p.MaxDelay > 0 && d >= float64(p.MaxDelay) {
			return p.MaxDelay
		}
		return time.Duration(d)
	}
	for k, d := range delays {
		nominal := float64(p.BaseDelay) * math.Pow(max(p.Multiplier, 1), float64(k))
		lo, hi := capped(nominal*(1-p.Jitter)), capped(nominal*(1+p.Jitter))
		if d < lo-slack || d > hi+slack {
			t.Errorf("%+v: delay %d = %v; want it within [%v, %v]", p, k+1, d, lo, hi)
		}
	}
}

// TestCorrectness_JitterStaysWithinBounds checks that jittered delays stay
// within the bounds the prompt gives.
func TestCorrectness_JitterStaysWithinBounds(t *testing.T) {
	for _, p := range []retry.Policy{
		{MaxAttempts: 12, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second, Multiplier: 1.5, Jitter: 0.3},
		{MaxAttempts: 8, BaseDelay: time.Second, Multiplier: 2, Jitter: 1},
		{MaxAttempts: 8, BaseDelay: 50 * time.Millisecond, MaxDelay: time.Second, Multiplier: 3, Jitter: 0.1},
	} {
		gradertest.Bubble(t, func(t *testing.T) {
			for range 20 {
				a := failing(errorsN(p.MaxAttempts)...)
				retry.Do(t.Context(), p, a.fn)
				if diff := cmp.Diff(p.MaxAttempts, a.count()); diff != "" {
					t.Fatalf("%+v: calls to fn (-want +got):\n%s", p, diff)
				}
				checkBounds(t, p, a.delays())
			}
		})
	}
}

// TestCorrectness_JitterIsRandomAndSpreadBothWays checks that jittered
// delays vary, and spread both above and below the nominal delay.
func TestCorrectness_JitterIsRandomAndSpreadBothWays(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		p := retry.Policy{MaxAttempts: 41, BaseDelay: time.Second, Multiplier: 1, Jitter: 0.5}
		a := failing(errorsN(p.MaxAttempts)...)
		retry.Do(t.Context(), p, a.fn)
		delays := a.delays()
		checkBounds(t, p, delays)
		below, above := 0, 0
		for _, d := range delays {
			switch {
			case d < p.BaseDelay:
				below++
			case d > p.BaseDelay:
				above++
			}
		}
		// With 40 random delays, each side of the nominal delay gets some.
		if below == 0 || above == 0 {
			t.Errorf("%+v: of %d delays, %d were below the nominal %v and %d above; want both sides, at random: %v",
				p, len(delays), below, p.BaseDelay, above, roundMs(delays))
		}
	})
}

// After many attempts the nominal delay exceeds what a time.Duration can
// hold; the cap must still hold and no delay may collapse to zero.
func TestCorrectness_CapHoldsForManyAttempts(t *testing.T) {
	for _, p := range []retry.Policy{
		{MaxAttempts: 60, BaseDelay: time.Second, MaxDelay: time.Minute, Multiplier: 10, Jitter: 0.2},
		{MaxAttempts: 100, BaseDelay: time.Millisecond, MaxDelay: time.Hour, Multiplier: 2},
	} {
		gradertest.Bubble(t, func(t *testing.T) {
			a := failing(errorsN(p.MaxAttempts)...)
			retry.Do(t.Context(), p, a.fn)
			if diff := cmp.Diff(p.MaxAttempts, a.count()); diff != "" {
				t.Fatalf("%+v: calls to fn (-want +got):\n%s", p, diff)
			}
			checkBounds(t, p, a.delays())
		})
	}
}

// startDo runs Do in a goroutine and returns the channel its result comes
// on.
func startDo(ctx context.Context, p retry.Policy, fn func(context.Context) error) <-chan result {
	done := make(chan result, 1)
	go func() { done <- result{retry.Do(ctx, p, fn)} }()
	return done
}

// TestCorrectness_CancelDuringWaitReturnsPromptly checks that Do returns
// promptly when its context is cancelled during a wait.
func TestCorrectness_CancelDuringWaitReturnsPromptly(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		a := failing(errBoom, errBoom, errBoom)
		done := startDo(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Hour}, a.fn)
		time.Sleep(10 * time.Second)
		cancel()
		synctest.Wait()
		select {
		case r := <-done:
			if !errors.Is(r.err, context.Canceled) || !errors.Is(r.err, errBoom) {
				t.Errorf("Do = %v; want an error wrapping both context.Canceled and fn's last error (%q)", r.err, errBoom)
			}
		default:
			t.Fatal("Do had not returned once ctx was cancelled during its 1h wait; want it to return at once")
		}
		if diff := cmp.Diff(1, a.count()); diff != "" {
			t.Errorf("calls to fn (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_DeadlineDuringWait checks that Do returns when its
// context's deadline passes during a wait.
func TestCorrectness_DeadlineDuringWait(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		a := failing(errBoom, errBoom, errBoom)
		done := startDo(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Hour}, a.fn)
		time.Sleep(29 * time.Second)
		synctest.Wait()
		select {
		case r := <-done:
			t.Fatalf("Do returned %v before ctx's deadline; want it to keep waiting until ctx is done", r.err)
		default:
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		select {
		case r := <-done:
			if !errors.Is(r.err, context.DeadlineExceeded) || !errors.Is(r.err, errBoom) {
				t.Errorf("Do = %v; want an error wrapping both context.DeadlineExceeded and fn's last error (%q)", r.err, errBoom)
			}
		default:
			t.Fatal("Do had not returned once ctx's deadline passed during its 1h wait; want it to return at once")
		}
	})
}

// TestCorrectness_CancelledBeforeStart checks what Do does with a context
// that is already cancelled.
func TestCorrectness_CancelledBeforeStart(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		a := failing()
		err := retry.Do(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Second}, a.fn)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Do with a cancelled ctx = %v; want an error wrapping context.Canceled", err)
		}
		if diff := cmp.Diff(0, a.count()); diff != "" {
			t.Errorf("calls to fn with a cancelled ctx (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_CancelDuringAttemptStopsRetrying checks that a cancel
// during an attempt stops further attempts.
func TestCorrectness_CancelDuringAttemptStopsRetrying(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		calls := 0
		fnErr := errors.New("interrupted")
		err := retry.Do(ctx, retry.Policy{MaxAttempts: 5, BaseDelay: time.Second}, func(context.Context) error {
			calls++
			cancel()
			return fnErr
		})
		if !errors.Is(err, context.Canceled) || !errors.Is(err, fnErr) {
			t.Errorf("Do = %v; want an error wrapping both context.Canceled and fn's error (%q)", err, fnErr)
		}
		if diff := cmp.Diff(1, calls); diff != "" {
			t.Errorf("calls to fn after it cancelled ctx (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_PassesContextToFn checks that fn gets Do's context.
func TestCorrectness_PassesContextToFn(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		type key struct{}
		ctx := context.WithValue(t.Context(), key{}, "marker")
		var got []any
		retry.Do(ctx, retry.Policy{MaxAttempts: 2, BaseDelay: time.Second}, func(ctx context.Context) error {
			got = append(got, ctx.Value(key{}))
			return errBoom
		})
		if diff := cmp.Diff([]any{"marker", "marker"}, got); diff != "" {
			t.Errorf("the value of fn's ctx, one per call (-want +got):\n%s", diff)
		}
	})
}
