// Behaviour: String includes the build metadata ("1.0.0+001").

package tabletests

import (
	"fmt"
	"strings"
)

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if len(v.Pre) > 0 {
		s += "-" + strings.Join(v.Pre, ".")
	}
	return s
}
