package circuitbreaker_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"circuitbreaker"
	"circuitbreaker/internal/gradertest"

	"github.com/google/go-cmp/cmp"
)

// TestCorrectness_StateValues checks that the State constants have the
// values the prompt gives them.
func TestCorrectness_StateValues(t *testing.T) {
	got := []int{int(circuitbreaker.StateClosed), int(circuitbreaker.StateHalfOpen), int(circuitbreaker.StateOpen)}
	if diff := cmp.Diff([]int{0, 1, 2}, got); diff != "" {
		t.Errorf("StateClosed, StateHalfOpen, StateOpen (-want +got):\n%s", diff)
	}
}

// TestCorrectness_NewPanicsOnNonPositiveThreshold checks that
// NewCircuitBreaker panics for a threshold that is not positive.
func TestCorrectness_NewPanicsOnNonPositiveThreshold(t *testing.T) {
	for _, threshold := range []int{0, -1, -100} {
		if !panics(func() { circuitbreaker.NewCircuitBreaker(threshold, time.Second) }) {
			t.Errorf("NewCircuitBreaker(%d, time.Second) did not panic", threshold)
		}
	}
	if panics(func() { circuitbreaker.NewCircuitBreaker(1, time.Second) }) {
		t.Errorf("NewCircuitBreaker(1, time.Second) panicked")
	}
}

// TestCorrectness_StartsClosed checks that a new breaker is closed and calls
// fn.
func TestCorrectness_StartsClosed(t *testing.T) {
	cb := circuitbreaker.NewCircuitBreaker(3, time.Hour)
	wantState(t, cb, circuitbreaker.StateClosed, "of a new breaker")
	wantCall(t, cb, nil, succeeded, "on a new breaker with an fn that succeeds")
	wantState(t, cb, circuitbreaker.StateClosed, "after a success")
}

// TestCorrectness_ReturnsFnErrorUnchanged checks that Execute returns fn's
// error as it is, while closed.
func TestCorrectness_ReturnsFnErrorUnchanged(t *testing.T) {
	// Distinct error values, so that returning another call's error, a
	// copy or a wrapper shows.
	errs := []error{
		errors.New("first failure"),
		&customError{code: 503},
		fmt.Errorf("third failure: %w", errFailure),
	}
	cb := circuitbreaker.NewCircuitBreaker(len(errs), time.Hour)
	for i, fnErr := range errs {
		reason := "below the threshold"
		if i == len(errs)-1 {
			reason = "the one that opens the breaker"
		}
		wantCallExact(t, cb, fnErr, failed, fmt.Sprintf("with failing call %d (%s)", i+1, reason))
	}
}

// TestCorrectness_TrialReturnsFnErrorUnchanged checks that a half-open trial
// returns fn's error as it is.
func TestCorrectness_TrialReturnsFnErrorUnchanged(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const resetTimeout = 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(1, resetTimeout)
		trip(t, cb, 1)
		time.Sleep(resetTimeout + time.Second)
		wantCallExact(t, cb, &customError{code: 500}, failed, "with a trial call that fails, on a half-open breaker")
		time.Sleep(resetTimeout + time.Second)
		wantCallExact(t, cb, nil, succeeded, "with a trial call that succeeds, on a half-open breaker")
	})
}

// customError is an error type of the fn's own.
type customError struct{ code int }

func (e *customError) Error() string { return fmt.Sprintf("status %d", e.code) }

// TestCorrectness_OpensAfterThresholdConsecutiveFailures checks that the
// breaker opens after the threshold's number of consecutive failures, and
// not before.
func TestCorrectness_OpensAfterThresholdConsecutiveFailures(t *testing.T) {
	for _, threshold := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("threshold=%d", threshold), func(t *testing.T) {
			cb := circuitbreaker.NewCircuitBreaker(threshold, time.Hour)
			for i := range threshold - 1 {
				wantCall(t, cb, errFailure, failed, fmt.Sprintf("with failing call %d", i+1))
				wantState(t, cb, circuitbreaker.StateClosed, fmt.Sprintf("after %d failures", i+1))
			}
			wantCall(t, cb, errFailure, failed, fmt.Sprintf("with failing call %d", threshold))
			wantState(t, cb, circuitbreaker.StateOpen, fmt.Sprintf("after %d failures", threshold))
		})
	}
}

