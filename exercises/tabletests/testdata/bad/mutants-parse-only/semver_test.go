// Defect: Thorough on Parse, but Compare and String are never tested: every ordering rule goes unchecked.

package tabletests_test

import (
	"reflect"
	"testing"

	"tabletests"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want tabletests.Version
	}{
		{"1.2.3", tabletests.Version{Major: 1, Minor: 2, Patch: 3}},
		{"1.0.0-x-y-z.--", tabletests.Version{Major: 1, Pre: []string{"x-y-z", "--"}}},
		{"1.0.0+001", tabletests.Version{Major: 1, Build: []string{"001"}}},
		{"1.0.0+build-1", tabletests.Version{Major: 1, Build: []string{"build-1"}}},
	} {
		got, err := tabletests.Parse(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"1.2", "01.2.3", "99999999999999999999.0.0", "1.0.0-", "1.0.0-a_b", "1.0.0-01"} {
		if _, err := tabletests.Parse(in); err == nil {
			t.Errorf("Parse(%q): want an error", in)
		}
	}
}
