// Good: the external test package, with a subtest per case and cases named for the rule they check.

package tabletests_test

import (
	"reflect"
	"testing"

	. "tabletests"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"0.0.0", Version{}},
		{"1.2.3", Version{Major: 1, Minor: 2, Patch: 3}},
		{"10.20.30", Version{Major: 10, Minor: 20, Patch: 30}},
		{"1.0.0-alpha", Version{Major: 1, Pre: []string{"alpha"}}},
		{"1.0.0-alpha.1", Version{Major: 1, Pre: []string{"alpha", "1"}}},
		{"1.0.0-0.3.7", Version{Major: 1, Pre: []string{"0", "3", "7"}}},
		{"1.0.0-x-y-z.--", Version{Major: 1, Pre: []string{"x-y-z", "--"}}},
		{"1.0.0-rc.1+build.001", Version{Major: 1, Pre: []string{"rc", "1"}, Build: []string{"build", "001"}}},
		{"1.0.0+001", Version{Major: 1, Build: []string{"001"}}},
		{"1.0.0+exp.sha-5114f85", Version{Major: 1, Build: []string{"exp", "sha-5114f85"}}},
		{"1.0.0+build-1", Version{Major: 1, Build: []string{"build-1"}}},
		{"1.0.0-alpha+beta-2", Version{Major: 1, Pre: []string{"alpha"}, Build: []string{"beta-2"}}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"", "1", "1.2", "1.2.3.4", "v1.2.3", " 1.2.3", "1.2.3 ",
		"01.2.3", "1.02.3", "1.2.03", "-1.2.3", "+1.2.3", "1.2.x",
		"99999999999999999999.0.0",
		"1.2.3-", "1.2.3+", "1.2.3-alpha..1", "1.2.3-.alpha", "1.2.3+build.", "1.2.3-alpha_1", "1.2.3+build~1", "1.2.3-ß",
		"1.2.3-01", "1.2.3-rc.00",
	} {
		if v, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %+v, nil; want an error", in, v)
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range []string{"1.2.3", "1.0.0-rc.1", "1.0.0+001", "1.0.0-alpha.1+build.5"} {
		v, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if got := v.String(); got != s {
			t.Errorf("Parse(%q).String() = %q", s, got)
		}
	}
}

func TestCompare(t *testing.T) {
	// Each is lower than the next (semver.org's own example, and more).
	order := []string{
		"0.9.9", "1.0.0-0", "1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-Beta", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
		"1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.9", "1.2.0", "2.0.0",
	}
	for i, a := range order {
		for j, b := range order {
			va, _ := Parse(a)
			vb, _ := Parse(b)
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = +1
			}
			if got := Compare(va, vb); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	for _, p := range [][2]string{{"1.0.0+a", "1.0.0+b"}, {"1.0.0-rc.1+x", "1.0.0-rc.1"}, {"1.0.0+1", "1.0.0"}} {
		a, _ := Parse(p[0])
		b, _ := Parse(p[1])
		if got := Compare(a, b); got != 0 {
			t.Errorf("Compare(%s, %s) = %d, want 0: build metadata does not count", p[0], p[1], got)
		}
	}
}
