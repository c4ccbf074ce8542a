// Behaviour: identifiers hold only ASCII letters, digits and hyphens ("1.0.0-alpha_1" is an error).

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
			if c == ' ' {
				return nil, fmt.Errorf("identifier %q has a space", id)
			}
		}
		if pre && isNumeric(id) && len(id) > 1 && id[0] == '0' {
			return nil, fmt.Errorf("numeric identifier %q has a leading zero", id)
		}
	}
	return ids, nil
}
