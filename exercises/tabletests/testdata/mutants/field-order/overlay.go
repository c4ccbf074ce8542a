// Behaviour: MAJOR, then MINOR, then PATCH decide the order (1.1.9 < 1.2.0).

package tabletests

func Compare(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Patch, b.Patch}, {a.Minor, b.Minor}} {
		if d[0] != d[1] {
			return sign(d[0] - d[1])
		}
	}
	switch {
	case len(a.Pre) == 0 && len(b.Pre) == 0:
		return 0
	case len(a.Pre) == 0:
		return +1 // a release is higher than its pre-releases
	case len(b.Pre) == 0:
		return -1
	}
	for i := 0; i < len(a.Pre) && i < len(b.Pre); i++ {
		if c := compareIdentifiers(a.Pre[i], b.Pre[i]); c != 0 {
			return c
		}
	}
	return sign(len(a.Pre) - len(b.Pre))
}
