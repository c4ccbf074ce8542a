package watch

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIgnored(t *testing.T) {
	type testCase struct {
		path string
		want bool
	}
	cases := []testCase{
		{"ratelimiter.go", false},
		{"candidate/ratelimiter/limiter.go", false},
		{"ratelimiter_test.go", false}, // not graded, but the hash says so
		{"README.md", false},
		{"go.mod", false},
		{"candidate", false},
		{".ratelimiter.go.swp", true},
		{".ratelimiter.go.swx", true},
		{"ratelimiter.go.swp", true},
		{"4913", true},
		{"5036", true},
		{"ratelimiter.go~", true},
		{"#ratelimiter.go#", true},
		{".#ratelimiter.go", true},
		{"ratelimiter.go___jb_tmp___", true},
		{"ratelimiter.go___jb_old___", true},
		{"ratelimiter.go.tmp", true},
		{"ratelimiter.go.bak", true},
		{"ratelimiter.go.orig", true},
		{"ratelimiter.go.kate-swp", true},
		{".DS_Store", true},
		{".git", true},
		{".git/index.lock", true},
		{".git/objects/ab/cdef", true},
		{".idea/workspace.xml", true},
		{"sub/.vscode/settings.json", true},
		{"node_modules/x/index.js", true},
		{"sub/node_modules", true},
		{"", false},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			if got := Ignored(tc.path); got != tc.want {
				t.Errorf("Ignored(%q) = %v; want %v", tc.path, got, tc.want)
			}
		})
	}
}

// TestDebounce drives the debouncer with made-up times: each step adds
// changes at an offset from t0, or asks at an offset whether a grading
// is due, and with which paths.
func TestDebounce(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	type step struct {
		at   int      // ms after t0
		add  string   // a change of this path, or
		fire bool     // ask whether the changes are due
		want []string // the paths fired; nil when none is due
	}
	type testCase struct {
		name   string
		steps  []step
		reason string
	}
	cases := []testCase{
		{
			name: "one save",
			steps: []step{
				{at: 0, add: "a.go"},
				{at: 199, fire: true},
				{at: 200, fire: true, want: []string{"a.go"}},
				{at: 500, fire: true},
			},
		},
		{
			name: "a save by rename is one grading",
			steps: []step{
				{at: 0, add: "a.go.tmp-ignored-by-caller"},
				{at: 5, add: "a.go"},
				{at: 6, add: "a.go"},
				{at: 204, fire: true},
				{at: 206, fire: true, want: []string{"a.go", "a.go.tmp-ignored-by-caller"}},
			},
			reason: "the quiet period runs from the last change",
		},
		{
			name: "save all",
			steps: []step{
				{at: 0, add: "b.go"},
				{at: 100, add: "a.go"},
				{at: 250, fire: true},
				{at: 300, fire: true, want: []string{"a.go", "b.go"}},
			},
		},
		{
			name: "never quiet",
			steps: []step{
				{at: 0, add: "a.go"}, {at: 150, add: "a.go"}, {at: 300, add: "a.go"}, {at: 450, add: "a.go"},
				{at: 600, add: "a.go"}, {at: 750, add: "a.go"}, {at: 900, add: "a.go"}, {at: 1050, add: "a.go"},
				{at: 1200, add: "a.go"}, {at: 1350, add: "a.go"}, {at: 1500, add: "a.go"}, {at: 1650, add: "a.go"},
				{at: 1800, add: "a.go"}, {at: 1950, add: "a.go"},
				{at: 1999, fire: true},
				{at: 2000, fire: true, want: []string{"a.go"}},
			},
			reason: "a folder that never stops changing is graded at the latest ten quiet periods after its first change",
		},
		{
			name: "two saves apart",
			steps: []step{
				{at: 0, add: "a.go"},
				{at: 200, fire: true, want: []string{"a.go"}},
				{at: 1000, add: "b.go"},
				{at: 1100, fire: true},
				{at: 1200, fire: true, want: []string{"b.go"}},
			},
		},
		{
			name: "a lost event reads the folder with no path named",
			steps: []step{
				{at: 0, add: ""},
				{at: 200, fire: true, want: []string{}},
			},
		},
		{
			name:  "nothing changed",
			steps: []step{{at: 1000, fire: true}},
		},
	}
	run := func(t *testing.T, tc testCase) {
		d := newDebouncer(200 * time.Millisecond)
		for i, s := range tc.steps {
			if !s.fire {
				d.add(ms(s.at), s.add)
				continue
			}
			got, ok := d.fire(ms(s.at))
			if !ok {
				got = nil
			}
			if diff := cmp.Diff(s.want, got); diff != "" || ok != (s.want != nil) {
				t.Errorf("step %d (at %dms): fired %v (-want +got):\n%s%s", i, s.at, ok, diff, tc.reason)
			}
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
