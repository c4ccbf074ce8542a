package watch

import (
	"fmt"
	"strings"
	"time"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/scorecard"
)

// Phase is where a suite is in the grading on screen.
type Phase string

// The phases of a suite.
const (
	PhaseWaiting  Phase = "waiting"  // not started yet
	PhaseRunning  Phase = "running"  // its tests are running
	PhasePass     Phase = "pass"     // every test passed
	PhaseFail     Phase = "fail"     // a test failed
	PhaseWithheld Phase = "withheld" // not run: fewer than half of the correctness tests pass
	PhaseSkipped  Phase = "skipped"  // not selected
	PhaseError    Phase = "error"    // not run: the build, the policy or the grader failed
)

// SuiteState is one suite's row on the screen.
type SuiteState struct {
	Name     string
	Phase    Phase
	Tests    int     // tests with a verdict so far
	Failed   int     // of which failed
	Score    float64 // set once the suite ended (Scored)
	Max      float64
	Scored   bool
	Failures []Failure
}

// Failure is a failed test as the screen shows it.
type Failure struct {
	Test    string
	Message string // the first line of the test's message
}

// State is what a watch screen shows, built from [Update] values by
// [State.Apply]: the grading in progress suite by suite, as its events
// come, and the last finished grading's score.
type State struct {
	Exercise string
	Dir      string
	Label    string // said after the folder in the heading, such as "candidate view"

	Run     int       // the grading shown
	Grading bool      // it is in progress
	Started time.Time // when it began
	Paths   []string  // the changes that started it
	Step    string    // what it is doing, while in progress
	Suites  []SuiteState
	Build   []string // the compiler's or the policy's first lines, when nothing could run
	Missing []string // the API the submission lacks

	Card     *scorecard.Scorecard // the last finished grading
	CardRun  int
	CardTime time.Time

	Note string // the last thing said about a save that did not grade
	Err  string // why the folder cannot be graded now
}

// maxMessageLines bounds each message a screen or a line shows.
const maxMessageLines = 6

// NewState returns the state of a watch of dir for exercise, before
// anything was graded.
func NewState(exercise, dir string) *State {
	s := &State{Exercise: exercise, Dir: dir}
	s.resetSuites()
	return s
}

func (s *State) resetSuites() {
	s.Suites = s.Suites[:0]
	for _, n := range scorecard.SuiteNames {
		s.Suites = append(s.Suites, SuiteState{Name: n, Phase: PhaseWaiting})
	}
	s.Build, s.Missing = nil, nil
}

// Suite returns the row of the suite named name, or nil.
func (s *State) Suite(name string) *SuiteState {
	for i := range s.Suites {
		if s.Suites[i].Name == name {
			return &s.Suites[i]
		}
	}
	return nil
}

// Apply changes the state by u.
func (s *State) Apply(u Update) {
	switch u.Kind {
	case Started:
		s.Run, s.Grading, s.Started, s.Paths = u.Run, true, u.Time, u.Paths
		s.Step, s.Note, s.Err = "reading", "", ""
		s.resetSuites()
	case Progress:
		if u.Run == s.Run && s.Grading {
			s.event(u.Event)
		}
	case Graded:
		s.Grading, s.Step = false, ""
		s.Card, s.CardRun, s.CardTime = u.Card, u.Run, u.Time
		s.fromCard(u.Card)
	case Canceled:
		if u.Run == s.Run {
			s.Grading, s.Step = false, ""
		}
	case Failed:
		if u.Run == 0 || u.Run == s.Run {
			s.Grading, s.Step = false, ""
			s.Err = firstLines(u.Err.Error(), maxMessageLines)
		}
	case Unchanged:
		s.Note = "unchanged: " + pathList(u.Paths) + " left the package as last graded"
	}
}

