// Defect: the bucket is never capped at requestsPerSecond tokens, so an idle limiter hoards tokens.

// Package ratelimiter is a known-bad submission for the ratelimiter exercise.
package ratelimiter

import "time"

// take credits the tokens earned up to now and takes one if there is one.
// If there is none, it reports how long until the next one is due. l.mu
// must be held.
func (l *RateLimiter) take(now time.Time) (ok bool, delay time.Duration) {
	earned := now.Sub(l.last).Seconds() * l.rate
	l.tokens += earned // BUG: no cap at l.rate
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true, 0
	}
	// Round up, so that the token is there when the timer fires.
	return false, time.Duration((1-l.tokens)/l.rate*float64(time.Second)) + 1
}
