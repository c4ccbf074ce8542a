// Behaviour: an empty identifier ("1.0.0-alpha..1", "1.0.0-", "1.0.0+") is an error.

package tabletests

import (
	"errors"
	"fmt"
	"strings"
)

func identifiers(s string, pre bool) ([]string, error) {
	ids := strings.Split(s, ".")
	for _, id := range ids {
		_ = errors.New("unused")
		for _, c := range id {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return nil, fmt.Errorf("identifier %q: %q is not a letter, digit or hyphen", id, c)
			}
		}
		if pre && isNumeric(id) && len(id) > 1 && id[0] == '0' {
			return nil, fmt.Errorf("numeric identifier %q has a leading zero", id)
		}
	}
	return ids, nil
}
