package cli

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/watch"
)

// runWatchScreen runs the watch behind a full-screen view (Bubble Tea),
// until q or a terminating signal; the watch stops, with the grading in
// progress cleaned up, before it returns.
func runWatchScreen(ctx context.Context, s Streams, out *watchOutput, wo watch.Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := &screenModel{state: watch.NewState(out.opts.slug, out.opts.dir), color: s.color(true)}
	if out.opts.view == scorecard.ViewCandidate {
		m.state.Label = "candidate view" // so the interviewer knows the screen is safe to share
	}
	// Signals are Main's: it cancels ctx, which ends the program too.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithOutput(s.Out))
	out.screen = func(u watch.Update) { p.Send(updateMsg(u)) }
	watched := make(chan error, 1)
	go func() {
		err := watch.Run(ctx, wo)
		watched <- err
		p.Send(watchEndedMsg{err})
	}()
	_, perr := p.Run()
	cancel()
	err := <-watched // the grading in progress has stopped and cleaned up
	switch {
	case m.err != nil:
		return m.err
	case m.interrupted:
		// Ctrl-C is a key on the screen, not a signal: the same exit
		// status as a Ctrl-C elsewhere, once everything has stopped.
		return exitError{128 + int(syscall.SIGINT)}
	case err != nil && !errors.Is(err, context.Canceled):
		return err
	case perr != nil && !errors.Is(perr, tea.ErrProgramKilled):
		return perr
	}
	return nil
}

type (
	updateMsg     watch.Update
	tickMsg       time.Time
	watchEndedMsg struct{ err error }
)

// screenModel is the watch screen: a [watch.State] drawn to the terminal's
// size, redrawn on every update and every quarter second (for the time a
// grading has been running).
type screenModel struct {
	state         *watch.State
	color         bool
	width, height int
	err           error
	interrupted   bool // quit with Ctrl-C
}

func tick() tea.Cmd {
	return tea.Tick(250*time.Millisecond, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func (m *screenModel) Init() tea.Cmd { return tick() }

func (m *screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "ctrl+c":
			m.interrupted = true
			return m, tea.Quit
		case "q", "ctrl+d", "esc":
			return m, tea.Quit
		}
	case updateMsg:
		m.state.Apply(watch.Update(msg))
	case watchEndedMsg:
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			m.err = msg.err
		}
		return m, tea.Quit
	case tickMsg:
		return m, tick()
	}
	return m, nil
}

func (m *screenModel) View() tea.View {
	text := m.state.Render(watch.RenderOptions{Width: m.width, Color: m.color, Now: time.Now()})
	if m.height > 0 {
		if lines := strings.Split(text, "\n"); len(lines) > m.height {
			text = strings.Join(lines[:m.height], "\n")
		}
	}
	v := tea.NewView(text)
	v.AltScreen = true
	v.WindowTitle = "grader watch " + m.state.Exercise
	return v
}
