package ratelimiter_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"ratelimiter"
)

func TestStartsFull(t *testing.T) {
	l := ratelimiter.NewRateLimiter(2)
	defer l.Stop()
	want := []bool{true, true, false}
	for i, w := range want {
		if got := l.Allow(); got != w {
			t.Errorf("NewRateLimiter(2): Allow call %d = %v, want %v", i+1, got, w)
		}
	}
}

func TestRefills(t *testing.T) {
	l := ratelimiter.NewRateLimiter(100)
	defer l.Stop()
	for i := range 100 {
		if !l.Allow() {
			t.Fatalf("NewRateLimiter(100): Allow call %d = false, want true", i+1)
		}
	}
	time.Sleep(50 * time.Millisecond) // about 5 tokens
	if !l.Allow() {
		t.Error("NewRateLimiter(100): Allow 50ms after emptying = false, want true")
	}
}

func TestWaitGivesUpWithContext(t *testing.T) {
	l := ratelimiter.NewRateLimiter(1)
	defer l.Stop()
	l.Allow()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait on an empty NewRateLimiter(1) with a 20ms timeout = %v, want %v", err, context.DeadlineExceeded)
	}
}

func TestStopReleasesWait(t *testing.T) {
	l := ratelimiter.NewRateLimiter(1)
	l.Allow()
	errc := make(chan error, 1)
	go func() { errc <- l.Wait(context.Background()) }()
	time.Sleep(10 * time.Millisecond)
	l.Stop()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("pending Wait after Stop = nil, want an error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a pending Wait had not returned 5s after Stop")
	}
	if l.Allow() {
		t.Error("Allow after Stop = true, want false")
	}
}
