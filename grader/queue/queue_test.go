package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

// TestMain checks that nothing the queue starts outlives a test, except
// one goroutine nats.go itself may leave behind: an object store's Put
// publishes through a JetStream context of its own, whose
// resetPendingAcksOnReconnect goroutine reads the status channel only
// after it starts, and the Put's deferred clean-up may have set that
// channel to nil by then (nats.go v1.55.0, jetstream/publish.go:566 and
// jetstream.go:1326); the goroutine then waits on a nil channel for
// good. It holds nothing of ours.
//
// The tests that restart the server leave another of nats.go's: an
// object store's Get subscribes to the object's chunks, and when the
// subscription's consumer is not confirmed in time (the server
// restarting) Get returns the error without closing the pipe its chunk
// handler writes to; a chunk that arrived meanwhile blocks that
// handler's goroutine on the pipe for good (nats.go v1.55.0,
// jetstream/object.go:923 and 947). It holds a subscription that is
// gone, and nothing of ours.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/nats-io/nats.go/jetstream.(*jetStream).resetPendingAcksOnReconnect"),
		goleak.IgnoreAnyFunction("github.com/nats-io/nats.go/jetstream.(*obs).Get.func2"))
}

// These tests run a real NATS server in the test process and workers
// whose grade function is a fake: they check the queue's protocol
// (results, idempotency, dead letters, refusals, redelivery) in seconds,
// with nothing built or run. The CLI's integration test grades for real.

func startServer(t *testing.T) string {
	t.Helper()
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.URL()
}

func connect(t *testing.T, url string) *nats.Conn {
	t.Helper()
	nc, err := Connect(ConnectOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func sub(content string) *intake.Submission {
	files := []intake.File{{Name: "a.go", Data: []byte("package a\n// " + content + "\n")}}
	return &intake.Submission{Kind: intake.KindDirectory, Files: files, SHA256: intake.ContentHash(files)}
}

// fakeGrade marks a submission's scorecard with its first file's length, after
// calling hook (if any), and counts its calls.
type fakeGrade struct {
	calls atomic.Int32
	hook  func(ctx context.Context, cfg grader.Config) error
}

func (f *fakeGrade) grade(ctx context.Context, cfg grader.Config, s *intake.Submission) (*scorecard.Scorecard, error) {
	f.calls.Add(1)
	if f.hook != nil {
		if err := f.hook(ctx, cfg); err != nil {
			return nil, err
		}
	}
	c := scorecard.New(cfg.Exercise, cfg.Submission)
	c.Candidate, c.SHA256, c.GraderVersion = cfg.Candidate, s.SHA256, grader.Version
	c.Seed = int64(len(s.Files[0].Data)) // a mark of what was graded (Tally recomputes the score)
	return c, nil
}

func startWorker(t *testing.T, ctx context.Context, nc *nats.Conn, opts WorkerOptions) {
	t.Helper()
	if opts.ExerciseHash == nil {
		opts.ExerciseHash = func(slug string) (string, bool) { return "hash-" + slug, slug == "lrucache" }
	}
	if opts.AckWait == 0 {
		opts.AckWait = 3 * time.Second
	}
	w, err := NewWorker(ctx, nc, opts)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	t.Cleanup(wg.Wait)
}

func newClient(t *testing.T, nc *nats.Conn, opts ClientOptions) *Client {
	t.Helper()
	if opts.Batch == "" {
		opts.Batch = "b" + strings.ReplaceAll(t.Name(), "/", "-")
	}
	if opts.ExerciseHash == "" {
		opts.ExerciseHash = "hash-lrucache"
	}
	opts.Poll = 500 * time.Millisecond
	c, err := NewClient(context.Background(), nc, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func cfgFor(name string) grader.Config {
	return grader.Config{Exercise: "lrucache", Candidate: name, Submission: "subs/" + name, Suites: []string{"correctness"}}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestGradeOncePerKey(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	fake := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "w", Grade: fake.grade})
	c := newClient(t, connect(t, url), ClientOptions{})

	// ada and bob handed in the same files: one grading, two labels.
	subs := map[string]*intake.Submission{"ada": sub("x"), "bob": sub("x"), "cy": sub("yy")}
	got := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, s := range subs {
		wg.Go(func() {
			card, err := c.Grade(ctx, cfgFor(name), s)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				got[name] = "error: " + err.Error()
				return
			}
			got[name] = fmt.Sprintf("%s %s %d", card.Candidate, card.Submission, card.Seed)
		})
	}
	wg.Wait()
	want := map[string]string{"ada": "ada subs/ada 15", "bob": "bob subs/bob 15", "cy": "cy subs/cy 16"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorecards (-want +got):\n%s", diff)
	}
	if n := fake.calls.Load(); n < 2 || n > 3 {
		t.Errorf("graded %d times, want 2 (or 3 when ada's and bob's jobs crossed)", n)
	}
	// Asked again, the results come from the store: nothing is graded.
	before := fake.calls.Load()
	if _, err := c.Grade(ctx, cfgFor("ada"), subs["ada"]); err != nil {
		t.Fatal(err)
	}
	if n := fake.calls.Load(); n != before {
		t.Errorf("a stored result was graded again (%d calls, want %d)", n, before)
	}
}

func TestDeadLetterAfterMaxAttempts(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	var fixed atomic.Bool
	fake := &fakeGrade{hook: func(context.Context, grader.Config) error {
		if fixed.Load() {
			return nil
		}
		return errors.New("the sandbox is broken")
	}}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "w", Grade: fake.grade})
	c := newClient(t, connect(t, url), ClientOptions{})

	_, err := c.Grade(ctx, cfgFor("ada"), sub("x"))
	if err == nil || !strings.Contains(err.Error(), "failed on it 3 times") || !strings.Contains(err.Error(), "the sandbox is broken") {
		t.Errorf("Grade: %v; want the dead letter's error after 3 attempts", err)
	}
	if n := fake.calls.Load(); n != MaxAttempts {
		t.Errorf("graded %d times, want %d", n, MaxAttempts)
	}

	// Once the grader is fixed, the batch's next run grades it, with
	// its attempts counted afresh.
	fixed.Store(true)
	again := newClient(t, connect(t, url), ClientOptions{Batch: c.opts.Batch})
	if _, err := again.Grade(ctx, cfgFor("ada"), sub("x")); err != nil {
		t.Errorf("the next run: %v", err)
	}
	if n := fake.calls.Load(); n != MaxAttempts+1 {
		t.Errorf("graded %d times, want %d", n, MaxAttempts+1)
	}
}

