package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vbauerster/mpb/v8"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestLineProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &lineProgress{w: &buf}
	p.Plan(2, 1)
	p.Finish(batch.Result{Name: "old", Card: &scorecard.Scorecard{Score: 90}, UpToDate: true})
	p.Start("ada")
	p.Event("ada", grader.Event{Kind: grader.KindBuild, Status: grader.StatusStart})
	p.Finish(batch.Result{Name: "ada", Card: &scorecard.Scorecard{Score: 87.5, DurationMS: 61_400}})
	p.Finish(batch.Result{Name: "bad", Failure: &batch.Failure{Kind: batch.FailureRefused, Error: "submission refused:\nbad.zip"}})
	p.Close()
	want := `grader: 2 submission(s) to grade, 1 up to date
grader: grading ada
grader: [1/2] ada: 87.5/100 in 1m1s
grader: [2/2] bad: refused: submission refused: bad.zip
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// TestBarProgressStoppedHalfWay: the terminal display ends when a batch
// stops with gradings in flight, and shows the failures it saw.
func TestBarProgressStoppedHalfWay(t *testing.T) {
	var buf syncBuffer
	p := newBarProgress(&buf, mpb.WithAutoRefresh())
	p.Plan(3, 1)
	p.Start("ada")
	p.Event("ada", grader.Event{Kind: grader.KindTest, Suite: "race", Test: "TestX", Status: grader.StatusFail})
	p.Finish(batch.Result{Name: "ada", Failure: &batch.Failure{Kind: batch.FailureError, Error: "boom"}})
	p.Start("bob")
	p.Event("bob", grader.Event{Kind: grader.KindBuild, Status: grader.StatusStart})
	done := make(chan struct{})
	go func() { p.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("Close did not return with a grading in flight")
	}
	if !strings.Contains(buf.String(), "✗ ada: error: boom") {
		t.Errorf("the display does not show ada's failure:\n%s", buf.String())
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
