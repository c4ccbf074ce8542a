package gradertest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hiringtools/grader/grader/gradertest"
)

func TestBubbleToleratesGoroutinesLeftBehind(t *testing.T) {
	ran := false
	gradertest.Bubble(t, func(t *testing.T) {
		go func() { select {} }() // blocked forever: a leak, not a correctness failure
		time.Sleep(time.Hour)     // virtual: returns at once
		ran = true
	})
	if !ran {
		t.Fatal("the bubble's function did not run to the end")
	}
}

// TestBubbleFailsOnDeadlock runs the deadlocking case in a child process,
// because a failing subtest would fail this test too.
func TestBubbleFailsOnDeadlock(t *testing.T) {
	if os.Getenv("GRADERTEST_CHILD") == "deadlock" {
		gradertest.Bubble(t, func(t *testing.T) {
			ch := make(chan int)
			<-ch // every goroutine in the bubble is blocked while f runs
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBubbleFailsOnDeadlock$", "-test.v")
	cmd.Env = append(os.Environ(), "GRADERTEST_CHILD=deadlock")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("a deadlocked bubble passed; output:\n%s", out)
	}
	if !strings.Contains(string(out), "deadlock: all goroutines in bubble are blocked") {
		t.Errorf("output does not name the deadlock:\n%s", out)
	}
}

func TestSeed(t *testing.T) {
	if got := gradertest.Seed(t); got != 1 && os.Getenv(gradertest.SeedEnv) == "" {
		t.Errorf("Seed() = %d without %s; want 1", got, gradertest.SeedEnv)
	}
	t.Setenv(gradertest.SeedEnv, "42")
	if got := gradertest.Seed(t); got != 42 {
		t.Errorf("Seed() = %d with %s=42; want 42", got, gradertest.SeedEnv)
	}
}
