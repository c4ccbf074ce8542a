//go:build !race
// +build !race

package ratelimiter

const underRace = false
