// Defect: Set keeps its members in a slice, so Contains and Add scan it (O(n)) and Union and Intersect take O(n*m).

package generics

import (
	"cmp"
	"slices"
)

// Min returns the smallest of its arguments.
func Min[T cmp.Ordered](a T, rest ...T) T {
	m := a
	for _, v := range rest {
		if v < m {
			m = v
		}
	}
	return m
}

// Max returns the largest of its arguments.
func Max[T cmp.Ordered](a T, rest ...T) T {
	m := a
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}

// Map returns a new slice holding f(v) for each element v of s, in order.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// Filter returns a new slice holding the elements v of s for which keep(v).
func Filter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// Reduce folds s from the left.
func Reduce[T, A any](s []T, init A, f func(A, T) A) A {
	acc := init
	for _, v := range s {
		acc = f(acc, v)
	}
	return acc
}

// Set is a set of comparable values, kept in a slice.
type Set[T comparable] struct {
	items []T
}

// NewSet returns a set holding items.
func NewSet[T comparable](items ...T) *Set[T] {
	s := &Set[T]{}
	for _, v := range items {
		s.Add(v)
	}
	return s
}

// Add adds v to the set.
func (s *Set[T]) Add(v T) {
	if !slices.Contains(s.items, v) {
		s.items = append(s.items, v)
	}
}

// Remove removes v from the set.
func (s *Set[T]) Remove(v T) {
	if i := slices.Index(s.items, v); i >= 0 {
		s.items = slices.Delete(s.items, i, i+1)
	}
}

// Contains reports whether v is in the set.
func (s *Set[T]) Contains(v T) bool {
	return slices.Contains(s.items, v)
}

// Len returns the number of members.
func (s *Set[T]) Len() int {
	return len(s.items)
}

// Items returns the members in a new slice.
func (s *Set[T]) Items() []T {
	return slices.Clone(s.items)
}

// Union returns a new set holding the members of s and of other.
func (s *Set[T]) Union(other *Set[T]) *Set[T] {
	u := &Set[T]{items: slices.Clone(s.items)}
	for _, v := range other.items {
		u.Add(v)
	}
	return u
}

// Intersect returns a new set holding the members of both s and other.
func (s *Set[T]) Intersect(other *Set[T]) *Set[T] {
	in := &Set[T]{}
	for _, v := range s.items {
		if other.Contains(v) {
			in.items = append(in.items, v)
		}
	}
	return in
}
