// Defect: Items caches its result in the set, so the read-only Items writes to the set and concurrent readers race.

package generics

import "slices"

// Set is a set of comparable values. Create one with [NewSet]. A Set is not
// safe for concurrent use, except that its read-only methods (Contains,
// Len, Items, Union, Intersect) may be called concurrently while nobody
// modifies it.
type Set[T comparable] struct {
	m     map[T]struct{}
	items []T // Items' result, cached until the set changes.
}

// Add adds v to the set; adding a member again changes nothing.
func (s *Set[T]) Add(v T) {
	s.items = nil
	s.m[v] = struct{}{}
}

// Remove removes v from the set; removing a non-member changes nothing.
func (s *Set[T]) Remove(v T) {
	s.items = nil
	delete(s.m, v)
}

// Items returns the members in a new slice, in no particular order.
func (s *Set[T]) Items() []T {
	if s.items == nil {
		s.items = make([]T, 0, len(s.m))
		for v := range s.m {
			s.items = append(s.items, v)
		}
	}
	return slices.Clone(s.items)
}
