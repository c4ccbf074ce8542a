// Defect: Max starts from the zero value instead of its first argument, so the Max of negative numbers is 0.

package generics

import "cmp"

// Max returns the largest of its arguments.
func Max[T cmp.Ordered](a T, rest ...T) T {
	var m T // Starts from the zero value, not from a.
	if a > m {
		m = a
	}
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}
