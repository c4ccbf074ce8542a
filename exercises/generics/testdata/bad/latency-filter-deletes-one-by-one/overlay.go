// Defect: Filter copies the input and deletes rejected elements one at a time, shifting the tail each time: O(n^2).

package generics

import "slices"

// Filter returns a new slice holding the elements v of s, in order, for
// which keep(v) is true. It calls keep once per element, in order. It does
// not modify s, and the result does not share memory with s.
func Filter[T any](s []T, keep func(T) bool) []T {
	out := slices.Clone(s)
	for i := 0; i < len(out); {
		if keep(out[i]) {
			i++
		} else {
			out = slices.Delete(out, i, i+1) // Shifts the whole tail.
		}
	}
	return out
}
