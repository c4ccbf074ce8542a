package cli

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/grader/watch"
)

// TestWatchCandidateView: with --view candidate, neither an event's
// failure message nor the scorecard's messages and race evidence reach
// the screen, and the interviewer's scorecard (recorded) is untouched.
func TestWatchCandidateView(t *testing.T) {
	const secret = "NewRateLimiter(7) emptied at 0: got 3, want 2"
	card := scorecard.New("ratelimiter", "/work")
	card.Suites = []scorecard.Suite{{Name: scorecard.Race, Weight: 20, Status: scorecard.StatusFail,
		Evidence: []string{"race evidence: " + secret},
		Tests: []scorecard.Test{{Name: "TestRace_Allow", Status: scorecard.StatusFail, Verdict: scorecard.VerdictRace,
			Message: secret, Description: "Allow from many goroutines at once."}}}}
	var shown []watch.Update
	o := newWatchOutput(Streams{}, &watchOptions{view: scorecard.ViewCandidate}, "/work")
	o.screen = func(u watch.Update) { shown = append(shown, u) }
	o.report(watch.Update{Kind: watch.Progress, Run: 1, Event: grader.Event{Kind: grader.KindTest, Suite: "race",
		Test: "TestRace_Allow", Status: grader.StatusFail, Message: secret}})
	o.report(watch.Update{Kind: watch.Graded, Run: 1, Card: card})
	// The candidate's own compiler errors stay; a line naming the hidden
	// spec's files goes.
	got := candidateUpdate(watch.Update{Kind: watch.Progress, Event: grader.Event{Kind: grader.KindBuild, Status: grader.StatusFail,
		Message: "ratelimiter.go:3:6: Allow redeclared in this block\n\tcorrectness_test.go:12:6: other declaration of Allow"}})
	if diff := cmp.Diff("ratelimiter.go:3:6: Allow redeclared in this block", got.Event.Message); diff != "" {
		t.Errorf("a build failure's message in the candidate view (-want +got):\n%s", diff)
	}

	st := watch.NewState("ratelimiter", "/work")
	st.Apply(watch.Update{Kind: watch.Started, Run: 1})
	for _, u := range shown {
		st.Apply(u)
	}
	screen := st.Render(watch.RenderOptions{Width: 200})
	if strings.Contains(screen, "got 3") || strings.Contains(screen, "NewRateLimiter(7)") {
		t.Errorf("the candidate's screen shows the hidden scenario:\n%s", screen)
	}
	if !strings.Contains(screen, "race/TestRace_Allow: race: Allow from many goroutines at once.") {
		t.Errorf("the candidate's screen does not show the failing test with its description:\n%s", screen)
	}
	if diff := cmp.Diff(secret, card.Suites[0].Tests[0].Message); diff != "" {
		t.Errorf("the interviewer's scorecard was changed (-want +got):\n%s", diff)
	}
}

// TestWatchScreenKeys: q quits, Ctrl-C quits as an interruption (exit
// 130 once the watch has stopped), and the view fits the terminal's
// height on the alternate screen.
func TestWatchScreenKeys(t *testing.T) {
	type testCase struct {
		key         tea.KeyPressMsg
		quit        bool
		interrupted bool
	}
	cases := []testCase{
		{tea.KeyPressMsg{Code: 'q', Text: "q"}, true, false},
		{tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, true, true},
		{tea.KeyPressMsg{Code: 'x', Text: "x"}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.key.String(), func(t *testing.T) {
			m := &screenModel{state: watch.NewState("ratelimiter", "./work")}
			m.Update(tea.WindowSizeMsg{Width: 60, Height: 5})
			m.Update(updateMsg(watch.Update{Kind: watch.Started, Run: 1}))
			_, cmd := m.Update(tc.key)
			quit := cmd != nil && cmd() == tea.Quit()
			if quit != tc.quit || m.interrupted != tc.interrupted {
				t.Errorf("key %s: quit %v, interrupted %v; want %v, %v", tc.key, quit, m.interrupted, tc.quit, tc.interrupted)
			}
			v := m.View()
			if !v.AltScreen {
				t.Error("the screen is not on the alternate screen")
			}
			if n := strings.Count(v.Content, "\n") + 1; n > 5 {
				t.Errorf("the view has %d lines on a 5-line terminal:\n%s", n, v.Content)
			}
		})
	}
}
