package circuitbreaker_test

import (
	"testing"
	"time"

	"circuitbreaker"
)

// The latency benchmarks are sequential on purpose: a parallel benchmark's
// result would depend on the number of cores (a breaker that serialises
// calls is as fast as any on one core, and 16 times slower on 16), so the
// verdict would change with the machine. Serialising calls is a correctness
// failure instead (TestCorrectness_ClosedCallsRunConcurrently).

// BenchmarkLatency_ExecuteClosed measures a call through a closed breaker
// with a long history of calls.
//
// BenchmarkLatency_ExecuteClosed measures a call through a closed breaker
// that has already handled many calls (20,000), some of them failures
// (fewer in a row than the threshold): the cost of a call must not grow with
// the breaker's history.
func BenchmarkLatency_ExecuteClosed(b *testing.B) {
	cb := circuitbreaker.NewCircuitBreaker(5, time.Hour)
	i := 0
	fn := func() error {
		i++
		if i%4 == 0 {
			return errFailure
		}
		return nil
	}
	for range 20_000 {
		_ = cb.Execute(fn)
	}
	for b.Loop() {
		_ = cb.Execute(fn)
	}
}

// BenchmarkLatency_ExecuteOpen measures a call rejected by an open breaker:
// a breaker exists to fail fast. Its budget is generous (100 times the
// reference) because a descriptive rejection, fmt.Errorf("%w: retry in %v",
// ErrOpen, ...), is a sane design and costs 10 to 25 times a bare ErrOpen; it
// still catches a rejection that sleeps or waits.
func BenchmarkLatency_ExecuteOpen(b *testing.B) {
	cb := circuitbreaker.NewCircuitBreaker(1, time.Hour)
	_ = cb.Execute(func() error { return errFailure })
	fn := func() error { return nil }
	for b.Loop() {
		_ = cb.Execute(fn)
	}
}
