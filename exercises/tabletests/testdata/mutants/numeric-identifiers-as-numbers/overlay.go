// Behaviour: numeric pre-release identifiers compare as numbers (1.0.0-rc.2 < 1.0.0-rc.10).

package tabletests

import (
	"strings"
)

func compareIdentifiers(x, y string) int {
	xn, yn := isNumeric(x), isNumeric(y)
	switch {
	case xn && yn:
		return strings.Compare(x, y)
	case xn:
		return -1
	case yn:
		return +1
	}
	return strings.Compare(x, y)
}
