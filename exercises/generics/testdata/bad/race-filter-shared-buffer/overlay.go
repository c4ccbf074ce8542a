// Defect: Filter collects into a package-level scratch buffer reused between calls, so concurrent calls race on it.

package generics

import "slices"

// Filter returns a new slice holding the elements v of s, in order, for
// which keep(v) is true. It calls keep once per element, in order. It does
// not modify s, and the result does not share memory with s.
func Filter[T any](s []T, keep func(T) bool) []T {
	// Collect into a scratch buffer kept between calls, to save allocations.
	buf, _ := scratch.([]T)
	buf = buf[:0]
	for _, v := range s {
		if keep(v) {
			buf = append(buf, v)
		}
	}
	scratch = buf
	return slices.Clone(buf)
}

// scratch is Filter's buffer, reused from call to call.
//
//grader:new
var scratch any
