package grader

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
)

func TestLimitLayers(t *testing.T) {
	exercise := exerciseLimits(catalog.Limits{MemoryMB: 512, Pids: 100, CPUTime: catalog.Duration(time.Minute)})
	user := sandbox.Limits{MemoryBytes: 256 << 20, WallTime: 3 * time.Second}
	got := withDefaults(exercise, user)
	want := DefaultLimits
	want.MemoryBytes = 256 << 20 // the user's flag wins over the exercise
	want.Pids = 100              // the exercise's, where the user said nothing
	want.CPUTime = time.Minute
	want.WallTime = 3 * time.Second
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("withDefaults (-want +got):\n%s", diff)
	}
}
