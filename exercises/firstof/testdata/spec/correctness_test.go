package firstof_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"firstof"
	"firstof/internal/gradertest"
)

// TestCorrectness_NoFuncs checks what FirstOf returns when it is given no
// functions.
func TestCorrectness_NoFuncs(t *testing.T) {
	v, err := firstof.FirstOf[int](context.Background())
	if v != 0 || !errors.Is(err, firstof.ErrNoFuncs) {
		t.Errorf("FirstOf with no functions = %v, %v; want 0, ErrNoFuncs", v, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := firstof.FirstOf[string](ctx); !errors.Is(err, firstof.ErrNoFuncs) {
		t.Errorf("FirstOf with no functions and a cancelled context = %v, want ErrNoFuncs", err)
	}
}

// TestCorrectness_FirstSuccessWins checks which value FirstOf returns and
// when.
func TestCorrectness_FirstSuccessWins(t *testing.T) {
	errA, errB := errors.New("a failed"), errors.New("b failed")
	tests := []struct {
		name string
		fns  []fn
		want string
		at   time.Duration // FirstOf returns between at-0.5s and at+0.5s
	}{
		{
			name: "one function",
			fns:  []fn{succeedAfter(time.Second, "only")},
			want: "only", at: time.Second,
		},
		{
			name: "the fastest of three successes",
			fns:  []fn{succeedAfter(3*time.Second, "slow"), succeedAfter(time.Second, "fast"), succeedAfter(2*time.Second, "medium")},
			want: "fast", at: time.Second,
		},
		{
			name: "a success after failures",
			fns:  []fn{failAfter(time.Second, errA), succeedAfter(3*time.Second, "late"), failAfter(2*time.Second, errB)},
			want: "late", at: 3 * time.Second,
		},
		{
			name: "a success before a failure",
			fns:  []fn{failAfter(5*time.Second, errA), succeedAfter(2*time.Second, "early")},
			want: "early", at: 2 * time.Second,
		},
		{
			name: "an empty value is a success",
			fns:  []fn{succeedAfter(4*time.Second, "x"), succeedAfter(2*time.Second, "")},
			want: "", at: 2 * time.Second,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				start := time.Now()
				ch := runAsync(context.Background(), tc.fns...)
				time.Sleep(tc.at - 500*time.Millisecond)
				if returned(ch) {
					o := <-ch
					t.Fatalf("FirstOf returned %q, %v after %v, before any function had succeeded, want %q at %v", o.value, o.err, time.Since(start), tc.want, tc.at)
				}
				time.Sleep(time.Second)
				if !returned(ch) {
					t.Fatalf("FirstOf had not returned %v after the call, want it to return at %v when a function succeeds", time.Since(start), tc.at)
				}
				o := <-ch
				if o.err != nil {
					t.Errorf("FirstOf error = %v, want nil", o.err)
				}
				if diff := cmp.Diff(tc.want, o.value); diff != "" {
					t.Errorf("FirstOf value mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestCorrectness_RunsConcurrently checks that every function starts at
// once, without waiting for the others.
func TestCorrectness_RunsConcurrently(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		started := map[int]time.Duration{}
		var fns []fn
		for i := range 5 {
			next := failAfter(time.Second, fmt.Errorf("fn %d failed", i))
			if i == 4 {
				next = succeedAfter(time.Second, "last")
			}
			fns = append(fns, func(ctx context.Context) (string, error) {
				mu.Lock()
				started[i] = time.Since(start)
				mu.Unlock()
				return next(ctx)
			})
		}
		o := await(t, runAsync(context.Background(), fns...), "five one-second functions")
		if diff := cmp.Diff(outcome{value: "last"}, o, cmp.AllowUnexported(outcome{}), cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
			t.Errorf("FirstOf result mismatch (-want +got):\n%s", diff)
		}
		mu.Lock()
		defer mu.Unlock()
		want := map[int]time.Duration{0: 0, 1: 0, 2: 0, 3: 0, 4: 0}
		if diff := cmp.Diff(want, started); diff != "" {
			t.Errorf("virtual time at which each function started mismatch (-want +got): they must all run at once\n%s", diff)
		}
	})
}

// TestCorrectness_CancelsLosers checks that the functions still running when
// one succeeds see their context cancelled.
func TestCorrectness_CancelsLosers(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		seen := map[int]string{}
		loser := func(i int) fn {
			return func(ctx context.Context) (string, error) {
				<-ctx.Done()
				mu.Lock()
				seen[i] = fmt.Sprintf("%v, cancelled promptly: %v", ctx.Err(), time.Since(start) < 1500*time.Millisecond)
				mu.Unlock()
				return "", ctx.Err()
			}
		}
		ch := runAsync(context.Background(), loser(0), succeedAfter(time.Second, "winner"), loser(2), loser(3))
		o := await(t, ch, "a winner at 1s and three losers that wait for their context")
		if o.err != nil || o.value != "winner" {
			t.Errorf("FirstOf = %q, %v; want %q, nil", o.value, o.err, "winner")
		}
		time.Sleep(time.Second)
		mu.Lock()
		defer mu.Unlock()
		want := map[int]string{0: "context canceled, cancelled promptly: true", 2: "context canceled, cancelled promptly: true", 3: "context canceled, cancelled promptly: true"}
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("what the losers saw (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_AllFail checks that FirstOf joins every error, in the
// order of the functions, once they have all failed.
func TestCorrectness_AllFail(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		errs := []error{errors.New("first"), errors.New("second"), errors.New("third"), errors.New("fourth")}
		start := time.Now()
		// They fail in the order 3, 1, 0, 2.
		ch := runAsync(context.Background(),
			failAfter(3*time.Second, errs[0]),
			failAfter(2*time.Second, errs[1]),
			failAfter(4*time.Second, errs[2]),
			failAfter(time.Second, errs[3]),
		)
		time.Sleep(3500 * time.Millisecond)
		if returned(ch) {
			o := <-ch
			t.Fatalf("FirstOf returned %q, %v after %v, with a function still running, want it to wait for every function", o.value, o.err, time.Since(start))
		}
		o := await(t, ch, "four functions that all fail")
		if o.value != "" {
			t.Errorf("FirstOf value = %q when every function failed, want the zero value", o.value)
		}
		if o.err == nil {
			t.Fatalf("FirstOf error = nil when every function failed")
		}
		for _, e := range errs {
			if !errors.Is(o.err, e) {
				t.Errorf("errors.Is(err, %q) = false: FirstOf must join every function's error; err = %v", e, o.err)
			}
		}
		var got []string
		for _, e := range joined(o.err) {
			got = append(got, e.Error())
		}
		if diff := cmp.Diff([]string{"first", "second", "third", "fourth"}, got); diff != "" {
			t.Errorf("errors joined by FirstOf, in order, mismatch (-want +got): want errors.Join of every error in the order of the functions\n%s", diff)
		}
	})
}

// TestCorrectness_AllFailZeroValue checks the zero value of other types.
func TestCorrectness_AllFailZeroValue(t *testing.T) {
	boom := errors.New("boom")
	n, err := firstof.FirstOf(context.Background(), func(ctx context.Context) (int, error) { return 42, boom })
	if n != 0 || !errors.Is(err, boom) {
		t.Errorf("FirstOf[int] of one failing function that returned 42 = %v, %v; want 0, boom", n, err)
	}
	type pair struct{ A, B int }
	p, err := firstof.FirstOf(context.Background(),
		func(ctx context.Context) (*pair, error) { return &pair{1, 2}, boom },
		func(ctx context.Context) (*pair, error) { return &pair{3, 4}, boom },
	)
	if p != nil || err == nil {
		t.Errorf("FirstOf[*pair] of failing functions = %v, %v; want nil and an error", p, err)
	}
	p, err = firstof.FirstOf(context.Background(),
		func(ctx context.Context) (*pair, error) { return nil, boom },
		func(ctx context.Context) (*pair, error) { return &pair{5, 6}, nil },
	)
	if diff := cmp.Diff(&pair{5, 6}, p); diff != "" || err != nil {
		t.Errorf("FirstOf[*pair] with one success: err = %v, value mismatch (-want +got):\n%s", err, diff)
	}
}

// TestCorrectness_ParentDone checks that FirstOf returns the parent
// context's error once it is done before any function succeeded.
func TestCorrectness_ParentDone(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fns     []fn
		cancel  bool // cancel at 1s instead of a 1s deadline
		wantErr error
	}{
		{
			name:    "deadline, functions still running",
			fns:     []fn{succeedAfter(5*time.Second, "late"), succeedAfter(3*time.Second, "later")},
			wantErr: context.DeadlineExceeded,
		},
		{
			name:    "deadline, after one function failed",
			fns:     []fn{failAfter(500*time.Millisecond, boom), succeedAfter(3*time.Second, "late")},
			wantErr: context.DeadlineExceeded,
		},
		{
			name:    "cancelled, functions still running",
			fns:     []fn{succeedAfter(5*time.Second, "late"), failAfter(3*time.Second, boom)},
			cancel:  true,
			wantErr: context.Canceled,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				var ctx context.Context
				var cancel context.CancelFunc
				if tc.cancel {
					ctx, cancel = context.WithCancel(context.Background())
					time.AfterFunc(time.Second, cancel)
				} else {
					ctx, cancel = context.WithTimeout(context.Background(), time.Second)
				}
				defer cancel()
				ch := runAsync(ctx, tc.fns...)
				time.Sleep(500*time.Millisecond + time.Millisecond)
				if returned(ch) {
					o := <-ch
					t.Fatalf("FirstOf returned %q, %v at 0.5s, before its context was done (at 1s)", o.value, o.err)
				}
				time.Sleep(time.Second)
				if !returned(ch) {
					t.Fatalf("FirstOf had not returned 0.5s after its context was done, with functions that return as soon as their context is done")
				}
				o := <-ch
				if o.value != "" || !errors.Is(o.err, tc.wantErr) {
					t.Errorf("FirstOf = %q, %v; want the zero value and an error that errors.Is %v (the context's error)", o.value, o.err, tc.wantErr)
				}
			})
		})
	}
}

// TestCorrectness_ParentAlreadyDone calls FirstOf with a context that is
// already done.
func TestCorrectness_ParentAlreadyDone(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		o := await(t, runAsync(ctx, succeedAfter(time.Second, "a"), succeedAfter(2*time.Second, "b")), "FirstOf with a cancelled context")
		if o.value != "" || !errors.Is(o.err, context.Canceled) {
			t.Errorf("FirstOf with a cancelled context = %q, %v; want the zero value and context.Canceled", o.value, o.err)
		}
	})
}

