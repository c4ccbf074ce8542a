package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/batch"
)

// batchProgress is a batch's progress display; Close ends it.
type batchProgress interface {
	batch.Progress
	Close()
}

// outcome is one finished submission, as both displays print it.
func outcome(r batch.Result) string {
	switch {
	case r.Card != nil:
		return fmt.Sprintf("%s: %.1f/100 in %s", r.Name, r.Card.Score, (time.Duration(r.Card.DurationMS) * time.Millisecond).Round(time.Second))
	case r.Failure != nil:
		return fmt.Sprintf("%s: %s: %s", r.Name, r.Failure.Kind, printableLine(r.Failure.Error))
	}
	return r.Name
}

func printableLine(s string) string {
	b := []rune(s)
	for i, r := range b {
		if r < ' ' || r == 0x7f {
			b[i] = ' '
		}
	}
	return string(b)
}

// lineProgress writes a line when a grading starts and one when it ends,
// for logs and CI (stderr not a terminal).
type lineProgress struct {
	w          io.Writer
	mu         sync.Mutex
	todo, done int
}

func (p *lineProgress) Plan(grade, upToDate int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.todo = grade
	fmt.Fprintf(p.w, "grader: %d submission(s) to grade, %d up to date\n", grade, upToDate)
}

func (p *lineProgress) Start(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "grader: grading %s\n", printableLine(name))
}

func (p *lineProgress) Event(string, grader.Event) {}

func (p *lineProgress) Finish(r batch.Result) {
	if r.UpToDate {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	fmt.Fprintf(p.w, "grader: [%d/%d] %s\n", p.done, p.todo, outcome(r))
}

func (p *lineProgress) Close() {}

// barProgress shows a batch on a terminal: an overall bar, a line for
// each grading in flight with its current step, and each finished
// submission (failures as they happen) printed above them.
type barProgress struct {
	w     io.Writer
	p     *mpb.Progress
	mu    sync.Mutex
	total *mpb.Bar
	fails int
	bars  map[string]*inflight
}

// inflight is one grading in flight.
type inflight struct {
	bar          *mpb.Bar
	mu           sync.Mutex
	step         string
	tests, fails int
}

func (f *inflight) get() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.step
}

func newBarProgress(w io.Writer, opts ...mpb.ContainerOption) *barProgress {
	opts = append([]mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithRefreshRate(150 * time.Millisecond)}, opts...)
	return &barProgress{w: w, p: mpb.New(opts...), bars: map[string]*inflight{}}
}

// println prints a line above the bars, or straight to the output once
// the display has ended (mpb ends it when it cannot draw).
func (b *barProgress) println(format string, args ...any) {
	line := fmt.Sprintf(format+"\n", args...)
	if _, err := io.WriteString(b.p, line); err != nil {
		io.WriteString(b.w, line)
	}
}

func (b *barProgress) Plan(grade, upToDate int) {
	if upToDate > 0 {
		b.println("%d submission(s) up to date, not graded again", upToDate)
	}
	if grade == 0 {
		return
	}
	total, err := b.p.Add(int64(grade), mpb.BarStyle().Build(),
		mpb.BarPriority(-1), // first
		mpb.PrependDecorators(decor.Name("batch ", decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncSpace)),
		mpb.AppendDecorators(
			decor.Any(func(decor.Statistics) string {
				b.mu.Lock()
				defer b.mu.Unlock()
				if b.fails == 0 {
					return ""
				}
				return fmt.Sprintf("%d failed", b.fails)
			}, decor.WCSyncSpace),
			decor.Elapsed(decor.ET_STYLE_MMSS, decor.WCSyncSpace),
		),
	)
	if err == nil {
		b.mu.Lock()
		b.total = total
		b.mu.Unlock()
	}
}

func (b *barProgress) Start(name string) {
	f := &inflight{step: "starting"}
	bar, err := b.p.Add(0, mpb.SpinnerStyle().PositionLeft().Build(), mpb.BarWidth(2),
		mpb.PrependDecorators(decor.Name("  "+printableLine(name), decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return f.get() })),
	)
	if err != nil {
		return
	}
	f.bar = bar
	b.mu.Lock()
	b.bars[name] = f
	b.mu.Unlock()
}

func (b *barProgress) Event(name string, ev grader.Event) {
	b.mu.Lock()
	f := b.bars[name]
	b.mu.Unlock()
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch ev.Kind {
	case grader.KindTest:
		f.tests++
		if ev.Status != grader.StatusPass {
			f.fails++
		}
		f.step = fmt.Sprintf("%d tests run, %d failed (%s)", f.tests, f.fails, ev.Suite)
	case grader.KindSuite:
		if ev.Status == grader.StatusStart {
			f.step = ev.Suite
		}
	case grader.KindReference:
		f.step = "building the reference"
	case grader.KindBuild:
		f.step = "building"
	case grader.KindIntake, grader.KindPolicy, grader.KindAPI:
		f.step = "checking " + string(ev.Kind)
	case grader.KindDone:
		f.step = "done"
	}
}

func (b *barProgress) Finish(r batch.Result) {
	if r.UpToDate {
		return
	}
	b.mu.Lock()
	f := b.bars[r.Name]
	delete(b.bars, r.Name)
	if r.Failure != nil {
		b.fails++
	}
	total := b.total
	b.mu.Unlock()
	if f != nil {
		f.bar.Abort(true)
	}
	mark := "✓"
	if r.Failure != nil {
		mark = "✗"
	}
	b.println("%s %s", mark, outcome(r))
	if total != nil {
		total.Increment()
	}
}

// Close ends the display, also when the batch stopped half-way.
func (b *barProgress) Close() {
	b.mu.Lock()
	for _, f := range b.bars {
		f.bar.Abort(true)
	}
	if b.total != nil && !b.total.Completed() {
		b.total.Abort(false)
	}
	b.mu.Unlock()
	b.p.Wait()
}
