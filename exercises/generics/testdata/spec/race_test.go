package generics_test

import (
	"runtime"
	"strconv"
	"sync"
	"testing"

	"generics"
)

// The race tests only exercise the package from many goroutines at once:
// the race detector is the judge (behaviour is the correctness suite's
// business).

// hammer runs work on workers goroutines at once and waits for them.
func hammer(workers int, work func(worker int)) {
	var start, done sync.WaitGroup
	start.Add(1)
	for w := range workers {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			work(w)
		}()
	}
	start.Done()
	done.Wait()
}

func ints(n, offset int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + offset
	}
	return s
}

// The functions must keep no hidden state between calls: calls from many
// goroutines at once, each on its own data, must not race.
func TestRace_FunctionsCalledConcurrentlyOnDistinctData(t *testing.T) {
	hammer(8, func(w int) {
		for i := range 200 {
			s := ints(64, w*1000+i)
			generics.Map(s, strconv.Itoa)
			generics.Filter(s, func(v int) bool { return v%3 == 0 })
			generics.Reduce(s, 0, func(acc, v int) int { return acc + v })
			generics.Min(s[0], s[1:]...)
			generics.Max(s[0], s[1:]...)
		}
	})
}

// Map, Filter and Reduce call their function argument from one goroutine
// at a time, so that a function that is not safe for concurrent use (like
// these, which update a plain counter) may be passed. An implementation
// that calls them in parallel races. (The callbacks yield, so that calls
// made in parallel overlap in time and the race detector sees them.)
func TestRace_CallbacksAreNotCalledConcurrently(t *testing.T) {
	s := ints(20000, 0)
	calls := 0
	generics.Map(s, func(v int) int {
		calls++
		runtime.Gosched()
		return v
	})
	generics.Filter(s, func(v int) bool {
		calls++
		runtime.Gosched()
		return v%2 == 0
	})
	generics.Reduce(s, 0, func(acc, v int) int {
		calls++
		runtime.Gosched()
		return acc + v
	})
	_ = calls
}

// A set nobody modifies may be read from many goroutines at once, like a
// map: its read-only methods must not write to it. (Each round reads fresh
// sets, so that what happens on a first read is exercised many times.)
func TestRace_SetReadOnlyMethodsConcurrently(t *testing.T) {
	for range 30 {
		a := generics.NewSet(ints(100, 0)...)
		b := generics.NewSet(ints(100, 50)...)
		hammer(8, func(w int) {
			for i := range 10 {
				a.Contains(i * w)
				a.Len()
				a.Items()
				b.Items()
				a.Union(b)
				b.Intersect(a)
			}
		})
	}
}
