// Behaviour: a number too large for an int ("99999999999999999999.0.0") is an error.

package tabletests

import (
	"fmt"
	"strings"
)

func number(p string) (int, error) {
	if p == "" || strings.Trim(p, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a number", p)
	}
	if len(p) > 1 && p[0] == '0' {
		return 0, fmt.Errorf("%q has a leading zero", p)
	}
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n, nil
}
