// Defect: Intersect looks each member up in a slice of the other set's members, so it takes O(n*m) instead of O(n+m).

// Package generics is a known-bad submission for the generics exercise.
package generics

import "slices"

// Intersect returns a new set holding the values that are members of both s
// and other. It modifies neither.
func (s *Set[T]) Intersect(other *Set[T]) *Set[T] {
	small, large := s, other
	if len(large.m) < len(small.m) {
		small, large = large, small
	}
	in := &Set[T]{m: make(map[T]struct{})}
	members := large.Items() // BUG: a slice, scanned for every member of small
	for v := range small.m {
		if slices.Contains(members, v) {
			in.m[v] = struct{}{}
		}
	}
	return in
}
