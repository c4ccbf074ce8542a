// Package tabletests holds the function the tabletests exercise's
// candidates write tests for: parsing and ordering semantic versions
// (Semantic Versioning 2.0.0, https://semver.org).
package tabletests

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a semantic version: MAJOR.MINOR.PATCH, an optional
// pre-release and optional build metadata.
type Version struct {
	Major, Minor, Patch int
	Pre                 []string // the pre-release's identifiers; nil when none
	Build               []string // the build metadata's identifiers; nil when none
}

// String returns v in its canonical form, as Parse reads it.
func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if len(v.Pre) > 0 {
		s += "-" + strings.Join(v.Pre, ".")
	}
	if len(v.Build) > 0 {
		s += "+" + strings.Join(v.Build, ".")
	}
	return s
}

// Parse parses a semantic version, "MAJOR.MINOR.PATCH[-PRE][+BUILD]".
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
	core, pre, hasPre := strings.Cut(rest, "-")
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

// number parses a numeric field: decimal digits, no leading zero.
func number(p string) (int, error) {
	if p == "" || strings.Trim(p, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a number", p)
	}
	if len(p) > 1 && p[0] == '0' {
		return 0, fmt.Errorf("%q has a leading zero", p)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return 0, fmt.Errorf("%q is too large", p)
	}
	return n, nil
}

// identifiers splits dot-separated identifiers: each non-empty, of ASCII
// letters, digits and hyphens; in a pre-release, a numeric one has no
// leading zero.
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
		if pre && isNumeric(id) && len(id) > 1 && id[0] == '0' {
			return nil, fmt.Errorf("numeric identifier %q has a leading zero", id)
		}
	}
	return ids, nil
}

func isNumeric(id string) bool { return strings.Trim(id, "0123456789") == "" }

// Compare returns -1, 0 or +1 as a has lower, the same or higher
// precedence than b. Build metadata does not count.
func Compare(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			return sign(d[0] - d[1])
		}
	}
	switch {
	case len(a.Pre) == 0 && len(b.Pre) == 0:
		return 0
	case len(a.Pre) == 0:
		return +1 // a release is higher than its pre-releases
	case len(b.Pre) == 0:
		return -1
	}
	for i := 0; i < len(a.Pre) && i < len(b.Pre); i++ {
		if c := compareIdentifiers(a.Pre[i], b.Pre[i]); c != 0 {
			return c
		}
	}
	return sign(len(a.Pre) - len(b.Pre))
}

// compareIdentifiers orders two pre-release identifiers: numeric ones
// numerically and below alphanumeric ones, which compare in ASCII order.
func compareIdentifiers(x, y string) int {
	xn, yn := isNumeric(x), isNumeric(y)
	switch {
	case xn && yn:
		if len(x) != len(y) {
			return sign(len(x) - len(y)) // no leading zeros: longer is larger
		}
		return strings.Compare(x, y)
	case xn:
		return -1
	case yn:
		return +1
	}
	return strings.Compare(x, y)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return +1
	}
	return 0
}
