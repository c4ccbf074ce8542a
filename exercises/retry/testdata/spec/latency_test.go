package retry_test

import (
	"context"
	"hash/crc32"
	"testing"
	"time"

	"retry"
)

// work stands for what fn does: a few microseconds of computation (real
// work, such as a network call, takes far longer). The benchmarks measure
// Do's overhead beside it.
var buf = make([]byte, 16<<10)

func work() uint32 { return crc32.ChecksumIEEE(buf) }

var sink uint32

// The policies allow many attempts (retrying for as long as ctx allows is
// common): Do's cost must depend on the attempts it makes, not on
// MaxAttempts.
const manyAttempts = 100000

// BenchmarkLatency_FirstAttemptSucceeds is the common case: fn succeeds at
// once, and Do should cost little beside it.
func BenchmarkLatency_FirstAttemptSucceeds(b *testing.B) {
	ctx := context.Background()
	p := retry.Policy{MaxAttempts: manyAttempts, BaseDelay: time.Second, MaxDelay: time.Minute, Multiplier: 2, Jitter: 0.2}
	fn := func(context.Context) error {
		sink += work()
		return nil
	}
	for b.Loop() {
		if err := retry.Do(ctx, p, fn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLatency_RetriesWithoutDelay fails three times before succeeding,
// with no delay between attempts.
func BenchmarkLatency_RetriesWithoutDelay(b *testing.B) {
	ctx := context.Background()
	p := retry.Policy{MaxAttempts: manyAttempts, Multiplier: 2, Jitter: 0.2}
	for b.Loop() {
		calls := 0
		err := retry.Do(ctx, p, func(context.Context) error {
			sink += work()
			if calls++; calls < 4 {
				return errBoom
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
