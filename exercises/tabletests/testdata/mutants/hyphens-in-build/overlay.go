// Behaviour: build metadata may contain hyphens ("1.0.0+build-1"), and nothing in it is a pre-release.

package tabletests

import (
	"fmt"
	"strings"
)

func Parse(s string) (Version, error) {
	var v Version
	core, rest, hasPre := strings.Cut(s, "-")
	if !hasPre {
		core = s
	}
	if c, build, ok := strings.Cut(core, "+"); ok {
		core = c
		ids, err := identifiers(build, false)
		if err != nil {
			return Version{}, fmt.Errorf("semver: %q: build metadata: %w", s, err)
		}
		v.Build = ids
	}
	if hasPre {
		pre, build, hasBuild := strings.Cut(rest, "+")
		if hasBuild {
			ids, err := identifiers(build, false)
			if err != nil {
				return Version{}, fmt.Errorf("semver: %q: build metadata: %w", s, err)
			}
			v.Build = ids
		}
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
