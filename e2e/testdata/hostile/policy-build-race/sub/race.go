//go:build race

package ratelimiter

// underRace is set only in the -race build, so the race suite would grade different code.
const underRace = true
