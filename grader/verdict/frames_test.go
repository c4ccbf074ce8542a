package verdict_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/verdict"
)

func TestFrames(t *testing.T) {
	src := verdict.Source{Package: "ttlcache", Files: []string{"cache.go"}}
	type testCase struct {
		name  string
		stack string
		want  []verdict.Frame
	}
	run := func(t *testing.T, tc testCase) {
		if diff := cmp.Diff(tc.want, verdict.Frames(tc.stack, src)); diff != "" {
			t.Errorf("Frames (-want +got):\n%s", diff)
		}
	}
	tests := []testCase{
		{
			name:  "panic stack",
			stack: "goroutine 7 [running]:\nttlcache.(*Cache).Get(0xc000010000, {0x5, 0x1})\n\tttlcache/cache.go:62 +0x44\nttlcache_test.TestCorrectness_Get(0xc0000)\n\tttlcache/correctness_test.go:20 +0x28\n",
			want:  []verdict.Frame{{Func: "(*Cache).Get", File: "cache.go", Line: "62"}},
		},
		{
			name:  "race report, indented",
			stack: "Write at 0x00c000012345 by goroutine 8:\n  ttlcache.(*Cache).Get()\n      ttlcache/cache.go:70 +0x44\n  ttlcache_test.TestRace_X.func1()\n      ttlcache/race_test.go:30 +0x1\n",
			want:  []verdict.Frame{{Func: "(*Cache).Get", File: "cache.go", Line: "70"}},
		},
		{
			name:  "goleak message inside t.Error, indented by the testing package",
			stack: "        [Goroutine 7 in state chan receive, with ttlcache.(*Cache).janitor on top of the stack:\n        ttlcache.(*Cache).janitor(0xc0000)\n        \tttlcache/cache.go:41 +0x9a\n        created by ttlcache.NewCache in goroutine 6\n        \tttlcache/cache.go:35 +0xa5\n",
			want: []verdict.Frame{
				{Func: "(*Cache).janitor", File: "cache.go", Line: "41"},
				{Func: "the go statement in NewCache", File: "cache.go", Line: "35"},
			},
		},
		{
			name:  "a file of the same name in another package is not the candidate's",
			stack: "other.F()\n\tother/cache.go:3 +0x1\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
