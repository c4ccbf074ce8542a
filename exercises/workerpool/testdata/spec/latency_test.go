package workerpool_test

import (
	"context"
	"testing"

	"workerpool"
)

func trivial(ctx context.Context) (any, error) { return nil, nil }

// BenchmarkLatency_RoundTrip measures one job's trip through an idle pool:
// Submit, run, and its Result received.
func BenchmarkLatency_RoundTrip(b *testing.B) {
	p := workerpool.New(4, 16)
	for b.Loop() {
		if _, err := p.Submit(context.Background(), trivial); err != nil {
			b.Fatalf("Submit = %v", err)
		}
		<-p.Results()
	}
	b.StopTimer()
	stop := drain(p)
	p.Shutdown(context.Background())
	stop(0)
}

// BenchmarkLatency_Handoff measures one job's trip through a pool of one
// worker and no queue, where Submit hands the job straight to the worker.
func BenchmarkLatency_Handoff(b *testing.B) {
	p := workerpool.New(1, 0)
	for b.Loop() {
		if _, err := p.Submit(context.Background(), trivial); err != nil {
			b.Fatalf("Submit = %v", err)
		}
		<-p.Results()
	}
	b.StopTimer()
	stop := drain(p)
	p.Shutdown(context.Background())
	stop(0)
}
