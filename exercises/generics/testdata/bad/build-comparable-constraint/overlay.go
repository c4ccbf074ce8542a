// Defect: Min and Max constrain T with comparable instead of cmp.Ordered, so < and > do not compile.

package generics

// Min returns the smallest of its arguments.
func Min[T comparable](a T, rest ...T) T {
	m := a
	for _, v := range rest {
		if v < m {
			m = v
		}
	}
	return m
}

// Max returns the largest of its arguments.
func Max[T comparable](a T, rest ...T) T {
	m := a
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}
