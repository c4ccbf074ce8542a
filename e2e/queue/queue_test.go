// Package queue_test is the grading queue's proof on loopback, through
// the built binary: an embedded server ('grader queue serve'), three
// worker processes and a worker of another grader version, a batch of
// mixed submissions queued with 'grader batch --queue'. One worker is
// killed with SIGKILL mid-grading and the server is restarted mid-batch;
// the batch still ends with exactly one scorecard per submission, equal
// in scores to a local batch's of the same submissions, and it shows the
// other version's refusal. Two shards ('grader batch --shard') merged
// with 'grader merge' are the local batch too.
//
// It grades for real (the correctness suite only, a few gradings), so it
// is skipped under -short. It stops by itself, and soon: every process
// it starts is bound by its test's deadline (a few minutes, see
// testDeadline), and the queued batch must end within queueDeadline of
// the server's restart. A process still running when a test fails is
// sent SIGABRT, so that its stderr, which the test logs, ends with where
// each of its goroutines was.
package queue_test

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/internal/testcache"
	"github.com/hiringtools/grader/solutions"
)

// TestMain checks that nothing the queue starts outlives a test, except
// one goroutine nats.go itself may leave behind: an object store's Put
// publishes through a JetStream context of its own, whose
// resetPendingAcksOnReconnect goroutine reads the status channel only
// after it starts, and the Put's deferred clean-up may have set that
// channel to nil by then (nats.go v1.55.0, jetstream/publish.go:566 and
// jetstream.go:1326); the goroutine then waits on a nil channel for
// good. It holds nothing of ours.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/nats-io/nats.go/jetstream.(*jetStream).resetPendingAcksOnReconnect"))
}

// The tests' bounds. On two cores the restart test takes 15 to 60s (a
// warm or a cold GRADER_CACHE), the shards 10s; a hang fails within
// these, not at go test's default of ten minutes.
const (
	// testDeadline bounds each test: building the grader, the local
	// batch (which builds the reference, with a cold cache), the queued
	// batch or the shards.
	testDeadline = 5 * time.Minute
	// queueDeadline bounds the queued batch from the server's restart
	// on: what is left of it is a few warm gradings on two workers.
	queueDeadline = 2 * time.Minute
)

// proc is a grader process whose stderr lines the test reads.
type proc struct {
	name  string
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
	added chan struct{} // closed and replaced on each line
	ended chan struct{}
	err   error
}

func start(t *testing.T, ctx context.Context, bin, name string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, added: make(chan struct{}), ended: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, bin, args...)
	p.cmd.Env = append(os.Environ(), env...)
	// At the deadline, or when the test failed, a process still running
	// dumps its goroutines (the grader catches SIGQUIT to stop cleanly,
	// not SIGABRT) before it goes.
	p.cmd.Cancel = func() error {
		if t.Failed() || ctx.Err() == context.DeadlineExceeded {
			return p.cmd.Process.Signal(syscall.SIGABRT)
		}
		return p.cmd.Process.Kill()
	}
	p.cmd.WaitDelay = 10 * time.Second
	p.cmd.Stdout = io.Discard
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			close(p.added)
			p.added = make(chan struct{})
			p.mu.Unlock()
		}
		p.err = p.cmd.Wait()
		close(p.ended)
	}()
	t.Cleanup(func() {
		select {
		case <-p.ended:
		default:
			if t.Failed() {
				p.cmd.Process.Signal(syscall.SIGABRT)
				select {
				case <-p.ended:
				case <-time.After(10 * time.Second):
				}
			}
			p.cmd.Process.Kill()
			<-p.ended
		}
		if t.Failed() {
			t.Logf("%s's stderr:\n%s", p.name, strings.Join(p.log(), "\n"))
		}
	})
	return p
}

func (p *proc) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.lines)
}

