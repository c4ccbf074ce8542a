package cli

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/batch"
)

// TestBatchExit: a grader failure outranks a refused submission, which
// outranks a score below --fail-under; without a pass mark nobody is
// below it.
func TestBatchExit(t *testing.T) {
	type testCase struct {
		name      string
		counts    batch.Counts
		failUnder float64
		want      int
	}
	run := func(t *testing.T, tc testCase) {
		var stderr bytes.Buffer
		err := batchExit(Streams{Err: &stderr}, tc.counts, &batchOptions{out: "results", failUnder: tc.failUnder})
		got := ExitGraded
		var exit exitError
		if errors.As(err, &exit) {
			got = exit.code
		} else if err != nil {
			t.Fatalf("batchExit: %v", err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("exit code (-want +got):\n%s\nstderr: %s", diff, stderr.String())
		}
	}
	for _, tc := range []testCase{
		{"all graded", batch.Counts{Graded: 3}, 0, ExitGraded},
		{"all passed", batch.Counts{Graded: 3}, 70, ExitGraded},
		{"below", batch.Counts{Graded: 3, Below: 1}, 70, ExitBelow},
		{"refused over below", batch.Counts{Graded: 3, Below: 1, Refused: 1}, 70, ExitBadInput},
		{"error over refused", batch.Counts{Graded: 1, Refused: 1, Errors: 1}, 0, ExitGraderError},
		{"nothing graded", batch.Counts{Errors: 2}, 70, ExitGraderError},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
