package batch_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
)

// Three shards of one batch, each graded by its own copy of Run, merge
// into the folder one batch of everything writes: the same files, the
// same scorecards.
func TestShardsMergeIntoOneBatch(t *testing.T) {
	dir := submissions(t, map[string]string{
		"ada": "package a // pass 4", "bob.zip": "package a // pass 2", "cy": "package a // pass 3",
		"dee": "package a // pass 1", "eve": "package a // panic",
	})
	// fay's zip is corrupt: refused at intake.
	if err := os.WriteFile(filepath.Join(dir, "fay.zip"), []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(out string, shard batch.Shard) []string {
		t.Helper()
		f := &fake{version: grader.Version}
		rep, err := batch.Run(context.Background(), batch.Options{
			Dir: dir, Results: out, Grade: f.grade, Shard: shard,
			Config: grader.Config{Exercise: "lrucache", Suites: []string{"correctness"}, Seed: 1},
		})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rep.Results {
			names = append(names, r.Name)
		}
		return names
	}
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	run(whole, batch.Shard{})
	var shards []string
	var got [][]string
	for i := 1; i <= 3; i++ {
		out := filepath.Join(tmp, "shard"+string(rune('0'+i)))
		shards = append(shards, out)
		got = append(got, run(out, batch.Shard{Index: i, Count: 3}))
	}
	want := [][]string{{"ada", "dee"}, {"bob", "eve"}, {"cy", "fay"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shares (-want +got):\n%s", diff)
	}

	merged := filepath.Join(tmp, "merged")
	rs, exercise, err := batch.Merge(merged, shards)
	if err != nil {
		t.Fatal(err)
	}
	if exercise != "lrucache" || len(rs) != 6 {
		t.Errorf("Merge: exercise %q, %d results; want lrucache, 6", exercise, len(rs))
	}
	if diff := cmp.Diff(listing(t, whole), listing(t, merged)); diff != "" {
		t.Errorf("merged files (-whole +merged):\n%s", diff)
	}
	for _, name := range []string{"ada", "bob", "cy", "dee"} {
		a, b := scoreOf(t, whole, name), scoreOf(t, merged, name)
		if a != b {
			t.Errorf("%s: %s in the whole batch, %s merged", name, a, b)
		}
	}
	for _, name := range []string{"eve", "fay"} {
		if _, err := os.Stat(filepath.Join(merged, "errors", name+".json")); err != nil {
			t.Errorf("%s's error is not merged: %v", name, err)
		}
	}

	// A submission in two shards, or shards of two exercises, are refused.
	if _, _, err := batch.Merge(filepath.Join(tmp, "twice"), []string{shards[0], shards[0]}); err == nil || !strings.Contains(err.Error(), "is in both") {
		t.Errorf("merging a shard twice: %v", err)
	}
	other := filepath.Join(tmp, "other")
	f := &fake{version: grader.Version}
	if _, err := batch.Run(context.Background(), batch.Options{Dir: dir, Results: other, Grade: f.grade, Config: grader.Config{Exercise: "ttlcache"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := batch.Merge(filepath.Join(tmp, "mixed"), []string{shards[0], other}); !errors.Is(err, batch.ErrOtherExercise) {
		t.Errorf("merging two exercises: %v, want ErrOtherExercise", err)
	}
}

// scoreOf is the score line of a results folder's scorecard of name.
func scoreOf(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), `"score"`) {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("%s has no score", name)
	return ""
}
