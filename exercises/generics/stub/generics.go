// Package generics provides a few generic helpers over slices and a generic
// set.
package generics

import "cmp"

// Min returns the smallest of its arguments.
func Min[T cmp.Ordered](a T, rest ...T) T {
	// TODO: implement.
	var zero T
	return zero
}

// Max returns the largest of its arguments.
func Max[T cmp.Ordered](a T, rest ...T) T {
	// TODO: implement.
	var zero T
	return zero
}

// Map returns a new slice holding f(v) for each element v of s, in order.
// It calls f once per element, in order. It does not modify s.
func Map[T, U any](s []T, f func(T) U) []U {
	// TODO: implement.
	return nil
}

// Filter returns a new slice holding the elements v of s, in order, for
// which keep(v) is true. It calls keep once per element, in order. It does
// not modify s, and the result does not share memory with s.
func Filter[T any](s []T, keep func(T) bool) []T {
	// TODO: implement.
	return nil
}

// Reduce folds s from the left: it returns f(...f(f(init, s[0]), s[1])...,
// s[len(s)-1]), or init when s is empty.
func Reduce[T, A any](s []T, init A, f func(A, T) A) A {
	// TODO: implement.
	return init
}

// Set is a set of comparable values. Create one with [NewSet]. A Set is not
// safe for concurrent use, except that its read-only methods (Contains,
// Len, Items, Union, Intersect) may be called concurrently while nobody
// modifies it.
type Set[T comparable] struct {
	// TODO: add fields.
}

// NewSet returns a set holding items.
func NewSet[T comparable](items ...T) *Set[T] {
	// TODO: implement.
	return &Set[T]{}
}

// Add adds v to the set; adding a member again changes nothing.
func (s *Set[T]) Add(v T) {
	// TODO: implement.
}

// Remove removes v from the set; removing a non-member changes nothing.
func (s *Set[T]) Remove(v T) {
	// TODO: implement.
}

// Contains reports whether v is in the set.
func (s *Set[T]) Contains(v T) bool {
	// TODO: implement.
	return false
}

// Len returns the number of members.
func (s *Set[T]) Len() int {
	// TODO: implement.
	return 0
}

// Items returns the members in a new slice, in no particular order.
func (s *Set[T]) Items() []T {
	// TODO: implement.
	return nil
}

// Union returns a new set holding the members of s and of other. It
// modifies neither.
func (s *Set[T]) Union(other *Set[T]) *Set[T] {
	// TODO: implement.
	return &Set[T]{}
}

// Intersect returns a new set holding the values that are members of both s
// and other. It modifies neither.
func (s *Set[T]) Intersect(other *Set[T]) *Set[T] {
	// TODO: implement.
	return &Set[T]{}
}