func (s *State) event(ev grader.Event) {
	switch ev.Kind {
	case grader.KindIntake, grader.KindPolicy, grader.KindAPI:
		s.Step = "checking"
		if ev.Status == grader.StatusFail {
			s.Step = "nothing can run"
		}
	case grader.KindReference:
		s.Step = "building the reference (the exercise's first grading)"
	case grader.KindBuild:
		s.Step = "building"
		if ev.Status == grader.StatusFail {
			s.Step = "build failed"
		}
	case grader.KindSuite:
		row := s.Suite(ev.Suite)
		if row == nil {
			return
		}
		switch ev.Status {
		case grader.StatusStart:
			row.Phase = PhaseRunning
			s.Step = "running " + ev.Suite
		case grader.StatusWithheld:
			row.Phase = PhaseWithheld
		case grader.StatusSkipped:
			row.Phase = PhaseSkipped
		default:
			row.Phase = PhasePass
			if ev.Status != grader.StatusPass && ev.Status != grader.StatusOK {
				row.Phase = PhaseFail
			}
			if ev.Status == grader.StatusError {
				row.Phase = PhaseError
			}
			row.Score, row.Max, row.Scored = ev.Score, ev.Max, true
		}
	case grader.KindTest:
		row := s.Suite(ev.Suite)
		if row == nil {
			return
		}
		if row.Phase == PhaseWaiting {
			row.Phase = PhaseRunning
		}
		s.Step = "running " + ev.Suite
		row.Tests++
		if ev.Status != grader.StatusPass {
			row.Failed++
			row.Failures = append(row.Failures, Failure{Test: ev.Test, Message: firstLine(ev.Message)})
		}
	}
}

// fromCard sets every row from a finished grading's scorecard, which has
// the last word over the events.
func (s *State) fromCard(c *scorecard.Scorecard) {
	s.resetSuites()
	if c == nil {
		return
	}
	for _, cs := range c.Suites {
		row := s.Suite(cs.Name)
		if row == nil {
			continue
		}
		*row = SuiteState{Name: cs.Name, Score: cs.Score, Max: cs.MaxScore, Scored: true, Phase: phaseOf(cs)}
		for _, t := range cs.Tests {
			if t.Status == scorecard.StatusSkipped {
				continue
			}
			row.Tests++
			if t.Status == scorecard.StatusPass {
				continue
			}
			row.Failed++
			if !blocked(t.Verdict) {
				msg := t.Message
				if msg == "" {
					msg = t.Description // the candidate view has no message
				}
				if msg == "" || (t.Verdict != scorecard.VerdictFailed && !strings.Contains(msg, string(t.Verdict))) {
					msg = strings.TrimSuffix(string(t.Verdict)+": "+msg, ": ")
				}
				row.Failures = append(row.Failures, Failure{Test: t.Name, Message: firstLine(msg)})
			}
		}
	}
	for _, v := range c.Policy {
		s.Build = append(s.Build, fmt.Sprintf("%s:%d: %s", v.File, v.Line, v.Message))
	}
	if c.Build.Status == scorecard.BuildFailed {
		s.Build = append(s.Build, strings.Split(firstLines(c.Build.Output, maxMessageLines), "\n")...)
	}
	for _, m := range c.MissingAPI {
		s.Missing = append(s.Missing, fmt.Sprintf("%s: expected %s (%d test(s) score 0)", m.Symbol, m.Expected, len(m.Tests)))
	}
}

// blocked reports whether v is a test that could not run for a cause the
// screen states once (the build, the policy, the API).
func blocked(v scorecard.Verdict) bool {
	return v == scorecard.VerdictBuildFailed || v == scorecard.VerdictPolicy || v == scorecard.VerdictMissingAPI || v == scorecard.VerdictNotRun
}

func phaseOf(cs scorecard.Suite) Phase {
	switch cs.Status {
	case scorecard.StatusPass:
		return PhasePass
	case scorecard.StatusFail:
		return PhaseFail
	case scorecard.StatusWithheld:
		return PhaseWithheld
	case scorecard.StatusSkipped:
		return PhaseSkipped
	}
	return PhaseError
}

// RenderOptions tune [State.Render].
type RenderOptions struct {
	Width int       // columns; 0 means 80
	Color bool      // ANSI colours
	Now   time.Time // for the time a grading has been running
}