func TestRefusedSubmissionIsInputError(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	fake := &fakeGrade{hook: func(context.Context, grader.Config) error {
		return &grader.InputError{Err: errors.New("submission refused: no Go files")}
	}}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "w", Grade: fake.grade})
	c := newClient(t, connect(t, url), ClientOptions{})
	_, err := c.Grade(ctx, cfgFor("ada"), sub("x"))
	var input *grader.InputError
	if !errors.As(err, &input) || !strings.Contains(err.Error(), "no Go files") {
		t.Errorf("Grade: %v; want an InputError with the worker's message", err)
	}
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("graded %d times; a refusal is a result, graded once", n)
	}
}

func TestWorkerOfAnotherVersionOrCatalogRefuses(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	old := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "old", Grade: old.grade, Version: "v0.9.0"})
	stale := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "stale", Grade: stale.grade,
		ExerciseHash: func(string) (string, bool) { return "hash-of-another-catalog", true }})
	private := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "private", Grade: private.grade,
		ExerciseHash: func(string) (string, bool) { return "", false }})

	refusals := make(chan Notice, 100)
	c := newClient(t, connect(t, url), ClientOptions{Refused: func(n Notice) { refusals <- n }})
	done := make(chan error, 1)
	go func() {
		_, err := c.Grade(ctx, cfgFor("ada"), sub("x"))
		done <- err
	}()
	seen := map[string]string{}
	for len(seen) < 3 {
		select {
		case n := <-refusals:
			seen[n.Worker] = n.Error
		case <-ctx.Done():
			t.Fatalf("refusals seen: %v", seen)
		}
	}
	if !strings.Contains(seen["old"], "grader version v0.9.0 differs from the batch's") {
		t.Errorf("old's refusal: %q", seen["old"])
	}
	if !strings.Contains(seen["stale"], "catalog's lrucache") {
		t.Errorf("stale's refusal: %q", seen["stale"])
	}
	if !strings.Contains(seen["private"], `its catalog has no exercise "lrucache"`) {
		t.Errorf("private's refusal: %q", seen["private"])
	}
	// The job waits for a worker that can take it.
	good := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "good", Grade: good.grade})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if old.calls.Load()+stale.calls.Load()+private.calls.Load() != 0 || good.calls.Load() != 1 {
		t.Errorf("gradings: old %d, stale %d, private %d, good %d; want 0, 0, 0, 1",
			old.calls.Load(), stale.calls.Load(), private.calls.Load(), good.calls.Load())
	}
}

