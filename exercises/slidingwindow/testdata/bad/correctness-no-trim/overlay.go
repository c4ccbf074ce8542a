// Defect: timestamps that have left the window are never removed from the store: every key keeps every request it was ever allowed, and the store grows without bound.

package slidingwindow

import "time"

// decide counts the stored times in the window, and keeps all of them.
func (l *Limiter) decide(times []time.Time, now time.Time) (kept []time.Time, ok bool) {
	cutoff := now.Add(-l.window)
	n := 0
	for _, t := range times {
		if t.After(cutoff) {
			n++
		}
	}
	if n >= l.limit {
		return nil, false
	}
	return append(times, now), true
}