const (
	green  = "\x1b[32m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Render draws the state as a screen of text.
func (s *State) Render(o RenderOptions) string {
	if o.Width <= 0 {
		o.Width = 80
	}
	paint := func(code, t string) string {
		if !o.Color || code == "" {
			return t
		}
		return code + t + reset
	}
	var b strings.Builder
	line := func(format string, args ...any) {
		b.WriteString(strings.TrimRight(clip(fmt.Sprintf(format, args...), o.Width), " "))
		b.WriteByte('\n')
	}
	heading := fmt.Sprintf("%s  %s  %s", paint(bold, "grader watch"), s.Exercise, s.Dir)
	if s.Label != "" {
		heading += "  · " + s.Label
	}
	line("%s", heading)
	switch {
	case s.Grading:
		what := "first grading"
		if len(s.Paths) > 0 {
			what = "after saving " + pathList(s.Paths)
		}
		line("grading #%d %s · %s · %.1fs", s.Run, what, s.Step, o.Now.Sub(s.Started).Seconds())
	case s.Run == 0 && s.Err == "":
		line("reading the folder…")
	default:
		line("%s", paint(dim, "waiting for a save"))
	}
	b.WriteByte('\n')
	for _, r := range s.Suites {
		mark, color := "·", dim
		switch r.Phase {
		case PhaseRunning:
			mark, color = "…", yellow
		case PhasePass:
			mark, color = "✓", green
		case PhaseFail, PhaseError:
			mark, color = "✗", red
		case PhaseWithheld, PhaseSkipped:
			mark, color = "-", dim
		}
		score := ""
		if r.Scored {
			score = fmt.Sprintf("%.1f/%g", r.Score, r.Max)
		}
		detail := ""
		switch {
		case r.Phase == PhaseWithheld:
			detail = "not run: fewer than half of the correctness tests pass"
		case r.Phase == PhaseSkipped:
			detail = "not selected"
		case r.Tests == 1:
			detail = fmt.Sprintf("1 test, %d failed", r.Failed)
		case r.Tests > 0:
			detail = fmt.Sprintf("%d tests, %d failed", r.Tests, r.Failed)
		}
		line("  %-12s %s %-8s %9s  %s", r.Name, paint(color, mark), paint(color, string(r.Phase)), score, detail)
	}
	b.WriteByte('\n')
	if s.Card != nil {
		c := s.Card
		color := green
		if c.Score < c.MaxScore {
			color = yellow
		}
		line("score %s  (grading #%d, %s, in %.1fs, package %s)", paint(bold+color, fmt.Sprintf("%.1f/%g", c.Score, c.MaxScore)),
			s.CardRun, s.CardTime.Format("15:04:05"), float64(c.DurationMS)/1000, short(c.SHA256))
	}
	if s.Card != nil {
		for _, w := range s.Card.Warnings {
			line("%s %s", paint(bold+yellow, "warning:"), w)
		}
	}
	if s.Err != "" {
		b.WriteByte('\n')
		line("%s", paint(red, "cannot grade the folder now:"))
		for _, l := range strings.Split(s.Err, "\n") {
			line("  %s", l)
		}
	}
	if len(s.Build) > 0 {
		b.WriteByte('\n')
		line("%s", paint(bold+red, "nothing ran: the submission does not build"))
		for _, l := range s.Build {
			line("  %s", l)
		}
	}
	if len(s.Missing) > 0 {
		b.WriteByte('\n')
		line("%s", paint(bold, "missing or mismatched API"))
		for _, l := range s.Missing {
			line("  %s", l)
		}
	}
	var fails []string
	for _, r := range s.Suites {
		for _, f := range r.Failures {
			fails = append(fails, strings.TrimSuffix(fmt.Sprintf("  %s %s: %s", paint(red, "✗"), r.Name+"/"+f.Test, f.Message), ": "))
		}
	}
	if len(fails) > 0 {
		b.WriteByte('\n')
		line("%s", paint(bold, "failures"))
		const maxFails = 10
		for i, f := range fails {
			if i == maxFails {
				line("  … and %d more", len(fails)-maxFails)
				break
			}
			line("%s", f)
		}
	}
	if s.Note != "" {
		b.WriteByte('\n')
		line("%s", paint(dim, s.Note))
	}
	b.WriteByte('\n')
	line("%s", paint(dim, "q quit · saves in "+s.Dir+" are graded"))
	return b.String()
}

// Lines turns updates into plain lines, for a log or a pipe: a line when
// a grading starts, one per suite as it ends (with its failures), and one
// when the grading ends.
type Lines struct {
	run     int
	printed map[string]bool // suites of run already printed
	fails   map[string][]Failure
	// held are lines of suites withheld before the correctness suite's
	// line was printed, which they follow.
	held []string
	// blocked is set once the policy, the type check or the build
	// stopped the grading's tests: that cause is printed, not each suite.
	blocked bool
}

// Apply returns the lines u adds, each without its newline.
func (p *Lines) Apply(u Update) []string {
	at := u.Time.Format("15:04:05")
	prefix := fmt.Sprintf("%s #%d ", at, u.Run)
	switch u.Kind {
	case Started:
		p.run, p.printed, p.fails, p.held, p.blocked = u.Run, map[string]bool{}, map[string][]Failure{}, nil, false
		if len(u.Paths) == 0 {
			return []string{prefix + "grading " + short(u.SHA256)}
		}
		return []string{prefix + "grading " + short(u.SHA256) + " after saving " + pathList(u.Paths)}
	case Progress:
		if u.Run != p.run {
			return nil
		}
		ev := u.Event
		switch {
		case ev.Kind == grader.KindReference && ev.Status == grader.StatusStart:
			return []string{prefix + "building the reference (the exercise's first grading)"}
		case ev.Status == grader.StatusFail && (ev.Kind == grader.KindPolicy || ev.Kind == grader.KindAPI || ev.Kind == grader.KindBuild):
			p.blocked = true
			what := map[grader.EventKind]string{grader.KindPolicy: "breaks the policy", grader.KindAPI: "does not compile",
				grader.KindBuild: "does not build with the hidden spec"}[ev.Kind]
			out := []string{prefix + "the package " + what + ": nothing ran"}
			for _, l := range strings.Split(firstLines(ev.Message, maxMessageLines), "\n") {
				if l != "" {
					out = append(out, "    "+l)
				}
			}
			return out
		case ev.Kind == grader.KindSuite && p.blocked:
			p.printed[ev.Suite] = true
		case ev.Kind == grader.KindTest && ev.Status != grader.StatusPass:
			p.fails[ev.Suite] = append(p.fails[ev.Suite], Failure{ev.Test, firstLine(ev.Message)})
		case ev.Kind == grader.KindSuite && ev.Status == grader.StatusWithheld:
			p.printed[ev.Suite] = true
			line := prefix + ev.Suite + " withheld: fewer than half of the correctness tests pass"
			if !p.printed[scorecard.Correctness] {
				p.held = append(p.held, line)
				return nil
			}
			return []string{line}
		case ev.Kind == grader.KindSuite && ev.Status != grader.StatusStart && ev.Status != grader.StatusSkipped:
			p.printed[ev.Suite] = true
			out := append([]string{prefix + fmt.Sprintf("%s %s %.1f/%g", ev.Suite, ev.Status, ev.Score, ev.Max)}, failureLines(p.fails[ev.Suite])...)
			if ev.Suite == scorecard.Correctness {
				out, p.held = append(out, p.held...), nil
			}
			return out
		}
	case Graded:
		var out []string
		var st State
		st.fromCard(u.Card)
		if !p.blocked {
			for _, l := range st.Build {
				out = append(out, "    "+l)
			}
		}
		for _, l := range st.Missing {
			out = append(out, "    missing "+l)
		}
		for _, r := range st.Suites {
			if p.printed[r.Name] || r.Phase == PhaseSkipped || (len(st.Build) > 0 && r.Phase == PhaseError) {
				continue
			}
			out = append(out, prefix+fmt.Sprintf("%s %s %.1f/%g", r.Name, r.Phase, r.Score, r.Max))
			out = append(out, failureLines(r.Failures)...)
			if r.Name == scorecard.Correctness {
				out, p.held = append(out, p.held...), nil
			}
		}
		out, p.held = append(out, p.held...), nil
		c := u.Card
		return append(out, prefix+fmt.Sprintf("graded %.1f/%g in %.1fs", c.Score, c.MaxScore, float64(c.DurationMS)/1000))
	case Canceled:
		return []string{prefix + "canceled by a newer save"}
	case Failed:
		msg := strings.ReplaceAll(firstLines(u.Err.Error(), maxMessageLines), "\n", "\n    ")
		if u.Run == 0 {
			return []string{at + " cannot grade the folder now: " + msg}
		}
		return []string{prefix + "failed: " + msg}
	case Unchanged:
		return []string{at + " unchanged: " + pathList(u.Paths) + " left the package as last graded"}
	}
	return nil
}

// maxLineFailures bounds the failures [Lines] prints under a suite; the
// scorecard has them all.
const maxLineFailures = 5

func failureLines(fs []Failure) []string {
	var out []string
	for i, f := range fs {
		if i == maxLineFailures {
			out = append(out, fmt.Sprintf("    … and %d more", len(fs)-maxLineFailures))
			break
		}
		out = append(out, strings.TrimSuffix("    ✗ "+f.Test+": "+f.Message, ": "))
	}
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("… and %d more line(s)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

func pathList(paths []string) string {
	switch len(paths) {
	case 0:
		return "the folder"
	case 1, 2, 3:
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:2], ", "), len(paths)-2)
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// clip cuts a line to width columns, counting runes (the screen has no
// wide characters but the ones it draws itself) and ignoring ANSI codes.
func clip(s string, width int) string {
	cols, inEsc := 0, false
	for i, r := range s {
		switch {
		case inEsc:
			if r == 'm' {
				inEsc = false
			}
		case r == '\x1b':
			inEsc = true
		default:
			cols++
			if cols > width {
				cut := s[:i]
				if strings.Contains(cut, "\x1b[") {
					cut += reset
				}
				return cut
			}
		}
	}
	return s
}
