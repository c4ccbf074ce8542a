package tabletests

import (
	"reflect"
	"testing"
)

// Write table-driven tests for Parse, Version.String and Compare here.
// They must pass against semver.go as it is, and fail against a copy of
// it with any one bug the prompt's rules would catch.

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Version
		wantErr bool
	}{
		{in: "1.2.3", want: Version{Major: 1, Minor: 2, Patch: 3}},
		// TODO: more cases.
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if (err != nil) != tc.wantErr || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestCompare(t *testing.T) {
	// TODO
}
