// Package gradertest is the support library for hidden spec suites. The
// grader copies it into every sandbox module as <slug>/internal/gradertest,
// so a spec imports it as "<slug>/internal/gradertest". It depends only on
// the standard library, so it builds offline in any sandbox.
//
// Its job is to keep verdicts in their own suite: a correctness test that
// runs on virtual time must not fail because the candidate leaked a
// goroutine (that costs points in the leak suite, and only there).
package gradertest

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
)

// SeedEnv is the environment variable through which the grader hands every
// test process the grading's seed.
const SeedEnv = "GRADER_SEED"

// leftBehind is the start of the panic message with which synctest.Test
// reports goroutines still blocked in the bubble after the test function
// returned: a leak, which the leak suite judges.
const leftBehind = "deadlock: main bubble goroutine has exited but blocked goroutines remain"

// Bubble runs f on virtual time, in a [synctest] bubble, like
// [synctest.Test]. Unlike synctest.Test it does not fail the test when f
// returns while goroutines it started are still blocked: those goroutines
// are a leak, and only the leak suite may take points for them. A real
// deadlock (every goroutine in the bubble blocked while f is still running)
// still fails the test.
//
// Use Bubble in correctness tests; use synctest.Test directly in leak
// tests, where goroutines left behind must fail.
func Bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && strings.HasPrefix(err.Error(), leftBehind) {
				return
			}
			panic(r)
		}
	}()
	synctest.Test(t, f)
}

// Seed returns the seed a randomised test must use, and logs it so that a
// failure can be replayed with 'grader grade --seed'. It is the grading's
// seed from [SeedEnv], or 1 when the test runs outside the grader.
func Seed(t testing.TB) int64 {
	t.Helper()
	seed := int64(1)
	if v := os.Getenv(SeedEnv); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("gradertest: %s=%q is not an integer", SeedEnv, v)
		}
		seed = n
	}
	t.Logf("seed %d", seed)
	return seed
}
