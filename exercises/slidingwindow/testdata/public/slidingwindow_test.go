package slidingwindow_test

import (
	"context"
	"testing"
	"time"

	"slidingwindow"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func TestLimitPerWindow(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := slidingwindow.New(slidingwindow.NewMemoryStore(), 2, time.Second, c.Now)
	ctx := context.Background()
	for i, want := range []bool{true, true, false} {
		if got, err := l.Allow(ctx, "k"); err != nil || got != want {
			t.Fatalf("Allow %d = %v, %v; want %v, nil", i+1, got, err, want)
		}
	}
	if got, _ := l.Allow(ctx, "other"); !got {
		t.Fatal("Allow for another key = false; want true: keys are independent")
	}
	c.t = c.t.Add(1500 * time.Millisecond)
	if got, _ := l.Allow(ctx, "k"); !got {
		t.Fatal("Allow once the window has passed = false; want true")
	}
}

func TestServersShareTheLimit(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := slidingwindow.NewMemoryStore()
	a := slidingwindow.New(s, 2, time.Minute, c.Now)
	b := slidingwindow.New(s, 2, time.Minute, c.Now)
	ctx := context.Background()
	a.Allow(ctx, "k")
	b.Allow(ctx, "k")
	if got, _ := a.Allow(ctx, "k"); got {
		t.Fatal("Allow = true after two servers allowed the limit of 2 between them; want false")
	}
}

func TestSlidingNotFixed(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &fakeClock{t: start.Add(50 * time.Second)}
	l := slidingwindow.New(slidingwindow.NewMemoryStore(), 1, time.Minute, c.Now)
	if got, _ := l.Allow(context.Background(), "k"); !got {
		t.Fatal("first Allow = false; want true")
	}
	c.t = start.Add(70 * time.Second) // a new minute, but only 20s later
	if got, _ := l.Allow(context.Background(), "k"); got {
		t.Fatal("Allow 20s after the last allowed request, limit 1 per minute = true; want false")
	}
}
