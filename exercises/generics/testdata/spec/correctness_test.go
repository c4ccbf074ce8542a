package generics_test

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"generics"
	"generics/internal/gradertest"
)

type celsius float64

// TestCorrectness_MinMaxInts checks Min and Max on integers.
func TestCorrectness_MinMaxInts(t *testing.T) {
	type testCase struct {
		name     string
		a        int
		rest     []int
		min, max int
		reason   string
	}
	run := func(t *testing.T, tc testCase) {
		if diff := gocmp.Diff(tc.min, generics.Min(tc.a, tc.rest...)); diff != "" {
			t.Errorf("Min(%d, %v) (-want +got):\n%s", tc.a, tc.rest, diff)
		}
		if diff := gocmp.Diff(tc.max, generics.Max(tc.a, tc.rest...)); diff != "" {
			t.Errorf("Max(%d, %v) (-want +got):\n%s", tc.a, tc.rest, diff)
		}
	}
	for _, tc := range []testCase{
		{name: "one argument", a: 7, min: 7, max: 7},
		{name: "one negative argument", a: -7, min: -7, max: -7},
		{name: "mixed", a: 3, rest: []int{9, -2, 5}, min: -2, max: 9},
		{name: "all negative", a: -5, rest: []int{-3, -9}, min: -9, max: -3, reason: "the zero value is not an argument"},
		{name: "all positive", a: 5, rest: []int{3, 9}, min: 3, max: 9, reason: "the zero value is not an argument"},
		{name: "extreme first", a: -100, rest: []int{1, 2, 3}, min: -100, max: 3},
		{name: "extreme last", a: 1, rest: []int{2, 3, 100}, min: 1, max: 100},
		{name: "duplicates", a: 4, rest: []int{4, 4}, min: 4, max: 4},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_MinMaxOtherOrderedTypes checks Min and Max on other
// ordered types.
func TestCorrectness_MinMaxOtherOrderedTypes(t *testing.T) {
	if diff := gocmp.Diff("apple", generics.Min("pear", "apple", "plum")); diff != "" {
		t.Errorf("Min of strings (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff("plum", generics.Max("pear", "apple", "plum")); diff != "" {
		t.Errorf("Max of strings (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(-2.5, generics.Min(1.5, -2.5, 0.25)); diff != "" {
		t.Errorf("Min of float64s (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(-0.5, generics.Max(-1.5, -2.5, -0.5)); diff != "" {
		t.Errorf("Max of negative float64s (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(celsius(-40), generics.Min[celsius](3, -40, 21.5)); diff != "" {
		t.Errorf("Min of a named float type (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(time.Hour, generics.Max(time.Second, time.Hour, time.Minute)); diff != "" {
		t.Errorf("Max of time.Durations (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(uint8(1), generics.Min[uint8](200, 1, 255)); diff != "" {
		t.Errorf("Min of uint8s (-want +got):\n%s", diff)
	}
}

// recorder records the arguments a callback was called with. It is safe
// for concurrent use, so that the correctness suite judges only what was
// called, not how.
type recorder[T any] struct {
	mu    sync.Mutex
	calls []T
}

func (r *recorder[T]) record(v T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, v)
}

func (r *recorder[T]) sorted(compare func(a, b T) int) []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.SortedFunc(slices.Values(r.calls), compare)
}

// TestCorrectness_Map checks that Map applies its function to every element,
// in order.
func TestCorrectness_Map(t *testing.T) {
	s := []int{3, 1, 2, 1}
	var r recorder[int]
	got := generics.Map(s, func(v int) string {
		r.record(v)
		return strconv.Itoa(v * 10)
	})
	if diff := gocmp.Diff([]string{"30", "10", "20", "10"}, got); diff != "" {
		t.Errorf("Map(%v, itoa(10*v)) (-want +got):\n%s", s, diff)
	}
	if diff := gocmp.Diff([]int{1, 1, 2, 3}, r.sorted(cmp.Compare[int])); diff != "" {
		t.Errorf("Map(%v, f) called f with (sorted; want each element exactly once) (-want +got):\n%s", s, diff)
	}
	if diff := gocmp.Diff([]int{3, 1, 2, 1}, s); diff != "" {
		t.Errorf("Map modified its input (-want +got):\n%s", diff)
	}
}

// TestCorrectness_MapEmpty checks Map on empty and nil slices.
func TestCorrectness_MapEmpty(t *testing.T) {
	called := false
	for _, s := range [][]int{nil, {}} {
		got := generics.Map(s, func(v int) int { called = true; return v })
		if len(got) != 0 {
			t.Errorf("Map(%#v, f) = %v; want an empty slice", s, got)
		}
	}
	if called {
		t.Error("Map called f on an empty slice")
	}
}

// TestCorrectness_Filter checks that Filter keeps exactly the elements its
// predicate keeps, in order.
func TestCorrectness_Filter(t *testing.T) {
	s := []int{1, 2, 3, 4, 5, 6, 8, 7}
	var r recorder[int]
	got := generics.Filter(s, func(v int) bool {
		r.record(v)
		return v%2 == 0
	})
	if diff := gocmp.Diff([]int{2, 4, 6, 8}, got); diff != "" {
		t.Errorf("Filter(%v, even) (-want +got):\n%s", s, diff)
	}
	if diff := gocmp.Diff([]int{1, 2, 3, 4, 5, 6, 7, 8}, r.sorted(cmp.Compare[int])); diff != "" {
		t.Errorf("Filter called keep with (sorted; want each element exactly once) (-want +got):\n%s", diff)
	}
}

// TestCorrectness_FilterDoesNotModifyInput checks that Filter leaves its
// input slice as it was.
func TestCorrectness_FilterDoesNotModifyInput(t *testing.T) {
	s := []int{1, 2, 3, 4, 5, 6}
	got := generics.Filter(s, func(v int) bool { return v%2 == 0 })
	if diff := gocmp.Diff([]int{1, 2, 3, 4, 5, 6}, s); diff != "" {
		t.Errorf("Filter modified its input (-want +got):\n%s", diff)
	}
	// The result must not share memory with the input either.
	for i := range got {
		got[i] = -1
	}
	got = append(got, -1, -1, -1)
	if diff := gocmp.Diff([]int{1, 2, 3, 4, 5, 6}, s); diff != "" {
		t.Errorf("writing to and appending to Filter's result changed its input (-want +got):\n%s", diff)
	}
}

// TestCorrectness_FilterKeepsAllOrNone checks Filter when the predicate
// keeps every element or none.
func TestCorrectness_FilterKeepsAllOrNone(t *testing.T) {
	s := []string{"a", "b", "c"}
	all := generics.Filter(s, func(string) bool { return true })
	if diff := gocmp.Diff([]string{"a", "b", "c"}, all); diff != "" {
		t.Errorf("Filter keeping everything (-want +got):\n%s", diff)
	}
	all[0] = "changed"
	if diff := gocmp.Diff([]string{"a", "b", "c"}, s); diff != "" {
		t.Errorf("writing to the result of Filter keeping everything changed its input (-want +got):\n%s", diff)
	}
	if none := generics.Filter(s, func(string) bool { return false }); len(none) != 0 {
		t.Errorf("Filter keeping nothing = %q; want an empty slice", none)
	}
	if none := generics.Filter([]string(nil), func(string) bool { return true }); len(none) != 0 {
		t.Errorf("Filter(nil, f) = %q; want an empty slice", none)
	}
}

// TestCorrectness_Reduce checks that Reduce folds the elements in order from
// the initial value.
func TestCorrectness_Reduce(t *testing.T) {
	sum := generics.Reduce([]int{1, 2, 3, 4}, 0, func(acc, v int) int { return acc + v })
	if diff := gocmp.Diff(10, sum); diff != "" {
		t.Errorf("Reduce summing [1 2 3 4] (-want +got):\n%s", diff)
	}
	// The accumulator's type differs from the elements', and the order of
	// the fold shows.
	got := generics.Reduce([]int{1, 2, 3}, "x", func(acc string, v int) string {
		return "(" + acc + "+" + strconv.Itoa(v) + ")"
	})
	if diff := gocmp.Diff("(((x+1)+2)+3)", got); diff != "" {
		t.Errorf("Reduce folding from the left (-want +got):\n%s", diff)
	}
	empty := generics.Reduce([]int(nil), "init", func(string, int) string { return "called" })
	if diff := gocmp.Diff("init", empty); diff != "" {
		t.Errorf("Reduce of an empty slice (-want +got):\n%s", diff)
	}
}

// members returns a set's items, sorted, in a non-nil slice.
func members[T cmp.Ordered](s *generics.Set[T]) []T {
	m := append([]T{}, s.Items()...)
	slices.Sort(m)
	return m
}

// TestCorrectness_SetBasics checks Add, Remove, Contains and Len on a set.
func TestCorrectness_SetBasics(t *testing.T) {
	s := generics.NewSet(3, 1, 3, 2, 1)
	if diff := gocmp.Diff(3, s.Len()); diff != "" {
		t.Errorf("NewSet(3, 1, 3, 2, 1).Len() (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff([]int{1, 2, 3}, members(s)); diff != "" {
		t.Errorf("NewSet(3, 1, 3, 2, 1).Items(), sorted (-want +got):\n%s", diff)
	}
	s.Add(5)
	s.Add(5)
	s.Add(1)
	s.Remove(2)
	s.Remove(42)
	if diff := gocmp.Diff([]int{1, 3, 5}, members(s)); diff != "" {
		t.Errorf("after Add(5), Add(5), Add(1), Remove(2), Remove(42): Items, sorted (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(3, s.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
	want := map[int]bool{1: true, 2: false, 3: true, 5: true, 42: false}
	got := map[int]bool{}
	for v := range want {
		got[v] = s.Contains(v)
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("Contains (-want +got):\n%s", diff)
	}
}

// TestCorrectness_EmptySet checks the methods of an empty set.
func TestCorrectness_EmptySet(t *testing.T) {
	s := generics.NewSet[string]()
	if s.Len() != 0 || len(s.Items()) != 0 || s.Contains("") {
		t.Errorf("NewSet[string](): Len() = %d, Items() = %q, Contains(\"\") = %t; want 0, empty, false",
			s.Len(), s.Items(), s.Contains(""))
	}
	s.Add("")
	if !s.Contains("") || s.Len() != 1 {
		t.Errorf("after Add(\"\"): Contains(\"\") = %t, Len() = %d; want true, 1", s.Contains(""), s.Len())
	}
}

// TestCorrectness_SetItemsIsACopy checks that changing the slice Items
// returns does not change the set.
func TestCorrectness_SetItemsIsACopy(t *testing.T) {
	s := generics.NewSet("a", "b")
	items := s.Items()
	for i := range items {
		items[i] = "changed"
	}
	if diff := gocmp.Diff([]string{"a", "b"}, members(s)); diff != "" {
		t.Errorf("writing to the slice Items returned changed the set (-want +got):\n%s", diff)
	}
	s.Add("c")
	if diff := gocmp.Diff([]string{"a", "b", "c"}, members(s)); diff != "" {
		t.Errorf("Items after Add(c) (-want +got):\n%s", diff)
	}
}

// TestCorrectness_SetStructMembers checks a set whose members are structs.
func TestCorrectness_SetStructMembers(t *testing.T) {
	type point struct{ X, Y int }
	s := generics.NewSet(point{1, 2}, point{3, 4})
	s.Add(point{1, 2})
	if diff := gocmp.Diff(2, s.Len()); diff != "" {
		t.Errorf("Len of a set of structs after adding a duplicate (-want +got):\n%s", diff)
	}
	if !s.Contains(point{3, 4}) || s.Contains(point{4, 3}) {
		t.Errorf("Contains({3 4}) = %t, Contains({4 3}) = %t; want true, false", s.Contains(point{3, 4}), s.Contains(point{4, 3}))
	}
}

// TestCorrectness_UnionAndIntersect checks that Union and Intersect return
// new sets and leave their operands unchanged.
func TestCorrectness_UnionAndIntersect(t *testing.T) {
	type testCase struct {
		name             string
		a, b             []int
		union, intersect []int
	}
	run := func(t *testing.T, tc testCase) {
		a, b := generics.NewSet(tc.a...), generics.NewSet(tc.b...)
		wantA, wantB := members(a), members(b)
		if diff := gocmp.Diff(tc.union, members(a.Union(b))); diff != "" {
			t.Errorf("%v.Union(%v), sorted (-want +got):\n%s", tc.a, tc.b, diff)
		}
		if diff := gocmp.Diff(tc.intersect, members(a.Intersect(b))); diff != "" {
			t.Errorf("%v.Intersect(%v), sorted (-want +got):\n%s", tc.a, tc.b, diff)
		}
		if diff := gocmp.Diff(tc.intersect, members(b.Intersect(a))); diff != "" {
			t.Errorf("%v.Intersect(%v), sorted (-want +got):\n%s", tc.b, tc.a, diff)
		}
		if diff := gocmp.Diff(wantA, members(a)); diff != "" {
			t.Errorf("Union or Intersect modified the receiver (-want +got):\n%s", diff)
		}
		if diff := gocmp.Diff(wantB, members(b)); diff != "" {
			t.Errorf("Union or Intersect modified the argument (-want +got):\n%s", diff)
		}
		// The results are new sets: changing them changes neither operand.
		u, in := a.Union(b), a.Intersect(b)
		u.Add(1000)
		in.Add(1000)
		for _, v := range tc.a {
			u.Remove(v)
			in.Remove(v)
		}
		if diff := gocmp.Diff(wantA, members(a)); diff != "" {
			t.Errorf("changing the result of Union or Intersect changed the receiver (-want +got):\n%s", diff)
		}
		if diff := gocmp.Diff(wantB, members(b)); diff != "" {
			t.Errorf("changing the result of Union or Intersect changed the argument (-want +got):\n%s", diff)
		}
	}
	for _, tc := range []testCase{
		{name: "overlapping", a: []int{1, 2, 3}, b: []int{2, 3, 4, 5}, union: []int{1, 2, 3, 4, 5}, intersect: []int{2, 3}},
		{name: "disjoint", a: []int{1, 2}, b: []int{3}, union: []int{1, 2, 3}, intersect: []int{}},
		{name: "subset", a: []int{1, 2, 3, 4}, b: []int{2, 4}, union: []int{1, 2, 3, 4}, intersect: []int{2, 4}},
		{name: "equal", a: []int{7, 8}, b: []int{8, 7}, union: []int{7, 8}, intersect: []int{7, 8}},
		{name: "one empty", a: []int{1, 2}, b: nil, union: []int{1, 2}, intersect: []int{}},
		{name: "both empty", union: []int{}, intersect: []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCorrectness_RandomSetOperationsMatchMap checks random set operations
// against a map.
func TestCorrectness_RandomSetOperationsMatchMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(gradertest.Seed(t)), 0))
	s := generics.NewSet[int]()
	model := map[int]bool{}
	for step := range 5000 {
		v := rng.IntN(200)
		switch rng.IntN(3) {
		case 0:
			s.Add(v)
			model[v] = true
		case 1:
			s.Remove(v)
			delete(model, v)
		case 2:
			if got := s.Contains(v); got != model[v] {
				t.Fatalf("step %d: Contains(%d) = %t; want %t", step, v, got, model[v])
			}
		}
		if s.Len() != len(model) {
			t.Fatalf("step %d: Len() = %d; want %d", step, s.Len(), len(model))
		}
	}
	want := append([]int{}, slices.Sorted(maps.Keys(model))...)
	if diff := gocmp.Diff(want, members(s)); diff != "" {
		t.Errorf("Items after 5000 random operations, sorted (-want +got):\n%s", diff)
	}
}