// TestCorrectness_SuccessBeforeDeadline checks that a success before the
// parent's deadline is returned.
func TestCorrectness_SuccessBeforeDeadline(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		o := await(t, runAsync(ctx, succeedAfter(5*time.Second, "late"), succeedAfter(time.Second, "in time")), "FirstOf")
		if o.value != "in time" || o.err != nil {
			t.Errorf("FirstOf with a 2s deadline and a success at 1s = %q, %v; want %q, nil", o.value, o.err, "in time")
		}
	})
}

// TestCorrectness_ContextDerivedFromParent checks that the functions' context
// carries the parent's values and deadline.
func TestCorrectness_ContextDerivedFromParent(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		type key struct{}
		ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), time.Hour)
		defer cancel()
		want, _ := ctx.Deadline()
		var mu sync.Mutex
		var got []string
		check := func(ctx context.Context) (string, error) {
			d, ok := ctx.Deadline()
			mu.Lock()
			got = append(got, fmt.Sprintf("value %v, deadline %v", ctx.Value(key{}), ok && d.Equal(want)))
			mu.Unlock()
			return "", errors.New("checked")
		}
		await(t, runAsync(ctx, check, check), "FirstOf")
		mu.Lock()
		defer mu.Unlock()
		if diff := cmp.Diff([]string{"value v, deadline true", "value v, deadline true"}, got); diff != "" {
			t.Errorf("what the functions' contexts carry mismatch (-want +got): each must be derived from FirstOf's context\n%s", diff)
		}
	})
}