func TestDeadWorkersJobIsRedelivered(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	// The first worker's connection drops mid-grading, as when its
	// machine dies: no acknowledgement, no progress.
	dying := connect(t, url)
	started := make(chan struct{})
	first := &fakeGrade{hook: func(ctx context.Context, cfg grader.Config) error {
		close(started)
		dying.Close()
		<-ctx.Done()
		return ctx.Err()
	}}
	dctx, dstop := context.WithCancel(wctx)
	startWorker(t, dctx, dying, WorkerOptions{Name: "dying", Grade: first.grade, Slots: 1})
	c := newClient(t, connect(t, url), ClientOptions{})
	done := make(chan error, 1)
	go func() {
		_, err := c.Grade(ctx, cfgFor("ada"), sub("x"))
		done <- err
	}()
	<-started
	second := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "second", Grade: second.grade})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	dstop()
	if second.calls.Load() != 1 {
		t.Errorf("the second worker graded %d times, want 1", second.calls.Load())
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"nats://127.0.0.1:4222", true},
		{"tls://queue:4222,nats://queue2:4222", true},
		{"nats://user:secret@queue:4222", false},
		{"nats://token@queue:4222", false},
		{"http://queue:4222", false},
	} {
		if err := CheckURL(tc.url); (err == nil) != tc.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tc.url, err, tc.ok)
		}
	}
}

func TestCheckListen(t *testing.T) {
	for _, tc := range []struct {
		o  ServerOptions
		ok bool
	}{
		{ServerOptions{Listen: "127.0.0.1:4222"}, true},
		{ServerOptions{Listen: "localhost:4222"}, true},
		{ServerOptions{Listen: "0.0.0.0:4222"}, false},
		{ServerOptions{Listen: "0.0.0.0:4222", Token: "s"}, true},
		{ServerOptions{Listen: "10.0.0.1:4222", CertFile: "c", KeyFile: "k", ClientCAFile: "ca"}, true},
		{ServerOptions{Listen: "127.0.0.1:4222", CertFile: "c"}, false},
	} {
		if err := tc.o.CheckListen(); (err == nil) != tc.ok {
			t.Errorf("CheckListen(%+v) = %v, want ok %v", tc.o, err, tc.ok)
		}
	}
}

func TestMissingSubmissionIsDeadLettered(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	c := newClient(t, connect(t, url), ClientOptions{})
	s := sub("x")
	done := make(chan error, 1)
	go func() {
		_, err := c.Grade(ctx, cfgFor("ada"), s)
		done <- err
	}()
	// Once the job is queued, its submission goes (as after the store's
	// TTL), and only then does a worker come.
	for {
		info, err := c.js.Stream(ctx, JobsStream)
		if err == nil && info.CachedInfo().State.Msgs > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := c.st.submissions.Delete(ctx, s.SHA256); err != nil {
		t.Fatal(err)
	}
	fake := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "w", Grade: fake.grade})
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "object not found") || !strings.Contains(err.Error(), "run the batch again") {
		t.Errorf("Grade: %v; want the dead letter of a missing submission", err)
	}
	if fake.calls.Load() != 0 {
		t.Errorf("graded %d times, want 0", fake.calls.Load())
	}
}

func TestRegradeGradesAgain(t *testing.T) {
	url := startServer(t)
	ctx := testCtx(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	fake := &fakeGrade{}
	startWorker(t, wctx, connect(t, url), WorkerOptions{Name: "w", Grade: fake.grade})
	c := newClient(t, connect(t, url), ClientOptions{})
	if _, err := c.Grade(ctx, cfgFor("ada"), sub("x")); err != nil {
		t.Fatal(err)
	}
	// A regrade (Force) grades again though the result is stored.
	regrade := newClient(t, connect(t, url), ClientOptions{Batch: c.opts.Batch, Force: true})
	if _, err := regrade.Grade(ctx, cfgFor("ada"), sub("x")); err != nil {
		t.Fatal(err)
	}
	if n := fake.calls.Load(); n != 2 {
		t.Errorf("graded %d times, want 2: once, and once more for the regrade", n)
	}
}

// restartable is a server on one port and store that a test stops and
// starts again, as an operator restarts 'grader queue serve'.
type restartable struct {
	t    *testing.T
	opts ServerOptions
	mu   sync.Mutex
	srv  *Server // nil while stopped
}

func startRestartable(t *testing.T) *restartable {
	t.Helper()
	r := &restartable{t: t, opts: ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()}}
	r.start()
	r.opts.Listen = strings.TrimPrefix(r.url(), "nats://") // the same port from now on
	t.Cleanup(r.stop)
	return r
}

func (r *restartable) url() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.srv.URL()
}

func (r *restartable) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	srv, err := StartServer(r.opts)
	if err != nil {
		r.t.Error(err)
		return
	}
	r.srv = srv
}

func (r *restartable) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		r.srv.Shutdown()
		r.srv = nil
	}
}

// cliCtx is a context as the CLI's commands have (cancelled by a
// signal, with no deadline, so that each JetStream request is bounded by
// nats.go's default timeout instead), cancelled after d to bound a test.
func cliCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(d, cancel)
	t.Cleanup(func() {
		timer.Stop()
		cancel()
	})
	return ctx
}