// TestCorrectness_SuccessResetsFailureCount checks that a success resets the
// count of consecutive failures.
func TestCorrectness_SuccessResetsFailureCount(t *testing.T) {
	const threshold = 3
	cb := circuitbreaker.NewCircuitBreaker(threshold, time.Hour)
	steps := []struct {
		fnErr error
		want  result
		state circuitbreaker.State
	}{
		{errFailure, failed, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateClosed},
		{nil, succeeded, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateClosed},
		{nil, succeeded, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateClosed},
		{errFailure, failed, circuitbreaker.StateOpen},
	}
	var done []string
	for _, s := range steps {
		if s.fnErr == nil {
			done = append(done, "success")
		} else {
			done = append(done, "failure")
		}
		when := fmt.Sprintf("after %s (threshold %d)", strings.Join(done, ", "), threshold)
		if diff := cmp.Diff(s.want, call(cb, s.fnErr)); diff != "" {
			t.Fatalf("Execute, the call ending the sequence %s (-want +got):\n%s", when, diff)
		}
		wantState(t, cb, s.state, when)
	}
}

// TestCorrectness_OpenRejectsWithoutCallingFn checks that an open breaker
// rejects calls with ErrOpen without calling fn.
func TestCorrectness_OpenRejectsWithoutCallingFn(t *testing.T) {
	cb := circuitbreaker.NewCircuitBreaker(2, time.Hour)
	trip(t, cb, 2)
	for i := range 3 {
		wantCall(t, cb, nil, rejected, fmt.Sprintf("on an open breaker (call %d, fn would succeed)", i+1))
		wantCall(t, cb, errFailure, rejected, fmt.Sprintf("on an open breaker (call %d, fn would fail)", i+1))
	}
	wantState(t, cb, circuitbreaker.StateOpen, "after rejected calls")
}

// TestCorrectness_StaysOpenUntilResetTimeout checks that the breaker stays
// open until the reset timeout has passed.
func TestCorrectness_StaysOpenUntilResetTimeout(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const resetTimeout = 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(2, resetTimeout)
		trip(t, cb, 2)
		elapsed := time.Duration(0)
		for _, at := range []time.Duration{time.Second, 5 * time.Second, 9 * time.Second} {
			time.Sleep(at - elapsed)
			elapsed = at
			when := fmt.Sprintf("%v after the breaker opened (resetTimeout %v)", at, resetTimeout)
			wantState(t, cb, circuitbreaker.StateOpen, when)
			wantCall(t, cb, nil, rejected, when)
		}
	})
}

// TestCorrectness_HalfOpenAfterResetTimeout checks that the breaker is half-
// open once the reset timeout has passed.
func TestCorrectness_HalfOpenAfterResetTimeout(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const resetTimeout = 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(2, resetTimeout)
		trip(t, cb, 2)
		time.Sleep(resetTimeout + time.Second)
		wantState(t, cb, circuitbreaker.StateHalfOpen, "11s after the breaker opened (resetTimeout 10s), with no call since")
		time.Sleep(time.Hour)
		wantState(t, cb, circuitbreaker.StateHalfOpen, "an hour later, still with no call since")
	})
}

// TestCorrectness_TrialSuccessCloses checks that a successful half-open
// trial closes the breaker.
func TestCorrectness_TrialSuccessCloses(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const threshold, resetTimeout = 3, 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(threshold, resetTimeout)
		trip(t, cb, threshold)
		time.Sleep(resetTimeout + time.Second)
		wantCall(t, cb, nil, succeeded, "with a trial call that succeeds, on a half-open breaker")
		wantState(t, cb, circuitbreaker.StateClosed, "after the trial call succeeded")
		wantCall(t, cb, nil, succeeded, "on a breaker closed by a successful trial")
		// The failure count starts over: it takes threshold new failures to
		// open the breaker again.
		for i := range threshold - 1 {
			wantCall(t, cb, errFailure, failed, fmt.Sprintf("with failure %d after the breaker closed again", i+1))
		}
		wantState(t, cb, circuitbreaker.StateClosed, fmt.Sprintf("after %d failures since it closed again (threshold %d)", threshold-1, threshold))
		wantCall(t, cb, errFailure, failed, fmt.Sprintf("with failure %d after the breaker closed again", threshold))
		wantState(t, cb, circuitbreaker.StateOpen, fmt.Sprintf("after %d failures since it closed again (threshold %d)", threshold, threshold))
	})
}

