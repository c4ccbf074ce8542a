package grader

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSpecModulesMatchGoMod keeps the versions vendored into every sandbox
// module equal to the ones the grader itself is built and tested with.
func TestSpecModulesMatchGoMod(t *testing.T) {
	for _, m := range specModules {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", m.Path).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", m.Path, err)
		}
		if got := strings.TrimSpace(string(out)); got != m.Version {
			t.Errorf("specModules has %s %s, go.mod has %s; make them equal", m.Path, m.Version, got)
		}
	}
}
