package grader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/internal/atomicfile"
)

// binaries are the test binaries of one build: plain and -race. Each
// lives in its own job directory, which test runs mount read-only.
type binaries struct {
	plain, race string // paths, "" when not built
}

// builds are the candidate's test binaries being compiled, plain and
// -race at once: a grading runs the suites of one binary as soon as it
// is ready (correctness while the -race build still runs).
type builds struct {
	files []catalog.File // the candidate's, for the compiler's messages
	plain *buildJob      // nil when not needed
	race  *buildJob      // nil when not needed
}

// buildJob is one 'go test -c' running in its own goroutine; done is
// closed when bin, out and err are set.
type buildJob struct {
	done chan struct{}
	bin  string // the binary, when built
	out  string // the compiler's output, when the build failed
	err  error  // a failure of the grader, not of the submission
}

// startBuild writes the sandbox module into scratch and starts compiling
// the test binaries the selected suites need, concurrently, in the
// sandbox. The caller must wait for every job it started (see
// [builds.wait]) before removing scratch.
func (e *Engine) startBuild(ctx context.Context, q *queue, ex *catalog.Exercise, scratch string, files, spec []catalog.File, plain, race bool, h Handler) (*builds, error) {
	mod := filepath.Join(scratch, "mod")
	if err := e.writeModule(mod, ex, files, spec); err != nil {
		return nil, err
	}
	b := &builds{files: files}
	e.emit(h, Event{Kind: KindBuild, Status: StatusStart})
	launch := func(race bool) *buildJob {
		j := &buildJob{done: make(chan struct{})}
		go func() {
			defer close(j.done)
			defer recoverInto(&j.err, "the "+jobName(race)+" build")
			j.bin, j.out, j.err = e.goTestC(ctx, q, mod, filepath.Join(scratch, jobName(race)), race, false)
		}()
		return j
	}
	if plain {
		b.plain = launch(false)
	}
	if race {
		b.race = launch(true)
	}
	return b, nil
}

// build starts the builds as startBuild does and waits for them all: it
// returns the binaries, or the candidate-facing compiler output when a
// build failed, having emitted the build's ok or fail event.
func (e *Engine) build(ctx context.Context, q *queue, ex *catalog.Exercise, scratch string, files, spec []catalog.File, plain, race bool, h Handler) (binaries, string, error) {
	b, err := e.startBuild(ctx, q, ex, scratch, files, spec, plain, race, h)
	if err != nil {
		return binaries{}, "", err
	}
	got, out, err := b.wait(b.plain, b.race)
	if err != nil {
		return binaries{}, "", err
	}
	if out != "" {
		e.emit(h, Event{Kind: KindBuild, Status: StatusFail, Message: out})
		return binaries{}, out, nil
	}
	e.emit(h, Event{Kind: KindBuild, Status: StatusOK})
	return binaries{plain: got[0], race: got[1]}, "", nil
}