// TestCorrectness_TrialFailureReopens checks that a failed half-open trial
// opens the breaker again.
func TestCorrectness_TrialFailureReopens(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const resetTimeout = 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(2, resetTimeout)
		trip(t, cb, 2)
		time.Sleep(resetTimeout + time.Second)
		trialErr := errors.New("trial failed")
		wantCall(t, cb, trialErr, failed, "with a trial call that fails, on a half-open breaker")
		wantState(t, cb, circuitbreaker.StateOpen, "just after the trial call failed")
		wantCall(t, cb, nil, rejected, "just after the trial call failed")
		time.Sleep(resetTimeout - time.Second)
		when := "9s after the trial failed (resetTimeout 10s, 20s after the breaker first opened)"
		wantState(t, cb, circuitbreaker.StateOpen, when)
		wantCall(t, cb, nil, rejected, when)
		time.Sleep(2 * time.Second)
		wantState(t, cb, circuitbreaker.StateHalfOpen, "11s after the trial failed (resetTimeout 10s)")
		wantCall(t, cb, nil, succeeded, "with a second trial call that succeeds")
		wantState(t, cb, circuitbreaker.StateClosed, "after the second trial call succeeded")
	})
}

// TestCorrectness_HalfOpenAdmitsOneTrial checks that a half-open breaker
// lets one trial call through and rejects the others meanwhile.
func TestCorrectness_HalfOpenAdmitsOneTrial(t *testing.T) {
	for _, trialErr := range []error{nil, errFailure} {
		name, wantTrial, wantAfter := "trial succeeds", succeeded, circuitbreaker.StateClosed
		if trialErr != nil {
			name, wantTrial, wantAfter = "trial fails", failed, circuitbreaker.StateOpen
		}
		t.Run(name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				const resetTimeout = 10 * time.Second
				cb := circuitbreaker.NewCircuitBreaker(1, resetTimeout)
				trip(t, cb, 1)
				time.Sleep(resetTimeout + time.Second)

				release := make(chan struct{})
				trial := make(chan result, 1)
				go func() {
					called := false
					err := cb.Execute(func() error {
						called = true
						<-release
						return trialErr
					})
					trial <- result{Called: called, Err: describe(err, trialErr)}
				}()
				synctest.Wait() // the trial call is running, blocked in fn

				wantState(t, cb, circuitbreaker.StateHalfOpen, "while the trial call is running")
				for i := range 3 {
					wantCall(t, cb, nil, rejected, fmt.Sprintf("(call %d) while the half-open breaker's trial call is running", i+1))
				}
				close(release)
				if diff := cmp.Diff(wantTrial, <-trial); diff != "" {
					t.Fatalf("Execute of the trial call (-want +got):\n%s", diff)
				}
				wantState(t, cb, wantAfter, "after the trial call returned")
			})
		})
	}
}

// TestCorrectness_HalfOpenConcurrentCallers checks the half-open rule when
// many callers arrive at once.
func TestCorrectness_HalfOpenConcurrentCallers(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		const callers, resetTimeout = 10, 10 * time.Second
		cb := circuitbreaker.NewCircuitBreaker(2, resetTimeout)
		trip(t, cb, 2)
		time.Sleep(resetTimeout + time.Second)

		var entered atomic.Int32
		release := make(chan struct{})
		results := make(chan result, callers)
		for range callers {
			go func() {
				called := false
				err := cb.Execute(func() error {
					called = true
					entered.Add(1)
					<-release
					return nil
				})
				results <- result{Called: called, Err: describe(err, nil)}
			}()
		}
		synctest.Wait() // every caller has either returned or is blocked in fn
		if diff := cmp.Diff(int32(1), entered.Load()); diff != "" {
			t.Errorf("fn calls running at once, %d callers on a half-open breaker (-want +got):\n%s", callers, diff)
		}
		close(release)
		count := map[result]int{}
		for range callers {
			count[<-results]++
		}
		want := map[result]int{succeeded: 1, rejected: callers - 1}
		if diff := cmp.Diff(want, count); diff != "" {
			t.Errorf("results of %d concurrent calls on a half-open breaker (-want +got):\n%s", callers, diff)
		}
		wantState(t, cb, circuitbreaker.StateClosed, "after the only trial call succeeded")
	})
}