// A worker that starts while its server is down (started before it, or
// during a restart) waits for the server and joins, rather than failing
// when a request to set the queue up goes unanswered: two workers that
// failed so during the e2e test's server restart left its batch with
// nobody to grade it.
func TestWorkerStartedWhileTheServerIsDownJoinsWhenItIsBack(t *testing.T) {
	srv := startRestartable(t)
	url := srv.url()
	ctx := cliCtx(t, time.Minute)
	wctx, stop := context.WithCancel(ctx)
	nc := connect(t, url)
	srv.stop()
	for nc.IsConnected() { // its requests wait for the server from now on
		time.Sleep(10 * time.Millisecond)
	}
	joined := make(chan error, 1)
	fake := &fakeGrade{}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop()
	wg.Go(func() {
		w, err := NewWorker(wctx, nc, WorkerOptions{Name: "early", Grade: fake.grade, AckWait: 3 * time.Second,
			ExerciseHash: func(slug string) (string, bool) { return "hash-" + slug, slug == "lrucache" }})
		joined <- err
		if err == nil {
			w.Run(wctx)
		}
	})
	// Longer than a JetStream request waits for its answer (5s).
	select {
	case err := <-joined:
		t.Fatalf("NewWorker returned (%v) while the server was down", err)
	case <-time.After(6 * time.Second):
	}
	srv.start()
	if err := <-joined; err != nil {
		t.Fatalf("NewWorker: %v; want it to join once the server is back", err)
	}
	c := newClient(t, connect(t, url), ClientOptions{})
	if _, err := c.Grade(ctx, cfgFor("ada"), sub("x")); err != nil {
		t.Fatal(err)
	}
}

// Workers and a batch ride out a server restarted again and again while
// jobs are queued, graded and acknowledged, and while results are read:
// every job ends with its own scorecard, none with an error.
func TestBatchAndWorkersRideOutServerRestarts(t *testing.T) {
	srv := startRestartable(t)
	url := srv.url()
	ctx := cliCtx(t, time.Minute)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	fake := &fakeGrade{hook: func(ctx context.Context, cfg grader.Config) error {
		// Gradings of 50 to 350ms, so that restarts fall mid-grading.
		sleep(ctx, time.Duration(50+len(cfg.Candidate)%7*50)*time.Millisecond)
		return ctx.Err()
	}}
	for _, name := range []string{"w1", "w2"} {
		startWorker(t, wctx, connect(t, url), WorkerOptions{Name: name, Grade: fake.grade, Slots: 2})
	}
	c := newClient(t, connect(t, url), ClientOptions{})

	restarted := make(chan struct{})
	go func() {
		defer close(restarted)
		for range 5 {
			sleep(ctx, 700*time.Millisecond)
			srv.stop()
			sleep(ctx, 300*time.Millisecond)
			srv.start()
		}
	}()
	const n = 24
	got := map[string]string{}
	want := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		name := fmt.Sprintf("c%02d", i)
		s := sub(strings.Repeat("x", i+1))
		want[name] = fmt.Sprintf("%s %d", name, len(s.Files[0].Data))
		wg.Go(func() {
			// Queued over the first restarts, not all at once.
			sleep(ctx, time.Duration(i)*150*time.Millisecond)
			card, err := c.Grade(ctx, cfgFor(name), s)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				got[name] = "error: " + err.Error()
				return
			}
			got[name] = fmt.Sprintf("%s %d", card.Candidate, card.Seed)
		})
	}
	wg.Wait()
	<-restarted
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorecards (-want +got):\n%s", diff)
	}
}

func TestUnreachable(t *testing.T) {
	type testCase struct {
		name string
		err  error
		want bool
	}
	run := func(t *testing.T, tc testCase) {
		if got := unreachable(tc.err); got != tc.want {
			t.Errorf("unreachable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	for _, tc := range []testCase{
		{"no error", nil, false},
		{"a request unanswered", fmt.Errorf("creating the stream %s: %w", JobsStream, context.DeadlineExceeded), true},
		{"nats.go's timeout", nats.ErrTimeout, true},
		{"nobody serves the API", nats.ErrNoResponders, true},
		{"disconnected", nats.ErrDisconnected, true},
		{"the reconnect buffer is full", nats.ErrReconnectBufExceeded, true},
		{"JetStream not up yet", jetstream.ErrJetStreamNotEnabled, true},
		{"an account without JetStream", jetstream.ErrJetStreamNotEnabledForAccount, false},
		{"an answer: no such key", jetstream.ErrKeyNotFound, false},
		{"an answer: a refused update", &jetstream.APIError{Code: 400, ErrorCode: jetstream.JSErrCodeStreamWrongLastSequence}, false},
		{"the caller cancelled", context.Canceled, false},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
