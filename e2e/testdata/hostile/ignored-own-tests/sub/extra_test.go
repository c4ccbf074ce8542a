package ratelimiter_test

import "testing"

func TestCorrectness_StopTwice(t *testing.T) {}