// TestCorrectness_ClosedCallsRunConcurrently checks that a closed breaker
// lets calls run at the same time.
//
// TestCorrectness_ClosedCallsRunConcurrently runs on real time, not in a
// bubble: a breaker that holds a sync.Mutex while fn runs would block the
// other callers on that mutex, which synctest does not count as durably
// blocked, so virtual time would stop and the test would hang until its
// time limit. Real time lets it fail after a few seconds instead. A correct
// breaker never waits here: the test is done as soon as every call is in fn.
func TestCorrectness_ClosedCallsRunConcurrently(t *testing.T) {
	const callers = 8
	cb := circuitbreaker.NewCircuitBreaker(3, time.Hour)

	var entered, peak atomic.Int32
	allIn := make(chan struct{})  // closed when every call is in fn
	giveUp := make(chan struct{}) // closed when the test stops waiting
	var closeAllIn sync.Once
	results := make(chan result, callers)
	for range callers {
		go func() {
			called := false
			err := cb.Execute(func() error {
				called = true
				n := entered.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if n == callers {
					closeAllIn.Do(func() { close(allIn) })
				}
				select {
				case <-allIn:
				case <-giveUp:
				}
				entered.Add(-1)
				return nil
			})
			results <- result{Called: called, Err: describe(err, nil)}
		}()
	}

	select {
	case <-allIn:
	case <-time.After(3 * time.Second):
		close(giveUp)
		t.Errorf("%d callers on a closed breaker, each fn waiting for the others: after 3s at most %d fn ran at once; calls through a closed breaker must run concurrently (is a lock held while fn runs?)", callers, peak.Load())
	}
	count := map[result]int{}
	deadline := time.After(5 * time.Second)
	for range callers {
		select {
		case r := <-results:
			count[r]++
		case <-deadline:
			t.Fatalf("Execute did not return within 5s after every fn returned")
		}
	}
	if diff := cmp.Diff(map[result]int{succeeded: callers}, count); diff != "" {
		t.Errorf("results of %d concurrent calls on a closed breaker (-want +got):\n%s", callers, diff)
	}
}

// TestCorrectness_RandomSequencesMatchModel plays random sequences of
// calls, State checks and sleeps against a model breaker. Sleeps are
// multiples of 300ms and resetTimeout is 1s, so no check ever falls on the
// exact instant resetTimeout ends.
func TestCorrectness_RandomSequencesMatchModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(gradertest.Seed(t)), 0xc1bc))
	for seq := range 8 {
		threshold := 1 + rng.IntN(4)
		ops := make([]int, 150)
		for i := range ops {
			ops[i] = rng.IntN(10)
		}
		t.Run(fmt.Sprintf("seq=%d/threshold=%d", seq, threshold), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				playModel(t, threshold, ops)
			})
		})
	}
}

// playModel runs ops (each 0 to 9) against a breaker and the model.
func playModel(t *testing.T, threshold int, ops []int) {
	const resetTimeout = time.Second
	cb := circuitbreaker.NewCircuitBreaker(threshold, resetTimeout)
	m := &model{threshold: threshold, resetTimeout: resetTimeout}
	var history []string
	for i, op := range ops {
		var desc, want, got string
		switch {
		case op < 3:
			desc = "call that succeeds"
			want, got = fmt.Sprint(m.execute(false)), fmt.Sprint(call(cb, nil))
		case op < 7:
			desc = "call that fails"
			want, got = fmt.Sprint(m.execute(true)), fmt.Sprint(call(cb, errFailure))
		case op < 8:
			desc = "State()"
			want, got = stateName(m.state()), stateName(cb.State())
		default:
			d := time.Duration(op-7) * 300 * time.Millisecond
			time.Sleep(d)
			m.now += d
			history = append(history, fmt.Sprintf("sleep %v", d))
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			recent := history[max(0, len(history)-12):]
			t.Fatalf("step %d, %s, with failureThreshold %d and resetTimeout %v, after ...%s (-want +got):\n%s",
				i+1, desc, threshold, resetTimeout, strings.Join(recent, ", "), diff)
		}
		history = append(history, fmt.Sprintf("%s: %s", desc, got))
	}
}

// model is a sequential model of a circuit breaker.
type model struct {
	threshold    int
	resetTimeout time.Duration
	now          time.Duration // virtual time since the start

	open     bool
	openedAt time.Duration
	failures int
}

func (m *model) state() circuitbreaker.State {
	switch {
	case !m.open:
		return circuitbreaker.StateClosed
	case m.now-m.openedAt >= m.resetTimeout:
		return circuitbreaker.StateHalfOpen
	default:
		return circuitbreaker.StateOpen
	}
}

func (m *model) execute(fail bool) result {
	switch m.state() {
	case circuitbreaker.StateOpen:
		return rejected
	case circuitbreaker.StateHalfOpen:
		if fail {
			m.openedAt = m.now
			return failed
		}
		m.open, m.failures = false, 0
		return succeeded
	}
	if !fail {
		m.failures = 0
		return succeeded
	}
	m.failures++
	if m.failures >= m.threshold {
		m.open, m.openedAt, m.failures = true, m.now, 0
	}
	return failed
}
