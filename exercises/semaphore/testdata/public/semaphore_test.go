package semaphore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"semaphore"
)

func TestTryAcquireUpToMax(t *testing.T) {
	s := semaphore.NewSemaphore(2)
	if !s.TryAcquire() || !s.TryAcquire() {
		t.Fatal("TryAcquire = false with a permit free; want true")
	}
	if s.TryAcquire() {
		t.Fatal("TryAcquire = true with both permits held; want false")
	}
	s.Release()
	if !s.TryAcquire() {
		t.Fatal("TryAcquire = false after a Release; want true")
	}
}

func TestNewSemaphorePanicsOnZero(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewSemaphore(0) did not panic; want a panic")
		}
	}()
	semaphore.NewSemaphore(0)
}

func TestAcquireContextTimesOut(t *testing.T) {
	s := semaphore.NewSemaphore(1)
	s.Acquire()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.AcquireContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("AcquireContext on a full semaphore = %v; want context.DeadlineExceeded", err)
	}
	s.Release()
	if !s.TryAcquire() {
		t.Fatal("TryAcquire = false after the only holder released; want true")
	}
}

func TestWaitBlocksUntilReleased(t *testing.T) {
	s := semaphore.NewSemaphore(2)
	s.Acquire()
	done := make(chan struct{})
	go func() {
		s.Wait()
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("Wait returned while a permit was held")
	case <-time.After(20 * time.Millisecond):
	}
	s.Release()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after the permit was released")
	}
}
