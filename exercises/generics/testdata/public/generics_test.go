package generics_test

import (
	"slices"
	"strconv"
	"testing"

	"generics"
)

func TestMinMax(t *testing.T) {
	if got := generics.Min(3, 1, 2); got != 1 {
		t.Errorf("Min(3, 1, 2) = %d; want 1", got)
	}
	if got := generics.Max("b", "c", "a"); got != "c" {
		t.Errorf("Max(b, c, a) = %q; want %q", got, "c")
	}
}

func TestMapFilterReduce(t *testing.T) {
	s := []int{1, 2, 3, 4}
	if got, want := generics.Map(s, strconv.Itoa), []string{"1", "2", "3", "4"}; !slices.Equal(got, want) {
		t.Errorf("Map(%v, Itoa) = %q; want %q", s, got, want)
	}
	even := func(v int) bool { return v%2 == 0 }
	if got, want := generics.Filter(s, even), []int{2, 4}; !slices.Equal(got, want) {
		t.Errorf("Filter(%v, even) = %v; want %v", s, got, want)
	}
	sum := func(acc, v int) int { return acc + v }
	if got := generics.Reduce(s, 0, sum); got != 10 {
		t.Errorf("Reduce(%v, 0, sum) = %d; want 10", s, got)
	}
}

func TestSet(t *testing.T) {
	a := generics.NewSet(1, 2, 3)
	b := generics.NewSet(2, 3, 4)
	a.Add(3)
	if a.Len() != 3 || !a.Contains(2) || a.Contains(4) {
		t.Errorf("set {1 2 3}: Len() = %d, Contains(2) = %t, Contains(4) = %t; want 3, true, false",
			a.Len(), a.Contains(2), a.Contains(4))
	}
	union := a.Union(b).Items()
	slices.Sort(union)
	if want := []int{1, 2, 3, 4}; !slices.Equal(union, want) {
		t.Errorf("{1 2 3} Union {2 3 4} = %v; want %v", union, want)
	}
	inter := a.Intersect(b).Items()
	slices.Sort(inter)
	if want := []int{2, 3}; !slices.Equal(inter, want) {
		t.Errorf("{1 2 3} Intersect {2 3 4} = %v; want %v", inter, want)
	}
}
