package grader

import (
	"runtime/debug"
	"strings"
	"time"
)

// modulePath is the grader's module, found in the build information
// whether it is the main module or a dependency of another program.
const modulePath = "github.com/hiringtools/grader"

// buildVersion returns the grader's version from the build information
// the go command records in every binary (as golang/vuln's scanner
// does): the module version of a released build (v1.2.3), else
// "v0.0.0-TIME-REVISION" from the VCS stamp, with "+dirty" for a tree
// with uncommitted changes, else "v0.0.0-devel" (go test, or a build
// without VCS information).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "v0.0.0-devel"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	mod := &bi.Main
	if mod.Path != modulePath {
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				mod = d
				if d.Replace != nil {
					mod = d.Replace
				}
				break
			}
		}
	}
	if v := mod.Version; v != "" && v != "(devel)" && !strings.HasPrefix(v, "v0.0.0-") {
		return v
	}
	var revision, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if revision == "" {
		if v := mod.Version; strings.HasPrefix(v, "v0.0.0-") {
			return v // a pseudo-version, stamped by the go command
		}
		return "v0.0.0-devel"
	}
	var b strings.Builder
	b.WriteString("v0.0.0")
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		b.WriteString("-" + t.UTC().Format("20060102150405"))
	}
	b.WriteString("-" + revision[:min(12, len(revision))])
	if dirty {
		b.WriteString("+dirty")
	}
	return b.String()
}
