package watch

import (
	"slices"
	"time"
)

// debouncer gathers the file changes of one save. An editor's save is
// several events (write a temporary file, rename it over the old one,
// change its mode), and a "save all" or a formatter touches several files:
// the grading starts once no change has come for the quiet period, or at
// the latest max after the first change, so a folder that never stops
// changing is still graded.
//
// It is a value of times, not of timers: the loop arms a timer for
// [debouncer.due], and the tests drive it with times they make up.
type debouncer struct {
	quiet, max  time.Duration
	first, last time.Time
	paths       map[string]bool
}

func newDebouncer(quiet time.Duration) *debouncer {
	return &debouncer{quiet: quiet, max: 10 * quiet, paths: map[string]bool{}}
}

// add records a change of rel at now.
func (d *debouncer) add(now time.Time, rel string) {
	if len(d.paths) == 0 && d.first.IsZero() {
		d.first = now
	}
	d.last = now
	d.paths[rel] = true
}

// due reports when the changes gathered so far are to be graded, and
// false when there are none.
func (d *debouncer) due() (time.Time, bool) {
	if d.first.IsZero() {
		return time.Time{}, false
	}
	at := d.last.Add(d.quiet)
	if limit := d.first.Add(d.max); limit.Before(at) {
		at = limit
	}
	return at, true
}

// fire returns the changed paths, sorted, and starts gathering anew, when
// they are due at now; otherwise it returns false.
func (d *debouncer) fire(now time.Time) ([]string, bool) {
	at, ok := d.due()
	if !ok || now.Before(at) {
		return nil, false
	}
	paths := make([]string, 0, len(d.paths))
	for p := range d.paths {
		if p != "" {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	d.first, d.last = time.Time{}, time.Time{}
	clear(d.paths)
	return paths, true
}
