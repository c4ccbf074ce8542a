// Defect: Filter reuses the input's backing array (s[:0]), so it overwrites the caller's slice and the result aliases it.

package generics

// Filter returns a new slice holding the elements v of s, in order, for
// which keep(v) is true. It calls keep once per element, in order. It does
// not modify s, and the result does not share memory with s.
func Filter[T any](s []T, keep func(T) bool) []T {
	out := s[:0] // Filters in place, overwriting the caller's slice.
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}
