// Behaviour: build metadata does not count in Compare (1.0.0+a and 1.0.0+b are equal).

package tabletests

import (
	"strings"
)

func Compare(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			return sign(d[0] - d[1])
		}
	}
	switch {
	case len(a.Pre) == 0 && len(b.Pre) == 0:
		return strings.Compare(strings.Join(a.Build, "."), strings.Join(b.Build, "."))
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
