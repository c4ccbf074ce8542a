// Behaviour: a pre-release identifier may contain hyphens ("1.0.0-x-y-z.--").

package tabletests

import (
	"fmt"
	"strings"
)

func Parse(s string) (Version, error) {
	var v Version
	rest, build, hasBuild := strings.Cut(s, "+")
	if hasBuild {
		ids, err := identifiers(build, false)
		if err != nil {
			return Version{}, fmt.Errorf("semver: %q: build metadata: %w", s, err)
		}
		v.Build = ids
	}
	core, pre, hasPre := rest, "", false
	if i := strings.LastIndex(rest, "-"); i >= 0 {
		core, pre, hasPre = rest[:i], rest[i+1:], true
	}
	if hasPre {
		ids, err := identifiers(pre, true)
		if err != nil {
			return Version{}, fmt.Errorf("semver: %q: pre-release: %w", s, err)
		}
		v.Pre = ids
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("semver: %q: want MAJOR.MINOR.PATCH", s)
	}
	nums := []*int{&v.Major, &v.Minor, &v.Patch}
	for i, p := range parts {
		n, err := number(p)
		if err != nil {
			return Version{}, fmt.Errorf("semver: %q: %w", s, err)
		}
		*nums[i] = n
	}
	return v, nil
}
