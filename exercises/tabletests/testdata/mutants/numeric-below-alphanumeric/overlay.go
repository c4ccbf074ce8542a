// Behaviour: a numeric identifier is lower than an alphanumeric one (1.0.0-1 < 1.0.0-alpha).

package tabletests

import (
	"strings"
)

func compareIdentifiers(x, y string) int {
	xn, yn := isNumeric(x), isNumeric(y)
	switch {
	case xn && yn:
		if len(x) != len(y) {
			return sign(len(x) - len(y)) // no leading zeros: longer is larger
		}
		return strings.Compare(x, y)
	case xn:
		return +1
	case yn:
		return -1
	}
	return strings.Compare(x, y)
}
