package generics_test

import (
	"strconv"
	"testing"

	"go.uber.org/goleak"

	"generics"
)

// Nothing in the package needs a goroutine: any goroutine left running
// after a call (a worker pool, a background helper) is a leak. The input is
// large, so that code meant for large inputs runs too.
func TestLeak_FunctionsLeaveNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := ints(20000, 0)
	generics.Map(s, strconv.Itoa)
	generics.Filter(s, func(v int) bool { return v%2 == 0 })
	generics.Reduce(s, 0, func(acc, v int) int { return acc + v })
	generics.Min(s[0], s[1:]...)
	generics.Max(s[0], s[1:]...)
}

// TestLeak_SetLeavesNoGoroutines checks that using a set leaves no goroutine
// running.
func TestLeak_SetLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t)
	a := generics.NewSet(ints(1000, 0)...)
	b := generics.NewSet(ints(1000, 500)...)
	a.Add(-1)
	a.Remove(-1)
	a.Contains(5)
	a.Items()
	a.Union(b)
	a.Intersect(b)
}