// waitLine waits for a line of stderr that re matches, and returns its
// submatches.
func (p *proc) waitLine(t *testing.T, ctx context.Context, re *regexp.Regexp) []string {
	t.Helper()
	seen := 0
	for {
		p.mu.Lock()
		lines, added := p.lines[seen:], p.added
		seen = len(p.lines)
		p.mu.Unlock()
		for _, l := range lines {
			if m := re.FindStringSubmatch(l); m != nil {
				return m
			}
		}
		select {
		case <-added:
		case <-p.ended:
			t.Fatalf("%s ended (%v) before a line matching %s", p.name, p.err, re)
		case <-ctx.Done():
			t.Fatalf("no line of %s matching %s before the deadline", p.name, re)
		}
	}
}

// exitCode waits for p and returns its exit code.
func (p *proc) exitCode(t *testing.T, ctx context.Context) int {
	t.Helper()
	select {
	case <-p.ended:
	case <-ctx.Done():
		t.Fatalf("%s did not end before the deadline", p.name)
	}
	return p.cmd.ProcessState.ExitCode()
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// writeSubmissions writes a batch of mixed lrucache submissions: the
// reference as a folder and as a zip (one grading serves both), a known
// correctness bug, one that does not compile, one the policy rejects, and
// one with no Go files (refused at intake, never queued).
func writeSubmissions(t *testing.T, dir string) {
	t.Helper()
	cat, err := catalog.Load(exercises.FS, solutions.FS)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get("lrucache")
	if err != nil {
		t.Fatal(err)
	}
	put := func(name string, files []catalog.File) {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, name, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	put("ref", ex.Reference)
	var bug []catalog.File
	for _, f := range ex.Fixtures {
		if f.Name == "correctness-get-does-not-mark-used" {
			bug = f.Files
		}
	}
	if bug == nil {
		t.Fatal("lrucache has no fixture correctness-get-does-not-mark-used")
	}
	put("getbug", bug)
	put("broken", []catalog.File{{Name: "lrucache.go", Data: []byte("package lrucache\n\nfunc New( {\n")}})
	put("hostile", []catalog.File{{Name: "lrucache.go", Data: []byte("package lrucache\n\nimport \"os\"\n\nvar secret, _ = os.ReadFile(\"/etc/shadow\")\n")}})
	put("empty", []catalog.File{{Name: "README.md", Data: []byte("I ran out of time.\n")}})
	zf, err := os.Create(filepath.Join(dir, "zipped.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for _, f := range ex.Reference {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
}

func TestQueueSurvivesAKilledWorkerAndAServerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("grades for real: builds and runs the hidden spec")
	}
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline)
	defer cancel()
	tmp, bin, env := setup(t, ctx)
	subs := filepath.Join(tmp, "subs")
	writeSubmissions(t, subs)

	// The local batch, to compare with.
	local := filepath.Join(tmp, "local")
	lb := start(t, ctx, bin, "local batch", env, append([]string{"batch", "lrucache", subs, "--out", local}, flags...)...)
	localCode := lb.exitCode(t, ctx)

	addr := freePort(t)
	url := "nats://" + addr
	store := filepath.Join(tmp, "store")
	serve := start(t, ctx, bin, "server", env, "queue", "serve", "--listen", addr, "--store", store)
	serve.waitLine(t, ctx, regexp.MustCompile(`queue serving on`))

	// A worker of another version takes jobs first, and refuses them.
	other := start(t, ctx, bin, "other worker", env, "worker", "--queue", url, "--name", "other", "--claim-version", "v0.0.1-other", "--jobs", "1")
	queued := filepath.Join(tmp, "queued")
	qb := start(t, ctx, bin, "queued batch", env, append([]string{"batch", "lrucache", subs, "--out", queued, "--queue", url}, flags...)...)
	qb.waitLine(t, ctx, regexp.MustCompile(`worker other refused it: grader version v0\.0\.1-other differs from the batch's`))
	other.cmd.Process.Signal(syscall.SIGTERM)

	workers := map[string]*proc{}
	for _, name := range []string{"w1", "w2", "w3"} {
		workers[name] = start(t, ctx, bin, name, env, "worker", "--queue", url, "--name", name, "--jobs", "1", "--ack-wait", "5s")
	}
	// SIGKILL the first worker that starts a real grading (not the
	// build failure or the policy breach, which take no time).
	heavy := regexp.MustCompile(`^worker (w\d): grading (ref|zipped|getbug) `)
	var killed, job string
	found := make(chan []string, 3)
	wctx, wcancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			if m := waitLineOrCancel(wctx, w, heavy); m != nil {
				found <- m
			}
		})
	}
	select {
	case m := <-found:
		killed, job = m[1], m[2]
	case <-ctx.Done():
		t.Fatal("no worker started a grading")
	}
	wcancel()
	wg.Wait()
	workers[killed].cmd.Process.Signal(syscall.SIGKILL)
	<-workers[killed].ended

	// Restart the server while the others grade.
	serve.cmd.Process.Signal(syscall.SIGTERM)
	serve.exitCode(t, ctx)
	serve = start(t, ctx, bin, "server again", env, "queue", "serve", "--listen", addr, "--store", store)
	serve.waitLine(t, ctx, regexp.MustCompile(`queue serving on`))

	qctx, qcancel := context.WithTimeout(ctx, queueDeadline)
	defer qcancel()
	queuedCode := qb.exitCode(t, qctx)
	if queuedCode != localCode {
		t.Errorf("the queued batch exited %d, the local one %d", queuedCode, localCode)
	}
	if localCode != 2 {
		t.Errorf("the local batch exited %d, want 2 (empty is refused)", localCode)
	}
	for _, w := range workers {
		if w.name != killed {
			w.cmd.Process.Signal(syscall.SIGTERM)
		}
	}

	// Every submission has exactly one result, as the local batch's.
	if diff := cmp.Diff(results(t, local), results(t, queued)); diff != "" {
		t.Errorf("results (-local +queued):\n%s", diff)
	}
	for _, name := range []string{"ref", "zipped", "getbug", "broken", "hostile"} {
		a, b := scores(t, local, name), scores(t, queued, name)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s's scores (-local +queued):\n%s", name, diff)
		}
	}
	if diff := cmp.Diff(summary(t, local), summary(t, queued)); diff != "" {
		t.Errorf("summary.csv without times (-local +queued):\n%s", diff)
	}
	if s := scores(t, queued, "ref"); !strings.HasPrefix(s[0], "total 100.0") {
		t.Errorf("ref: %s, want full marks", s[0])
	}
	// The killed worker's job went to another worker, as its second
	// attempt, once its ack wait had passed.
	again := regexp.MustCompile(`^worker w\d: grading ` + job + ` of batch \w+ \(lrucache, attempt 2\)$`)
	redelivered := false
	for name, w := range workers {
		for _, l := range w.log() {
			if name != killed && again.MatchString(l) {
				redelivered = true
			}
			t.Logf("%s: %s", name, l)
		}
	}
	if !redelivered {
		t.Errorf("no other worker graded %s (attempt 2) after %s was killed grading it", job, killed)
	}
	t.Logf("killed %s mid-grading %s; the server restarted; the batch ended with %d", killed, job, queuedCode)
}

