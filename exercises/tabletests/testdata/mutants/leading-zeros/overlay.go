// Behaviour: MAJOR, MINOR or PATCH with a leading zero ("1.02.3") is an error.

package tabletests

import (
	"fmt"
	"strconv"
	"strings"
)

func number(p string) (int, error) {
	if p == "" || strings.Trim(p, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a number", p)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return 0, fmt.Errorf("%q is too large", p)
	}
	return n, nil
}
