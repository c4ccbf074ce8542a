// Defect: Only valid versions, parsed and ordered: no test expects an error, so every rule about what Parse must reject goes unchecked.

package tabletests

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Version
	}{
		{"1.2.3", Version{Major: 1, Minor: 2, Patch: 3}},
		{"1.0.0-alpha.1", Version{Major: 1, Pre: []string{"alpha", "1"}}},
		{"1.0.0-x-y-z.--", Version{Major: 1, Pre: []string{"x-y-z", "--"}}},
		{"1.0.0+build-1", Version{Major: 1, Build: []string{"build-1"}}},
		{"1.0.0+001", Version{Major: 1, Build: []string{"001"}}},
	} {
		got, err := Parse(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != tc.in {
			t.Errorf("Parse(%q).String() = %q", tc.in, s)
		}
	}
}

func TestCompare(t *testing.T) {
	order := []string{"1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0", "1.1.9", "1.2.0"}
	for i := 1; i < len(order); i++ {
		a, _ := Parse(order[i-1])
		b, _ := Parse(order[i])
		if Compare(a, b) != -1 || Compare(b, a) != +1 {
			t.Errorf("want %s < %s", order[i-1], order[i])
		}
	}
	a, _ := Parse("1.0.0+a")
	b, _ := Parse("1.0.0+b")
	if Compare(a, b) != 0 {
		t.Error("want 1.0.0+a == 1.0.0+b")
	}
}
