package cli

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader"
)

// TestJSONProgress checks the fields of --progress json: score and max
// only where an event carries a score (a suite's end, done), where 0 is a
// score and must be shown.
func TestJSONProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &jsonProgress{w: &buf, start: time.Now()}
	for _, ev := range []grader.Event{
		{Kind: grader.KindSuite, Status: grader.StatusStart, Suite: "race"},
		{Kind: grader.KindTest, Status: grader.StatusFail, Suite: "race", Test: "TestRace_Get", Message: "race"},
		{Kind: grader.KindSuite, Status: grader.StatusFail, Suite: "race", Max: 20},
		{Kind: grader.KindDone, Status: grader.StatusPass, Score: 80, Max: 100},
		{Kind: grader.KindError, Status: grader.StatusError, Message: "context canceled"},
	} {
		p.Event(ev)
	}
	var got []map[string]any
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		delete(m, "time_ms")
		got = append(got, m)
	}
	want := []map[string]any{
		{"kind": "suite", "status": "start", "suite": "race"},
		{"kind": "test", "status": "fail", "suite": "race", "test": "TestRace_Get", "message": "race"},
		{"kind": "suite", "status": "fail", "suite": "race", "score": 0.0, "max": 20.0},
		{"kind": "done", "status": "pass", "score": 80.0, "max": 100.0},
		{"kind": "error", "status": "error", "message": "context canceled"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON lines (-want +got):\n%s", diff)
	}
}