// wait waits for the builds of jobs (nil ones are skipped) and returns
// their binaries, or the candidate-facing compiler output of the first
// that failed, in the order given.
func (b *builds) wait(jobs ...*buildJob) (bins []string, failed string, err error) {
	var errs []error
	for _, j := range jobs {
		if j != nil {
			<-j.done
			errs = append(errs, j.err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, "", err
	}
	for _, j := range jobs {
		if j == nil {
			bins = append(bins, "")
			continue
		}
		if j.out != "" {
			return nil, candidateBuildOutput(j.out, b.files, j == b.race), nil
		}
		bins = append(bins, j.bin)
	}
	return bins, "", nil
}

// stop waits for every job still running, whatever became of it.
func (b *builds) stop() {
	for _, j := range []*buildJob{b.plain, b.race} {
		if j != nil {
			<-j.done
		}
	}
}

func jobName(race bool) string {
	if race {
		return "race"
	}
	return "plain"
}

// goTestC runs 'go test -c' for the module in mod, writing the binary into
// the job directory job, which it creates. Candidate builds run in the
// sandbox, reading the shared build cache without being able to write it;
// trusted builds (the reference, warm-up) run on the host and fill the
// shared cache. Either way the build holds a slot of the engine's pool,
// taken in q, while it runs. It returns the binary's path, or the
// compiler's output when the build failed.
func (e *Engine) goTestC(ctx context.Context, q *queue, mod, job string, race, trusted bool) (bin, output string, err error) {
	home, tmp := filepath.Join(job, "home"), filepath.Join(job, "tmp")
	for _, d := range []string{job, home, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", "", err
		}
	}
	bin = filepath.Join(job, jobName(race)+".test")
	cgo := "0"
	// -vet=off: 'go test' runs a few vet checks (printf among them) and
	// fails the build on a finding; a harmless printf mistake in an
	// unused helper must not score 0 in every suite. 'grader check'
	// reports vet's findings as advice.
	args := []string{"test", "-c", "-o", bin, "-vet=off", "-trimpath", "-buildvcs=false", "-mod=vendor"}
	if race {
		cgo = "1"
		args = append(args, "-race")
	}
	args = append(args, ".")
	goBin := filepath.Join(e.goEnv.GOROOT, "bin", "go")
	env := []string{
		"PATH=" + filepath.Join(e.goEnv.GOROOT, "bin") + ":/usr/bin:/bin",
		"HOME=" + home, "TMPDIR=" + tmp, "GOROOT=" + e.goEnv.GOROOT,
		"GOTOOLCHAIN=local", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOENV=off",
		"GOFLAGS=", "GO111MODULE=on", "GOTELEMETRY=off", "GONOSUMDB=", "GOPRIVATE=",
		"CGO_ENABLED=" + cgo, "GOMODCACHE=" + filepath.Join(job, "modcache"),
		"GOCACHE=" + filepath.Join(job, "gocache"),
	}
	shared := filepath.Join(e.opts.CacheDir, "buildcache")
	prog := e.opts.CacheProg
	if trusted {
		if len(prog) > 0 {
			env = append(env, "GOCACHEPROG="+strings.Join(append(slices.Clone(prog), "--write", shared), " "))
		}
		if err := q.acquire(ctx); err != nil {
			return "", "", err
		}
		out, err := func() ([]byte, error) {
			defer q.release() // also when a bug panics
			return e.trusted(ctx, mod, env, goBin, args...)
		}()
		if cerr := ctx.Err(); cerr != nil {
			return "", "", cerr // stopped: not a failed build
		}
		e.debugf("trusted build %s (race=%v): %v\n%s", mod, race, err, out)
		if err != nil {
			return "", string(out), nil
		}
		return bin, "", nil
	}
	mounts := []sandbox.Mount{{Src: e.goEnv.GOROOT}, {Src: mod}, {Src: job, Writable: true}}
	if len(prog) > 0 {
		if err := os.MkdirAll(shared, 0o755); err != nil {
			return "", "", err
		}
		env = append(env, "GOCACHEPROG="+strings.Join(append(slices.Clone(prog), "--read", shared, "--write", filepath.Join(job, "buildcache")), " "))
		mounts = append(mounts, sandbox.Mount{Src: shared}, sandbox.Mount{Src: prog[0]})
	}
	if err := q.acquire(ctx); err != nil {
		return "", "", err
	}
	res, err := func() (sandbox.Result, error) {
		defer q.release() // also when a bug panics
		return e.sandboxed(ctx, sandbox.Cmd{
			Path: goBin, Args: args, Env: env, Dir: mod, Mounts: mounts, Limits: buildLimits,
		})
	}()
	if err != nil {
		return "", "", fmt.Errorf("running the build in the sandbox: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return "", "", err // stopped: not a failed build
	}
	output = string(res.Stdout) + string(res.Stderr)
	e.debugf("build %s (race=%v): exit %d in %s, timed out %v\n%s", mod, race, res.ExitCode, res.Duration, res.TimedOut, output)
	switch {
	case res.TimedOut:
		return "", "the build did not finish in its time limit", nil
	case res.MemoryLimit:
		return "", "the build ran out of memory", nil
	case res.ExitCode != 0 || res.Signaled:
		if strings.TrimSpace(output) == "" {
			output = fmt.Sprintf("the build failed (exit status %d)", res.ExitCode)
		}
		return "", output, nil
	}
	if _, err := os.Stat(bin); err != nil {
		return "", "", fmt.Errorf("the build reported success but wrote no test binary: %w\n%s", err, output)
	}
	return bin, "", nil
}

func (e *Engine) debugf(format string, args ...any) {
	if e.opts.Debug != nil {
		fmt.Fprintf(e.opts.Debug, format+"\n", args...)
	}
}

var compilerLineRE = regexp.MustCompile(`^(?:\./)?([A-Za-z0-9_.-]+\.go):(\d+)(?::(\d+))?: (.*)$`)

// candidateBuildOutput keeps the compiler's messages about the candidate's
// files and summarises those about the hidden spec, whose source must not
// be revealed.
func candidateBuildOutput(out string, files []catalog.File, race bool) string {
	own := map[string]bool{}
	for _, f := range files {
		own[f.Name] = true
	}
	var keep []string
	spec := 0
	for _, l := range strings.Split(out, "\n") {
		m := compilerLineRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		if own[m[1]] {
			keep = append(keep, strings.TrimPrefix(strings.TrimSpace(l), "./"))
		} else {
			spec++
		}
	}
	if spec > 0 {
		keep = append(keep, fmt.Sprintf("%d error(s) where the hidden spec uses your package: check that your API matches the prompt exactly", spec))
	}
	if len(keep) == 0 {
		mode := ""
		if race {
			mode = " with -race"
		}
		first, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
		if strings.Contains(first, "/") {
			first = "(details withheld: they name grader internals)"
		}
		keep = append(keep, "the build"+mode+" failed: "+first)
	}
	return strings.Join(keep, "\n")
}

// refOnce is an exercise's reference test binary, built once per engine
// and kept in the cache directory across runs.
type refOnce struct {
	lock chan struct{} // held (one token) while a grading builds it
	bin  string        // "" until built
}

// reference returns the plain test binary of the exercise's reference
// solution with its full spec, for the latency suite. Building it also
// warms the shared build cache for the exercise (see Warm).
func (e *Engine) reference(ctx context.Context, q *queue, ex *catalog.Exercise, h Handler) (string, error) {
	e.mu.Lock()
	r := e.refs[ex.Slug]
	if r == nil {
		r = &refOnce{lock: make(chan struct{}, 1)}
		e.refs[ex.Slug] = r
	}
	e.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	select { // a grading stopped while another builds it stops at once
	case r.lock <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-r.lock }()
	if r.bin == "" {
		// Not kept when it failed: a grading stopped while it built the
		// reference must not fail every later grading of a long-lived
		// engine (watch, a worker).
		bin, err := e.buildReference(ctx, q, ex, h)
		if err != nil {
			return "", err
		}
		r.bin = bin
	}
	return r.bin, nil
}

// Warmed reports whether the exercise's reference build is in the cache.
func (e *Engine) Warmed(ex *catalog.Exercise) bool {
	_, err := os.Stat(e.referencePath(ex))
	return err == nil
}

// referencePath is where the reference test binary of ex is kept: keyed by
// everything that goes into it, so a changed spec or Go is rebuilt.
func (e *Engine) referencePath(ex *catalog.Exercise) string {
	sum := sha256.New()
	fmt.Fprintln(sum, Version, e.goEnv.GOVERSION, ex.Slug)
	for _, set := range [][]catalog.File{ex.Reference, ex.Spec, {{Name: "gradertest.go", Data: gradertestSource}}} {
		for _, f := range set {
			fmt.Fprintf(sum, "%s %d\n", f.Name, len(f.Data))
			sum.Write(f.Data)
		}
	}
	key := hex.EncodeToString(sum.Sum(nil))[:24]
	return filepath.Join(e.opts.CacheDir, "reference", ex.Slug+"-"+key, "plain.test")
}

func (e *Engine) buildReference(ctx context.Context, q *queue, ex *catalog.Exercise, h Handler) (string, error) {
	bin := e.referencePath(ex)
	dir := filepath.Dir(bin)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	e.emit(h, Event{Kind: KindReference, Status: StatusStart})
	scratch, err := e.scratchDir("reference-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(scratch)
	mod := filepath.Join(scratch, "mod")
	if err := e.writeModule(mod, ex, ex.Reference, ex.Spec); err != nil {
		return "", err
	}
	tmpBin, out, err := e.goTestC(ctx, q, mod, filepath.Join(scratch, "plain"), false, true)
	if err == nil && out == "" {
		// The race build is thrown away: it is made for the cache.
		_, out, err = e.goTestC(ctx, q, mod, filepath.Join(scratch, "race"), true, true)
	}
	if err != nil {
		return "", err
	}
	if out != "" {
		return "", fmt.Errorf("exercise %s: the reference solution does not build with its spec:\n%s", ex.Slug, out)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := os.ReadFile(tmpBin)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(bin, data, 0o755); err != nil {
		return "", err
	}
	e.emit(h, Event{Kind: KindReference, Status: StatusOK})
	return bin, nil
}

// Warm builds the exercise's reference with its spec, plain and with
// -race, as trusted builds that fill the shared build cache: the standard
// library's race build is then paid for once, not by every grading.
// Grade warms an exercise by itself the first time; 'grader doctor
// --warm' does it ahead of time.
func (e *Engine) Warm(ctx context.Context, ex *catalog.Exercise) error {
	_, err := e.reference(ctx, e.pool.queue(), ex, nil)
	return err
}

// scratchDir creates a per-run directory under the engine's scratch
// parent, named for its owner (see RemoveLeftovers). Sandboxed runs
// execute as other users, so it must be searchable by them; each run sees
// only the directories mounted into it.
func (e *Engine) scratchDir(prefix string) (string, error) {
	dir, err := os.MkdirTemp(e.opts.Scratch, prefix+sandbox.Owner()+"-")
	if err != nil {
		return "", fmt.Errorf("creating a scratch directory: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}
