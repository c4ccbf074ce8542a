package workerpool_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"workerpool"
)

// receive returns the next Result, and fails the test if none comes within
// a few seconds.
func receive(t *testing.T, p *workerpool.Pool) workerpool.Result {
	t.Helper()
	select {
	case r := <-p.Results():
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("no Result within 5s")
		return workerpool.Result{}
	}
}

// receiveAll receives from Results until it is closed, and fails the test
// if that takes more than a few seconds.
func receiveAll(t *testing.T, p *workerpool.Pool) []workerpool.Result {
	t.Helper()
	var got []workerpool.Result
	timeout := time.After(5 * time.Second)
	for {
		select {
		case r, ok := <-p.Results():
			if !ok {
				return got
			}
			got = append(got, r)
		case <-timeout:
			t.Fatalf("Results was not closed within 5s (got %d Results)", len(got))
		}
	}
}

func TestRunsJobs(t *testing.T) {
	p := workerpool.New(2, 4)
	want := map[int]int{} // ID -> value
	for i := range 10 {
		id, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) {
			return i * i, nil
		})
		if err != nil {
			t.Fatalf("Submit = %v, want nil", err)
		}
		want[id] = i * i
		// Receive as we go: the queue holds only 4 jobs.
		if i%4 == 3 {
			for range 4 {
				r := receive(t, p)
				if r.Value != want[r.ID] || r.Err != nil {
					t.Errorf("Result %+v, want Value %d and no error", r, want[r.ID])
				}
				delete(want, r.ID)
			}
		}
	}
	done := make(chan error, 1)
	go func() { done <- p.Shutdown(context.Background()) }()
	for _, r := range receiveAll(t, p) {
		if r.Value != want[r.ID] || r.Err != nil {
			t.Errorf("Result %+v, want Value %d and no error", r, want[r.ID])
		}
		delete(want, r.ID)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v, want nil", err)
	}
	if len(want) != 0 {
		t.Errorf("no Result for the jobs with IDs %v", want)
	}
}

func TestErrorsAndShutdown(t *testing.T) {
	p := workerpool.New(1, 2)
	boom := errors.New("boom")
	if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return nil, boom }); err != nil {
		t.Fatalf("Submit = %v, want nil", err)
	}
	if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return 1, nil }); err != nil {
		t.Fatalf("Submit = %v, want nil", err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Shutdown(context.Background()) }()
	if got := len(receiveAll(t, p)); got != 2 {
		t.Errorf("got %d Results, want 2: Shutdown must run the jobs already queued", got)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v, want nil", err)
	}
	if err := p.Err(); !errors.Is(err, boom) {
		t.Errorf("Err() = %v, want it to wrap %v", err, boom)
	}
	if _, err := p.Submit(context.Background(), func(ctx context.Context) (any, error) { return nil, nil }); !errors.Is(err, workerpool.ErrClosed) {
		t.Errorf("Submit after Shutdown = %v, want ErrClosed", err)
	}
}