// flags are every batch's in these tests: small gradings, one seed.
var flags = []string{"--suites", "correctness", "--seed", "7", "--progress", "plain"}

// setup builds the grader into a temporary folder and returns it, the
// binary and the environment to run it with.
func setup(t *testing.T, ctx context.Context) (tmp, bin string, env []string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp = t.TempDir()
	if err := os.Chmod(tmp, 0o755); err != nil { // the sandbox's users run the grader's copy of itself
		t.Fatal(err)
	}
	bin = filepath.Join(tmp, "grader")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/grader")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the grader: %v\n%s", err, out)
	}
	return tmp, bin, []string{"GRADER_CACHE=" + testcache.Dir(), "NO_COLOR=1"}
}

// Two shards of the batch, each its own 'grader batch --shard', merged
// with 'grader merge', are the local batch: the same results, scores and
// summary.
func TestShardsMergeAsOneBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("grades for real: builds and runs the hidden spec")
	}
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline)
	defer cancel()
	tmp, bin, env := setup(t, ctx)
	subs := filepath.Join(tmp, "subs")
	writeSubmissions(t, subs)
	local := filepath.Join(tmp, "local")
	if code := start(t, ctx, bin, "local batch", env, append([]string{"batch", "lrucache", subs, "--out", local}, flags...)...).exitCode(t, ctx); code != 2 {
		t.Errorf("the local batch exited %d, want 2 (empty is refused)", code)
	}
	var shards []string
	for i := 1; i <= 2; i++ {
		out := filepath.Join(tmp, fmt.Sprintf("shard-%d", i))
		shards = append(shards, out)
		p := start(t, ctx, bin, "shard", env, append([]string{"batch", "lrucache", subs, "--out", out, "--shard", fmt.Sprintf("%d/2", i)}, flags...)...)
		p.exitCode(t, ctx)
	}
	if a, b := len(results(t, shards[0])), len(results(t, shards[1])); a != 3 || b != 3 {
		t.Errorf("the shards hold %d and %d results, want 3 and 3", a, b)
	}
	merged := filepath.Join(tmp, "merged")
	m := start(t, ctx, bin, "merge", env, append([]string{"merge", "--out", merged}, shards...)...)
	if code := m.exitCode(t, ctx); code != 2 {
		t.Errorf("merge exited %d, want 2 as the batch (empty is refused)", code)
	}
	if diff := cmp.Diff(results(t, local), results(t, merged)); diff != "" {
		t.Errorf("results (-local +merged):\n%s", diff)
	}
	for _, name := range []string{"ref", "zipped", "getbug", "broken", "hostile"} {
		if diff := cmp.Diff(scores(t, local, name), scores(t, merged, name)); diff != "" {
			t.Errorf("%s's scores (-local +merged):\n%s", name, diff)
		}
	}
	if diff := cmp.Diff(summary(t, local), summary(t, merged)); diff != "" {
		t.Errorf("summary.csv without times (-local +merged):\n%s", diff)
	}
}

