// Defect: Intersect looks each member up in a slice of the other set's members, so it takes O(n*m) instead of O(n+m).

// Package generics is a known-bad submission for the generics exercise.
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
// It calls f once per element, in order. It does not modify s.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// Filter returns a new slice holding the elements v of s, in order, for
// which keep(v) is true. It calls keep once per element, in order. It does
// not modify s, and the result does not share memory with s.
func Filter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// Reduce folds s from the left: it returns f(...f(f(init, s[0]), s[1])...,
// s[len(s)-1]), or init when s is empty.
func Reduce[T, A any](s []T, init A, f func(A, T) A) A {
	acc := init
	for _, v := range s {
		acc = f(acc, v)
	}
	return acc
}

// Set is a set of comparable values. Create one with [NewSet]. A Set is not
// safe for concurrent use, except that its read-only methods (Contains,
// Len, Items, Union, Intersect) may be called concurrently while nobody
// modifies it.
type Set[T comparable] struct {
	m map[T]struct{}
}

// NewSet returns a set holding items.
func NewSet[T comparable](items ...T) *Set[T] {
	s := &Set[T]{m: make(map[T]struct{}, len(items))}
	for _, v := range items {
		s.m[v] = struct{}{}
	}
	return s
}

// Add adds v to the set; adding a member again changes nothing.
func (s *Set[T]) Add(v T) {
	s.m[v] = struct{}{}
}

// Remove removes v from the set; removing a non-member changes nothing.
func (s *Set[T]) Remove(v T) {
	delete(s.m, v)
}

// Contains reports whether v is in the set.
func (s *Set[T]) Contains(v T) bool {
	_, ok := s.m[v]
	return ok
}

// Len returns the number of members.
func (s *Set[T]) Len() int {
	return len(s.m)
}

// Items returns the members in a new slice, in no particular order.
func (s *Set[T]) Items() []T {
	out := make([]T, 0, len(s.m))
	for v := range s.m {
		out = append(out, v)
	}
	return out
}

// Union returns a new set holding the members of s and of other. It
// modifies neither.
func (s *Set[T]) Union(other *Set[T]) *Set[T] {
	u := &Set[T]{m: make(map[T]struct{}, len(s.m)+len(other.m))}
	for v := range s.m {
		u.m[v] = struct{}{}
	}
	for v := range other.m {
		u.m[v] = struct{}{}
	}
	return u
}

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
