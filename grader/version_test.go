package grader

import (
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersionOf(t *testing.T) {
	type testCase struct {
		name string
		bi   debug.BuildInfo
		want string
	}
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []testCase{
		{name: "release", bi: debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.4.2"}}, want: "v1.4.2"},
		{name: "a checkout", want: "v0.0.0-20261123094512-8ebf35e0a1b2",
			bi: debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}, Settings: vcs("8ebf35e0a1b2c3d4e5f6", "2026-11-23T09:45:12Z", "false")}},
		{name: "uncommitted changes", want: "v0.0.0-20261123094512-8ebf35e0a1b2+dirty",
			bi: debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.0.0-20261123094512-8ebf35e0a1b2+dirty"}, Settings: vcs("8ebf35e0a1b2c3d4e5f6", "2026-11-23T09:45:12Z", "true")}},
		{name: "go test", bi: debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, want: "v0.0.0-devel"},
		{name: "a dependency of another program", want: "v1.5.0",
			bi: debug.BuildInfo{Main: debug.Module{Path: "example.com/ci", Version: "v2.0.0"}, Deps: []*debug.Module{{Path: modulePath, Version: "v1.5.0"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, versionOf(&tc.bi)); diff != "" {
				t.Errorf("versionOf (-want +got):\n%s", diff)
			}
		})
	}
}
