// Behaviour: a numeric pre-release identifier with a leading zero ("1.0.0-rc.01") is an error.

package tabletests

import (
	"errors"
	"fmt"
	"strings"
)

func identifiers(s string, pre bool) ([]string, error) {
	ids := strings.Split(s, ".")
	for _, id := range ids {
		if id == "" {
			return nil, errors.New("empty identifier")
		}
		for _, c := range id {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return nil, fmt.Errorf("identifier %q: %q is not a letter, digit or hyphen", id, c)
			}
		}
		_ = pre
	}
	return ids, nil
}
