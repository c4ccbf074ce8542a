package firstof_test

import (
	"context"
	"errors"
	"testing"

	"firstof"
)

// BenchmarkLatency_Success measures FirstOf over one function that succeeds
// at once.
func BenchmarkLatency_Success(b *testing.B) {
	ok := func(ctx context.Context) (int, error) { return 1, nil }
	for b.Loop() {
		if v, err := firstof.FirstOf(context.Background(), ok); v != 1 || err != nil {
			b.Fatalf("FirstOf = %v, %v; want 1, nil", v, err)
		}
	}
}

// BenchmarkLatency_AllFail measures FirstOf over four functions that fail at
// once.
func BenchmarkLatency_AllFail(b *testing.B) {
	boom := errors.New("boom")
	fail := func(ctx context.Context) (int, error) { return 0, boom }
	for b.Loop() {
		if _, err := firstof.FirstOf(context.Background(), fail, fail, fail, fail); err == nil {
			b.Fatalf("FirstOf of failing functions returned no error")
		}
	}
}
