package grader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/kit"
	"github.com/hiringtools/grader/grader/sandbox"
)

// selfCheckLimits bound each of a self-check's runs: go vet, and the
// public tests' build and run with -race.
var selfCheckLimits = sandbox.Limits{
	WallTime:    5 * time.Minute,
	CPUTime:     10 * time.Minute,
	MemoryBytes: 4 << 30,
	Pids:        1024,
	OpenFiles:   4096,
	FileBytes:   1 << 30,
	OutputBytes: 4 << 20,
}

// RunKit runs what 'grader check' needs of Go for a candidate's kit (see
// kit.Runner): it writes the module (the candidate's package, the kit's
// tests, the vendored test dependencies), then, in the sandbox, runs 'go
// vet' and 'go test -race -json' on it. The first run of a kit's API
// builds it as trusted code (its source is the kit's, not the
// candidate's) to fill the shared build cache with the standard library's
// race build, which the sandboxed runs only read.
func (e *Engine) RunKit(ctx context.Context, req kit.RunRequest) (*kit.RunResult, error) {
	ex := &catalog.Exercise{Slug: req.Package}
	ex.Meta.Imports.Modules = req.Modules // vendored into the module, as for a grading
	q := e.pool.queue()                   // its turns in the engine's pool, like a grading's
	if err := e.warmKit(ctx, q, ex, req); err != nil {
		return nil, err
	}
	scratch, err := e.scratchDir("check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	mod := filepath.Join(scratch, "mod")
	if err := e.writeModule(mod, ex, req.Files, req.Tests); err != nil {
		return nil, err
	}
	res := &kit.RunResult{}
	vet, err := e.sandboxGo(ctx, q, scratch, mod, "vet", false, "vet", "-trimpath", "-buildvcs=false", "-mod=vendor", ".")
	if err != nil {
		return nil, err
	}
	res.VetOutput, res.VetExit = string(vet.Stdout)+string(vet.Stderr), vet.ExitCode
	test, err := e.sandboxGo(ctx, q, scratch, mod, "test", true, "test", "-race", "-json", "-count=1", "-vet=off", "-trimpath", "-buildvcs=false", "-mod=vendor", "-timeout="+req.Timeout.String(), ".")
	if err != nil {
		return nil, err
	}
	res.TestJSON, res.TestStderr, res.TestExit, res.TimedOut = test.Stdout, string(test.Stderr), test.ExitCode, test.TimedOut
	return res, nil
}

// warmKit builds the kit's API source with the kit's leak check, plain
// and -race, as trusted code on the host, once per API and Go version:
// it fills the shared build cache.
func (e *Engine) warmKit(ctx context.Context, q *queue, ex *catalog.Exercise, req kit.RunRequest) error {
	sum := sha256.New()
	fmt.Fprintln(sum, Version, e.goEnv.GOVERSION, ex.Slug)
	for _, f := range append(slices.Clone(req.Warm), req.WarmTests...) {
		fmt.Fprintf(sum, "%s %d\n", f.Name, len(f.Data))
		sum.Write(f.Data)
	}
	marker := filepath.Join(e.opts.CacheDir, "kits", ex.Slug+"-"+hex.EncodeToString(sum.Sum(nil))[:24])
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	scratch, err := e.scratchDir("warm-kit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	mod := filepath.Join(scratch, "mod")
	if err := e.writeModule(mod, ex, req.Warm, req.WarmTests); err != nil {
		return err
	}
	for _, race := range []bool{false, true} {
		if _, out, err := e.goTestC(ctx, q, mod, filepath.Join(scratch, jobName(race)), race, true); err != nil {
			return err
		} else if out != "" {
			return fmt.Errorf("building the kit's API (race=%v): %s", race, strings.TrimSpace(out))
		}
	}
	if err := os.MkdirAll(filepath.Dir(marker), 0o755); err != nil {
		return err
	}
	return os.WriteFile(marker, nil, 0o644)
}

// sandboxGo runs the go command with args on the module mod in the
// sandbox, in a job directory of its own under scratch, reading the
// shared build cache.
func (e *Engine) sandboxGo(ctx context.Context, q *queue, scratch, mod, name string, race bool, args ...string) (sandbox.Result, error) {
	job := filepath.Join(scratch, name)
	home, tmp := filepath.Join(job, "home"), filepath.Join(job, "tmp")
	for _, d := range []string{job, home, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return sandbox.Result{}, err
		}
	}
	cgo := "0"
	if race {
		cgo = "1"
	}
	env := []string{
		"PATH=" + filepath.Join(e.goEnv.GOROOT, "bin") + ":/usr/bin:/bin",
		"HOME=" + home, "TMPDIR=" + tmp, "GOROOT=" + e.goEnv.GOROOT,
		"GOTOOLCHAIN=local", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOENV=off",
		"GOFLAGS=", "GO111MODULE=on", "GOTELEMETRY=off", "GONOSUMDB=", "GOPRIVATE=",
		"CGO_ENABLED=" + cgo, "GOMODCACHE=" + filepath.Join(job, "modcache"),
		"GOCACHE=" + filepath.Join(job, "gocache"),
		"GORACE=atexit_sleep_ms=0",
	}
	mounts := []sandbox.Mount{{Src: e.goEnv.GOROOT}, {Src: mod}, {Src: job, Writable: true}}
	if prog := e.opts.CacheProg; len(prog) > 0 {
		shared := filepath.Join(e.opts.CacheDir, "buildcache")
		if err := os.MkdirAll(shared, 0o755); err != nil {
			return sandbox.Result{}, err
		}
		env = append(env, "GOCACHEPROG="+strings.Join(append(slices.Clone(prog), "--read", shared, "--write", filepath.Join(job, "buildcache")), " "))
		mounts = append(mounts, sandbox.Mount{Src: shared}, sandbox.Mount{Src: prog[0]})
	}
	if err := q.acquire(ctx); err != nil {
		return sandbox.Result{}, err
	}
	defer q.release()
	res, err := e.opts.Sandbox.Run(ctx, sandbox.Cmd{
		Path: filepath.Join(e.goEnv.GOROOT, "bin", "go"), Args: args, Env: env, Dir: mod, Mounts: mounts, Limits: selfCheckLimits,
	})
	if err != nil {
		return sandbox.Result{}, fmt.Errorf("running go %s in the sandbox: %w", name, err)
	}
	e.debugf("self-check go %s: exit %d in %s\n%s%s", name, res.ExitCode, res.Duration, res.Stdout, res.Stderr)
	return res, nil
}