// waitLineOrCancel is waitLine for a goroutine: nil when ctx ends first.
func waitLineOrCancel(ctx context.Context, p *proc, re *regexp.Regexp) []string {
	seen := 0
	for {
		p.mu.Lock()
		lines, added := p.lines[seen:], p.added
		seen = len(p.lines)
		p.mu.Unlock()
		for _, l := range lines {
			if m := re.FindStringSubmatch(l); m != nil {
				return m
			}
		}
		select {
		case <-added:
		case <-p.ended:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}

// results lists a results folder's scorecards and errors.
func results(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, d := range []string{dir, filepath.Join(dir, "errors")} {
		ents, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			n := e.Name()
			if strings.HasSuffix(n, ".json") && n != "batch.json" && n != "similarity.json" && !strings.HasPrefix(n, ".") {
				rel, _ := filepath.Rel(dir, filepath.Join(d, n))
				out = append(out, rel)
			}
		}
	}
	slices.Sort(out)
	return out
}

// scores is what a scorecard says of a submission, apart from times and
// where it was graded: its total, build, each suite's and each test's.
func scores(t *testing.T, dir, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := scorecard.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{fmt.Sprintf("total %.1f build %s candidate %s sha %s", c.Score, c.Build.Status, c.Candidate, c.SHA256)}
	for _, s := range c.Suites {
		out = append(out, fmt.Sprintf("%s %s %.1f/%.1f", s.Name, s.Status, s.Score, s.MaxScore))
		for _, tc := range s.Tests {
			out = append(out, fmt.Sprintf("  %s %s %s", tc.Name, tc.Status, tc.Verdict))
		}
	}
	return out
}

// summary is summary.csv without its time_s column.
func summary(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "time_s")
	for i := range recs {
		recs[i] = slices.Delete(recs[i], col, col+1)
	}
	return recs
}
