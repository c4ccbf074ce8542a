// Package watch re-grades a candidate's folder on every save, for live
// coding: [Run] watches the folder (and the folders under it) with
// fsnotify, gathers the events of a save (see [Ignored] for what never
// counts as one), reads the package as a grading would, and grades it
// when its content hash differs from the last one graded. A save during a
// grading cancels that grading and starts the next.
//
// [Run] reports what happens as [Update] values; [State] turns them into
// what a screen shows, and [Record] and [Timeline] keep a session on disk
// and draw it afterwards.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

// DefaultQuiet is how long a folder must stay unchanged after a change
// before it is graded: long enough to gather one save's events, short
// enough not to be felt.
const DefaultQuiet = 200 * time.Millisecond

// UpdateKind says what an [Update] reports.
type UpdateKind string

// The kinds of update, in the order a grading goes through them.
const (
	// Started: grading Run of the package with hash SHA256 began, after
	// the changes to Paths (none for the first grading).
	Started UpdateKind = "started"
	// Progress: Event is an event of grading Run.
	Progress UpdateKind = "progress"
	// Graded: grading Run finished with scorecard Card.
	Graded UpdateKind = "graded"
	// Canceled: grading Run was stopped by a newer save (or by the end
	// of the watch); it has no scorecard.
	Canceled UpdateKind = "canceled"
	// Failed: grading Run failed (Err says why), or, with Run 0, the
	// folder could not be read as a submission after the changes to
	// Paths: a normal state mid-edit, such as a folder with no Go file.
	Failed UpdateKind = "failed"
	// Unchanged: the changes to Paths left the package as last graded
	// (a test file, a README, a save with no edit).
	Unchanged UpdateKind = "unchanged"
)

// Update is something [Run] reports.
type Update struct {
	Kind   UpdateKind
	Run    int       // the grading's number, from 1; 0 when none is concerned
	Time   time.Time // when it happened
	SHA256 string    // the package's content hash (Started, Graded, Unchanged)
	Paths  []string  // the changed paths, relative to the folder (Started, Unchanged, Failed)
	Event  grader.Event
	Card   *scorecard.Scorecard
	Err    error
}

// GradeFunc grades a submission the loop has read, sending the grading's
// events to h. It must return once ctx is done, having stopped everything
// it started.
type GradeFunc func(ctx context.Context, sub *intake.Submission, h grader.Handler) (*scorecard.Scorecard, error)

// Options configure [Run].
type Options struct {
	// Dir is the folder to watch: the submission, as 'grader grade'
	// would take it (the package may sit a few folders down).
	Dir string
	// Quiet is the debounce period; 0 means [DefaultQuiet].
	Quiet time.Duration
	// Grade grades one submission.
	Grade GradeFunc
	// Load reads the folder; nil means intake.Load with its default
	// limits.
	Load func(ctx context.Context, dir string) (*intake.Submission, error)
	// Report receives every update. Calls never overlap, and no
	// Progress of a grading comes after its Canceled.
	Report func(Update)
	// Now is the clock of Update.Time; nil means time.Now.
	Now func() time.Time
	// Exclude are files the watch writes itself (a session record kept
	// in the folder): their changes are never a save.
	Exclude []string
}

// Run grades o.Dir, then watches it and grades it again after every
// change, until ctx is done. It returns ctx's error once the grading in
// progress, if any, has stopped and cleaned up, or an error when the
// folder cannot be watched at all.
func Run(ctx context.Context, o Options) error {
	if o.Quiet <= 0 {
		o.Quiet = DefaultQuiet
	}
	if o.Load == nil {
		o.Load = func(ctx context.Context, dir string) (*intake.Submission, error) {
			return intake.Load(ctx, dir, intake.DefaultLimits())
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	exclude := make([]string, len(o.Exclude))
	for i, p := range o.Exclude {
		exclude[i], _ = filepath.Abs(p)
	}
	o.Exclude = exclude
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", o.Dir, err)
	}
	defer fw.Close()
	if err := addTree(fw, o.Dir); err != nil {
		return err
	}
	l := &loop{o: o, fw: fw, deb: newDebouncer(o.Quiet), done: make(chan result, 1)}
	return l.loop(ctx)
}

// maxFolders bounds how many folders one watch follows: a package sits
// a few folders down, and a folder with thousands of them was not meant.
const maxFolders = 500

// addTree watches dir and every folder under it that is not ignored.
func addTree(fw *fsnotify.Watcher, dir string) error {
	n := 0
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("watching %s: %w", dir, err)
			}
			return nil // gone since: its parent's events tell
		}
		if !d.IsDir() {
			return nil
		}
		if rel, _ := filepath.Rel(dir, p); p != dir && Ignored(filepath.ToSlash(rel)) {
			return filepath.SkipDir
		}
		if n++; n > maxFolders {
			return fmt.Errorf("watching %s: more than %d folders under it; watch the folder that holds the package", dir, maxFolders)
		}
		if err := fw.Add(p); err != nil && p == dir {
			return fmt.Errorf("watching %s: %w", dir, err)
		}
		return nil
	})
}

type result struct {
	run  int
	card *scorecard.Scorecard
	err  error
}

