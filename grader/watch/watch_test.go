package watch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// harness runs [Run] on a temporary folder with a fake grader: a grading
// of a package whose source holds "// block" waits until it is canceled;
// any other finishes at once with a scorecard of the package's hash.
type harness struct {
	t       *testing.T
	dir     string
	updates chan Update
	stopped atomic.Int32 // gradings that saw their context done
	cancel  context.CancelFunc
	ended   chan error
}

func startHarness(t *testing.T, files map[string]string) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), updates: make(chan Update, 100), ended: make(chan error, 1)}
	for name, data := range files {
		h.write(name, data)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	grade := func(ctx context.Context, sub *intake.Submission, hd grader.Handler) (*scorecard.Scorecard, error) {
		hd.Event(grader.Event{Kind: grader.KindBuild, Status: grader.StatusStart})
		for _, f := range sub.Files {
			if strings.Contains(string(f.Data), "// block") {
				<-ctx.Done()
				h.stopped.Add(1)
				return nil, ctx.Err()
			}
		}
		c := scorecard.New("ratelimiter", h.dir)
		c.SHA256 = sub.SHA256
		return c, nil
	}
	go func() {
		h.ended <- Run(ctx, Options{Dir: h.dir, Quiet: 50 * time.Millisecond, Grade: grade, Report: func(u Update) { h.updates <- u },
			Exclude: []string{filepath.Join(h.dir, "session.jsonl")}})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.ended:
		case <-time.After(time.Minute):
			t.Error("Run did not return within a minute of its context's end")
		}
	})
	return h
}

func (h *harness) write(name, data string) {
	h.t.Helper()
	p := filepath.Join(h.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// saveByRename saves name as vim and JetBrains do: a new file beside
// it, renamed over it.
func (h *harness) saveByRename(name, data string) {
	h.t.Helper()
	tmp := name + "___jb_tmp___"
	h.write(tmp, data)
	if err := os.Rename(filepath.Join(h.dir, tmp), filepath.Join(h.dir, name)); err != nil {
		h.t.Fatal(err)
	}
}

// next returns the next update that is not a Progress one.
func (h *harness) next() Update {
	h.t.Helper()
	for {
		select {
		case u := <-h.updates:
			if u.Kind != Progress {
				return u
			}
		case <-time.After(30 * time.Second):
			h.t.Fatal("no update within 30s")
		}
	}
}

// summary is what a test compares of an update.
type summary struct {
	Kind  UpdateKind
	Run   int
	Paths []string
}

func (h *harness) expect(want ...summary) {
	h.t.Helper()
	var got []summary
	for range want {
		u := h.next()
		got = append(got, summary{u.Kind, u.Run, u.Paths})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		h.t.Fatalf("updates (-want +got):\n%s", diff)
	}
}

const pkg = "package ratelimiter\n"

func TestWatchGradesOnSave(t *testing.T) {
	h := startHarness(t, map[string]string{"ratelimiter.go": pkg, "README.md": "prompt"})
	h.expect(summary{Started, 1, nil}, summary{Graded, 1, nil})

	// An editor's swap, probe, backup and lock files, and git's, are
	// never a save: the next update is the real save's, naming it alone.
	h.write(".ratelimiter.go.swp", "swap")
	h.write("4913", "")
	h.write("ratelimiter.go~", pkg)
	h.write("#ratelimiter.go#", pkg)
	h.write(".idea/workspace.xml", "")
	h.write("session.jsonl", "{}") // the watch's own record
	h.saveByRename("ratelimiter.go", pkg+"// v2\n")
	h.expect(summary{Started, 2, []string{"ratelimiter.go"}}, summary{Graded, 2, nil})

	// A save that leaves the package as it was is not graded again.
	h.write("ratelimiter.go", pkg+"// v2\n")
	h.expect(summary{Unchanged, 0, []string{"ratelimiter.go"}})
	h.write("ratelimiter_test.go", pkg)
	h.expect(summary{Unchanged, 0, []string{"ratelimiter_test.go"}})

	// A save during a grading cancels it and grades the new content.
	h.write("ratelimiter.go", pkg+"// block\n")
	h.expect(summary{Started, 3, []string{"ratelimiter.go"}})
	h.write("ratelimiter.go", pkg+"// v4\n")
	h.expect(summary{Canceled, 3, nil}, summary{Started, 4, []string{"ratelimiter.go"}}, summary{Graded, 4, nil})
	if n := h.stopped.Load(); n != 1 {
		t.Errorf("%d gradings saw their context end; want the canceled one", n)
	}

	// Mid-edit, the folder may hold no package at all: said, not fatal.
	if err := os.Remove(filepath.Join(h.dir, "ratelimiter.go")); err != nil {
		t.Fatal(err)
	}
	u := h.next()
	var refused *intake.RefusedError
	if u.Kind != Failed || u.Run != 0 || !asRefused(u.Err, &refused) {
		t.Fatalf("after removing the only Go file: %s %d %v; want a refused submission", u.Kind, u.Run, u.Err)
	}
	// The same content as the last grading, back, is graded again:
	// what the screen showed last was the refusal.
	h.write("ratelimiter.go", pkg+"// v4\n")
	h.expect(summary{Started, 5, []string{"ratelimiter.go"}}, summary{Graded, 5, nil})
}

func asRefused(err error, target **intake.RefusedError) bool {
	r, ok := err.(*intake.RefusedError)
	*target = r
	return ok
}

// TestWatchNestedPackage: the package is created a few folders down
// after the watch started, and edits there are seen.
func TestWatchNestedPackage(t *testing.T) {
	h := startHarness(t, map[string]string{"README.md": "notes"})
	if u := h.next(); u.Kind != Failed {
		t.Fatalf("an empty folder gave %s; want a refused submission", u.Kind)
	}
	h.write("candidate/ratelimiter/ratelimiter.go", pkg)
	if u := h.next(); u.Kind != Started {
		t.Fatalf("a package created in new folders gave %s %v; want a grading", u.Kind, u.Err)
	}
	h.expect(summary{Graded, 1, nil})
	h.saveByRename("candidate/ratelimiter/ratelimiter.go", pkg+"// v2\n")
	h.expect(summary{Started, 2, []string{"candidate/ratelimiter/ratelimiter.go"}}, summary{Graded, 2, nil})
}

// TestWatchStopsTheGrading: when the watch ends, the grading in progress
// has seen its context end before Run returns.
func TestWatchStopsTheGrading(t *testing.T) {
	h := startHarness(t, map[string]string{"ratelimiter.go": pkg + "// block\n"})
	h.expect(summary{Started, 1, nil})
	h.cancel()
	select {
	case err := <-h.ended:
		if err != context.Canceled {
			t.Errorf("Run returned %v; want context.Canceled", err)
		}
		h.ended <- err // for the cleanup
	case <-time.After(time.Minute):
		t.Fatal("Run did not return within a minute")
	}
	if n := h.stopped.Load(); n != 1 {
		t.Errorf("Run returned with %d gradings stopped; want 1", n)
	}
}
