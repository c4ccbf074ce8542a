// Defect: requests are counted in fixed windows aligned on the clock (now truncated to the window), so a burst just before a window's end and another just after both pass: twice the limit within moments.

package slidingwindow

import "time"

// decide counts the stored times in the current fixed window.
func (l *Limiter) decide(times []time.Time, now time.Time) (kept []time.Time, ok bool) {
	start := now.Truncate(l.window)
	kept = make([]time.Time, 0, len(times)+1)
	for _, t := range times {
		if !t.Before(start) {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.limit {
		return nil, false
	}
	return append(kept, now), true
}
