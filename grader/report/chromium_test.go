package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hiringtools/grader/grader/report"
	"github.com/hiringtools/grader/grader/scorecard"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The HTML report in a real browser: headless Chromium (Debian's
// chromium, which .ci/run installs) opens the page from a file, with no
// network, and must log nothing to its console: a script that ran, an
// error, or anything the page's Content-Security-Policy blocked (a
// fetch, an injected script) would be logged there.

// chromium returns the browser's path, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser; not under -short")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// browse opens the file at path in headless Chromium with args, and
// returns its stdout and the console messages it logged.
func browse(t *testing.T, bin, path string, args ...string) (stdout string, console []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	args = append([]string{"--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}, args...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+abs)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, errb.String())
	}
	for _, l := range strings.Split(errb.String(), "\n") {
		if consoleLine.MatchString(l) {
			console = append(console, l)
		}
	}
	return out.String(), console
}

// consoleLine is how Chromium's --enable-logging=stderr writes what a
// page logged to its console ("[...:INFO:CONSOLE:1] "message", source:").
var consoleLine = regexp.MustCompile(`:CONSOLE[:(]`)

func writePage(t *testing.T, in *report.Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Render(&buf, "html", in, report.Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The check itself: a page that logs an error and throws is seen to.
func TestChromiumSeesConsoleErrors(t *testing.T) {
	bin := chromium(t)
	p := filepath.Join(t.TempDir(), "noisy.html")
	if err := os.WriteFile(p, []byte(`<!DOCTYPE html><title>noisy</title><p>hi<script>console.error("noisy-page"); undefinedFunction();</script>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, console := browse(t, bin, p, "--dump-dom")
	if !strings.Contains(strings.Join(console, "\n"), "noisy-page") || len(console) < 2 {
		t.Fatalf("chromium logged %q for a page with a console error and an uncaught exception; the console check does not work", console)
	}
}

func TestChromiumBatchReport(t *testing.T) {
	bin := chromium(t)
	in, err := report.Load("testdata/batch")
	if err != nil {
		t.Fatal(err)
	}
	page := writePage(t, in)
	dom, console := browse(t, bin, page, "--dump-dom")
	if len(console) > 0 {
		t.Errorf("the page logged to the console:\n%s", strings.Join(console, "\n"))
	}
	for _, want := range append([]string{"Leaderboard", "Score distributions", "Similar code (advisory)", "Latency against the reference",
		"Ada L.", "Bo B.", "Reference", "Build failed"}, scorecard.SuiteNames...) {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered DOM lacks %q", want)
		}
	}
	if strings.Contains(dom, "<script") {
		t.Errorf("the rendered DOM holds a script element")
	}

	shot := filepath.Join(t.TempDir(), "shot.png")
	_, console = browse(t, bin, page, "--hide-scrollbars", "--window-size=1200,1000", "--screenshot="+shot)
	if len(console) > 0 {
		t.Errorf("the page logged to the console:\n%s", strings.Join(console, "\n"))
	}
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("no PNG screenshot: %v", err)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "report-batch.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Whatever a candidate's code printed stays text in the browser: no
// element it wrote, no script it wrote run or blocked.
func TestChromiumHostileReport(t *testing.T) {
	bin := chromium(t)
	dom, console := browse(t, bin, writePage(t, hostileInput()), "--dump-dom")
	if len(console) > 0 {
		t.Errorf("the page logged to the console (a script, or something its policy blocked):\n%s", strings.Join(console, "\n"))
	}
	for _, bad := range []string{"<script", "<img", "<testcase"} {
		if strings.Contains(dom, bad) {
			t.Errorf("the rendered DOM holds an element the candidate wrote: %s", bad)
		}
	}
	if !strings.Contains(dom, "&lt;img src=x onerror=alert(2)&gt;") {
		t.Errorf("the rendered DOM does not show the candidate's text as text")
	}
}