// loop is the state of one [Run]: everything is touched by its goroutine
// only, except live, which the gradings' handlers read under mu.
type loop struct {
	o   Options
	fw  *fsnotify.Watcher
	deb *debouncer

	mu   sync.Mutex // serialises Report, and guards live
	live int        // the grading whose updates are reported

	run     int                // the last grading started
	hash    string             // the hash of the package last graded or being graded
	cancel  context.CancelFunc // stops the grading in progress; nil when none is
	stopped chan struct{}      // closed when the grading in progress has returned
	done    chan result
	pending bool // a grading is in progress
}

func (l *loop) report(u Update) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reportLocked(u)
}

func (l *loop) reportLocked(u Update) {
	if u.Time.IsZero() {
		u.Time = l.o.Now()
	}
	if l.o.Report != nil {
		l.o.Report(u)
	}
}

func (l *loop) loop(ctx context.Context) error {
	defer l.stop()
	l.check(ctx, nil)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var fire <-chan time.Time // timer.C while changes are gathered
	arm := func(now time.Time) {
		at, _ := l.deb.due()
		timer.Reset(at.Sub(now))
		fire = timer.C
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-l.fw.Events:
			if !ok {
				return ctx.Err()
			}
			if rel, changed := l.change(ev); changed {
				now := time.Now()
				l.deb.add(now, rel)
				arm(now)
			}
		case err, ok := <-l.fw.Errors:
			if !ok {
				return ctx.Err()
			}
			// Lost events (an overflowing queue): the folder may have
			// changed in ways not seen, so it is read again.
			l.report(Update{Kind: Failed, Err: fmt.Errorf("watching %s: %w; reading it again", l.o.Dir, err)})
			now := time.Now()
			l.deb.add(now, "")
			arm(now)
		case <-fire:
			now := time.Now()
			paths, ok := l.deb.fire(now)
			if !ok {
				arm(now)
				continue
			}
			fire = nil
			l.check(ctx, paths)
		case r := <-l.done:
			l.finish(r)
		}
	}
}

// change reports whether ev is a change that may alter the package, and
// its path relative to the folder. A new folder is watched too.
func (l *loop) change(ev fsnotify.Event) (string, bool) {
	rel, err := filepath.Rel(l.o.Dir, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if Ignored(rel) || slices.Contains(l.o.Exclude, filepath.Clean(ev.Name)) {
		return rel, false
	}
	if ev.Op == fsnotify.Chmod {
		return rel, false // a mode or time change alone changes no content
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			addTree(l.fw, ev.Name)
		}
	}
	return rel, true
}

// check reads the folder after the changes to paths and grades it if its
// package changed.
func (l *loop) check(ctx context.Context, paths []string) {
	sub, err := l.o.Load(ctx, l.o.Dir)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		// Mid-edit, a folder may have no Go file at all: that is said,
		// and the next save is read afresh.
		l.stop()
		l.hash = ""
		l.report(Update{Kind: Failed, Paths: paths, Err: err})
		return
	}
	if sub.SHA256 == l.hash {
		l.report(Update{Kind: Unchanged, SHA256: sub.SHA256, Paths: paths})
		return
	}
	l.stop()
	l.hash = sub.SHA256
	l.run++
	run := l.run
	gctx, cancel := context.WithCancel(ctx)
	l.cancel = cancel
	l.pending = true
	l.mu.Lock()
	l.live = run
	l.reportLocked(Update{Kind: Started, Run: run, SHA256: sub.SHA256, Paths: paths})
	l.mu.Unlock()
	h := grader.HandlerFunc(func(ev grader.Event) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.live == run {
			l.reportLocked(Update{Kind: Progress, Run: run, Event: ev})
		}
	})
	stopped := make(chan struct{})
	l.stopped = stopped
	go func() {
		card, err := l.o.Grade(gctx, sub, h)
		close(stopped)
		select {
		case l.done <- result{run, card, err}:
		case <-gctx.Done():
			// Stopped: nobody waits for this result.
		}
	}()
}

// stop cancels the grading in progress, if any, and waits until it has
// stopped and cleaned up: two gradings never share the machine, so the
// next one is as fast as it can be.
func (l *loop) stop() {
	if l.cancel == nil {
		return
	}
	l.cancel()
	l.cancel = nil
	l.mu.Lock()
	run := l.live
	l.live = 0
	l.mu.Unlock()
	<-l.stopped
	if l.pending {
		l.report(Update{Kind: Canceled, Run: run})
	}
	l.pending = false
}

// finish reports the end of grading r.run, unless a newer one replaced it.
func (l *loop) finish(r result) {
	if r.run != l.run || !l.pending {
		return
	}
	l.pending = false
	l.cancel()
	l.cancel = nil
	l.mu.Lock()
	defer l.mu.Unlock()
	l.live = 0
	switch {
	case r.err != nil:
		l.hash = "" // a failed grading is tried again at the next save
		l.reportLocked(Update{Kind: Failed, Run: r.run, Err: r.err})
	case r.card == nil:
		l.reportLocked(Update{Kind: Failed, Run: r.run, Err: errors.New("the grading returned no scorecard")})
	default:
		l.reportLocked(Update{Kind: Graded, Run: r.run, SHA256: r.card.SHA256, Card: r.card})
	}
}
