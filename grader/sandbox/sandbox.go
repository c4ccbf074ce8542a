package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Level is how strongly a [Sandbox] isolates the programs it runs. The
// string values are stable and may appear in scorecards.
type Level string

const (
	// LevelFull is bubblewrap namespaces plus per-run cgroup memory and
	// pids limits plus rlimits.
	LevelFull Level = "bwrap+cgroup"
	// LevelBwrap is bubblewrap namespaces plus rlimits, without cgroups.
	LevelBwrap Level = "bwrap"
	// LevelNone is rlimits and a process group only: NOT isolated.
	LevelNone Level = "none"
)

// Limits bounds one run. A zero field takes its value from
// [DefaultLimits]; there is no "unlimited".
type Limits struct {
	// WallTime is the real time after which the program is killed and
	// [Result.TimedOut] is set.
	WallTime time.Duration
	// CPUTime is RLIMIT_CPU, per process, rounded up to whole seconds,
	// with soft = hard so the kernel sends SIGKILL (Go ignores SIGXCPU).
	// With a cgroup the total over all processes is also enforced, by
	// sampling. Either sets [Result.CPULimit].
	CPUTime time.Duration
	// MemoryBytes is the cgroup memory limit (and memsw/swap where the
	// kernel has them), over all processes including their tmpfs files.
	// It is not RLIMIT_AS: the race detector reserves terabytes of
	// virtual memory. Without a cgroup it is enforced by sampling.
	MemoryBytes int64
	// Pids is the cgroup pids.max: processes and threads together. Go
	// programs start several threads each, and more under -race. Without
	// a cgroup, and only when the grader is root, it becomes RLIMIT_NPROC
	// of the run's fresh uid.
	Pids int
	// OpenFiles is RLIMIT_NOFILE.
	OpenFiles int
	// FileBytes is RLIMIT_FSIZE (Go ignores SIGXFSZ, so a write past it
	// fails with EFBIG) and the size of the private /tmp.
	FileBytes int64
	// OutputBytes is how many bytes of stdout and stderr together are
	// kept. A program that prints more is killed and
	// [Result.OutputLimit] is set.
	OutputBytes int64
}

// DefaultLimits supplies every zero field of [Cmd.Limits].
var DefaultLimits = Limits{
	WallTime:    2 * time.Minute,
	CPUTime:     2 * time.Minute,
	MemoryBytes: 1 << 30,
	Pids:        1024,
	OpenFiles:   1024,
	FileBytes:   256 << 20,
	OutputBytes: 4 << 20,
}

func (l Limits) withDefaults() Limits { return l.Or(DefaultLimits) }

// Or returns l with each zero field taken from base: limits given in
// layers (defaults, then an exercise's, then a user's) are combined by
// calling Or from the top layer down.
func (l Limits) Or(base Limits) Limits {
	if l.WallTime <= 0 {
		l.WallTime = base.WallTime
	}
	if l.CPUTime <= 0 {
		l.CPUTime = base.CPUTime
	}
	if l.MemoryBytes <= 0 {
		l.MemoryBytes = base.MemoryBytes
	}
	if l.Pids <= 0 {
		l.Pids = base.Pids
	}
	if l.OpenFiles <= 0 {
		l.OpenFiles = base.OpenFiles
	}
	if l.FileBytes <= 0 {
		l.FileBytes = base.FileBytes
	}
	if l.OutputBytes <= 0 {
		l.OutputBytes = base.OutputBytes
	}
	return l
}

// Mount makes the host path Src visible at Dst inside the sandbox,
// read-only unless Writable. An empty Dst means the same path as Src,
// which is also the only form [LevelNone] accepts.
type Mount struct {
	Src, Dst string
	Writable bool
}

// Cmd is one program to run in a [Sandbox].
type Cmd struct {
	// Path is the program, as seen inside the sandbox. A name without a
	// slash is looked up in the PATH of Env.
	Path string
	// Args are the arguments after the program name (not including it).
	Args []string
	// Env is exactly the environment of the program; nothing of the
	// grader's environment is passed on.
	Env []string
	// Dir is the working directory inside the sandbox; "" means /tmp
	// under bubblewrap and / at [LevelNone].
	Dir string
	// Mounts are added to the base read-only system view, in order.
	Mounts []Mount
	// Limits bound the run; zero fields take [DefaultLimits].
	Limits Limits
}

// Result is what happened to one run. It describes the child; failures
// of the grader itself are errors from [Sandbox.Run] instead.
type Result struct {
	// ExitCode is the exit status, or -1 when the program was killed by
	// a signal.
	ExitCode int
	// Signaled reports a death by signal, named by Signal (for example
	// "killed"). See the package doc about exit codes 128+n.
	Signaled bool
	Signal   string
	// Stdout and Stderr hold at most [Limits.OutputBytes] bytes in total.
	Stdout, Stderr []byte
	// TimedOut is set when the program was killed for exceeding
	// [Limits.WallTime] or the deadline of Run's context.
	TimedOut bool
	// CPULimit is set when the program was killed for CPU time.
	CPULimit bool
	// MemoryLimit is set when the program (or one of its processes) was
	// killed for memory.
	MemoryLimit bool
	// OutputLimit is set when the program was killed for printing more
	// than [Limits.OutputBytes].
	OutputLimit bool
	// Duration is the wall time from start to exit.
	Duration time.Duration
	// CPUTime is user+system time of all the run's processes that were
	// waited for (all of them, with a cgroup).
	CPUTime time.Duration
	// PeakMemory is the peak memory in bytes: the cgroup's peak where
	// known, otherwise the largest sample or maximum resident size seen.
	PeakMemory int64
}

// Options configure [New].
type Options struct {
	// Require is the level that must be used; New fails if it is not
	// available. "" means the best level available.
	Require Level
	// Scratch is the parent directory for per-run state; "" means
	// os.TempDir().
	Scratch string
	// UIDBase is the first of the 1<<20 uids (and gids) that runs use
	// when the grader is root; 0 means 1600000000. No other process on
	// the machine may use uids in that range.
	UIDBase uint32
	// BwrapPath is the bubblewrap binary; "" means "bwrap" looked up in
	// PATH.
	BwrapPath string
}

const defaultUIDBase = 1600000000

// Sandbox runs programs at one [Level]. It is safe for concurrent use.
type Sandbox struct {
	level    Level
	warnings []string
	scratch  string
	bwrap    string
	bwrapOpt []string // extra options this bwrap supports, e.g. --disable-userns
	cg       *cgroupSys
	root     bool
	uidBase  uint32
	uidNext  atomic.Uint32
	runs     atomic.Uint64
}

// New detects the best isolation level the machine offers and returns a
// Sandbox that uses it, or exactly opts.Require when set. It fails only
// when opts.Require cannot be met; a weaker level than [LevelFull] is
// explained by [Sandbox.Warnings].
func New(opts Options) (*Sandbox, error) {
	s := &Sandbox{
		scratch: opts.Scratch,
		root:    os.Geteuid() == 0,
		uidBase: opts.UIDBase,
	}
	if s.scratch == "" {
		s.scratch = os.TempDir()
	}
	if s.uidBase == 0 {
		s.uidBase = defaultUIDBase
	}
	s.uidNext.Store(rand.Uint32N(uidSpan))
	switch opts.Require {
	case "", LevelFull, LevelBwrap, LevelNone:
	default:
		return nil, fmt.Errorf("unknown sandbox level %q; use %q, %q or %q", opts.Require, LevelFull, LevelBwrap, LevelNone)
	}

	bwrapErr := s.detectBwrap(opts.BwrapPath)
	var cgErr error
	if bwrapErr == nil && opts.Require != LevelBwrap && opts.Require != LevelNone {
		s.cg, cgErr = detectCgroups()
	}
	switch {
	case opts.Require == LevelNone:
		s.level = LevelNone
	case bwrapErr != nil:
		if opts.Require != "" {
			return nil, fmt.Errorf("sandbox level %q needs bubblewrap: %w", opts.Require, bwrapErr)
		}
		s.level = LevelNone
		s.warnings = append(s.warnings, fmt.Sprintf("%v: submissions run WITHOUT isolation (they can read your files, use the network and leave processes behind); %s", bwrapErr, bwrapFix))
	case opts.Require == LevelBwrap:
		s.level = LevelBwrap
	case cgErr != nil:
		if opts.Require == LevelFull {
			return nil, fmt.Errorf("sandbox level %q needs cgroups: %w", opts.Require, cgErr)
		}
		s.level = LevelBwrap
		s.warnings = append(s.warnings, fmt.Sprintf("no cgroup limits (%v): memory is only sampled every 50ms and leftover processes are found through the pid namespace only; run the grader as root on a machine with cgroup v1 or v2 memory and pids controllers", cgErr))
	default:
		s.level = LevelFull
	}
	if s.level == LevelNone {
		s.bwrap = ""
		if opts.Require == LevelNone {
			s.warnings = append(s.warnings, "sandbox level none: submissions run WITHOUT isolation (they can read your files, use the network and leave processes behind); "+bwrapFix)
		}
		if !s.root {
			s.warnings = append(s.warnings, "the grader is not root: submissions run as your own user, and a submission that starts its own session can outlive its run")
		}
	}
	if s.level != LevelFull && !s.root {
		s.warnings = append(s.warnings, "the grader is not root: without cgroups there is no limit on the number of processes (a fork bomb can exhaust the machine)")
	}
	return s, nil
}

const bwrapFix = "install bubblewrap with 'apt-get install bubblewrap' (or your system's package manager) and check 'grader doctor'"

// Level returns the isolation level the Sandbox uses.
func (s *Sandbox) Level() Level { return s.level }

// Warnings returns, one sentence each, what the Sandbox does not protect
// against on this machine and how to fix it. It is empty at [LevelFull].
func (s *Sandbox) Warnings() []string { return append([]string(nil), s.warnings...) }

const uidSpan = 1 << 20

// runUser returns the uid/gid a run executes as outside any namespace, and
// whether it is a fresh one (only when the grader is root).
func (s *Sandbox) runUser() (uid, gid uint32, fresh bool) {
	if !s.root {
		return uint32(os.Getuid()), uint32(os.Getgid()), false
	}
	// Skip uids that have processes (another grader's runs, say).
	inUse := map[uint32]bool{}
	for _, p := range listProcs(false) {
		inUse[p.uid] = true
	}
	for {
		id := s.uidBase + s.uidNext.Add(1)%uidSpan
		if !inUse[id] {
			return id, id, true
		}
	}
}

// killReason records why Run killed the program.
type killReason int32

const (
	killNone killReason = iota
	killWall
	killCPU
	killMemory
	killOutput
	killCanceled
)

// Run runs cmd in the sandbox and waits for it and every process it
// started to be gone. The error is non-nil only when the grader failed:
// a bad cmd, a limit it could not apply, or ctx canceled (a ctx deadline
// is reported as [Result.TimedOut] instead).
func (s *Sandbox) Run(ctx context.Context, cmd Cmd) (Result, error) {
	lim := cmd.Limits.withDefaults()
	if cmd.Path == "" {
		return Result{}, errors.New("sandbox: empty Cmd.Path; set the program to run")
	}
	uid, gid, fresh := s.runUser()
	runID := s.runs.Add(1)
	name := fmt.Sprintf("grader-%s-%d", Owner(), runID)

	if err := s.prepareMounts(cmd.Mounts, uid, gid, fresh); err != nil {
		return Result{}, err
	}

	// The shim sets its rlimits (as the run's uid it may only lower
	// them, and root may lack CAP_SYS_RESOURCE for prlimit), reports on
	// fd 4, and blocks on fd 3 until the grader has checked the limits
	// and put it into the cgroup; then it becomes bwrap (or the
	// program). Nothing it starts can escape.
	rl := rlimits(lim, s.nproc(lim, fresh))
	script := ulimitScript(rl) + `echo r >&4 || exit 123; exec 4>&-; read -r _ <&3 || exit 125; exec 3<&-; `
	var args []string
	env := []string{"PATH=/usr/bin:/bin"}
	dir := "/"
	if s.level == LevelNone {
		if !hasEnv(cmd.Env, "PWD") {
			script += "unset PWD; "
		}
		for _, m := range cmd.Mounts {
			if m.Dst != "" && filepath.Clean(m.Dst) != filepath.Clean(m.Src) {
				return Result{}, fmt.Errorf("sandbox: mount %s at %s needs bubblewrap; at level none use the same path for Src and Dst", m.Src, m.Dst)
			}
		}
		env = cmd.Env
		if env == nil {
			env = []string{}
		}
		if cmd.Dir != "" {
			dir = cmd.Dir
		}
		args = append([]string{cmd.Path}, cmd.Args...)
	} else {
		args = append([]string{s.bwrap}, s.bwrapArgs(cmd, lim)...)
	}
	script += `exec "$@"`

	var rg *runCgroup
	if s.level == LevelFull {
		var err error
		rg, err = s.cg.create(name, lim)
		if err != nil {
			return Result{}, fmt.Errorf("sandbox: %w", err)
		}
		// Removed at the end of a successful run, where a failure is
		// reported; this covers the early returns.
		defer rg.remove()
	}

	gateR, gateW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer gateR.Close()
	defer gateW.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer readyR.Close()
	defer readyW.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer outR.Close()
	defer outW.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer errR.Close()
	defer errW.Close()

	c := &exec.Cmd{
		Path:       "/bin/sh",
		Args:       append([]string{"sh", "-c", script, "sh"}, args...),
		Env:        env,
		Dir:        dir,
		Stdout:     outW,
		Stderr:     errW,
		ExtraFiles: []*os.File{gateR, readyW},
		SysProcAttr: &syscall.SysProcAttr{
			Setpgid:   true,
			Pdeathsig: syscall.SIGKILL,
		},
	}
	if fresh {
		c.SysProcAttr.Credential = &syscall.Credential{Uid: uid, Gid: gid, Groups: []uint32{s.uidBase}}
	}
	if err := c.Start(); err != nil {
		return Result{}, fmt.Errorf("sandbox: starting the shim: %w", err)
	}
	start := time.Now()
	pid := c.Process.Pid
	outW.Close()
	errW.Close()
	gateR.Close()
	readyW.Close()

	abort := func(err error) (Result, error) {
		syscall.Kill(-pid, syscall.SIGKILL)
		c.Process.Kill()
		c.Wait()
		if rg != nil {
			rg.kill()
		}
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	if rg != nil {
		if err := rg.addPID(pid); err != nil {
			return abort(err)
		}
	}
	readyR.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := readyR.Read(make([]byte, 2)); err != nil {
		return abort(fmt.Errorf("the shim did not set its limits: %w", err))
	}
	if err := checkRlimits(pid, rl); err != nil {
		return abort(err)
	}
	if _, err := gateW.Write([]byte("go\n")); err != nil {
		return abort(fmt.Errorf("releasing the shim: %w", err))
	}
	gateW.Close()

	// Output: one reader per stream, sharing the byte budget.
	out := &capture{limit: lim.OutputBytes, over: make(chan struct{})}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); out.read(outR, &out.stdout) }()
	go func() { defer readers.Done(); out.read(errR, &out.stderr) }()

	waitDone := make(chan error, 1)
	go func() { waitDone <- c.Wait() }()

	var reason atomic.Int32
	kill := func(r killReason) {
		reason.CompareAndSwap(int32(killNone), int32(r))
		s.killAll(pid, rg, uid, fresh)
	}
	wall := time.NewTimer(lim.WallTime)
	defer wall.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	sp := &sampler{shim: pid, uid: uid, fresh: fresh, cpu: map[int]time.Duration{}}
	var waitErr error
	ctxDone, over := ctx.Done(), out.over
loop:
	for {
		select {
		case waitErr = <-waitDone:
			break loop
		case <-wall.C:
			kill(killWall)
		case <-ctxDone:
			ctxDone = nil
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				kill(killWall)
			} else {
				kill(killCanceled)
			}
		case <-over:
			over = nil
			kill(killOutput)
		case <-tick.C:
			if rg != nil {
				if cpu, ok := rg.cpu(); ok && cpu >= lim.CPUTime {
					kill(killCPU)
				}
				continue
			}
			if sp.sample() > lim.MemoryBytes {
				kill(killMemory)
			}
		}
	}
	dur := time.Since(start)
	ps := c.ProcessState
	// Whatever is left (children of a level-none program, stragglers of a
	// cgroup) goes now.
	s.killAll(pid, rg, uid, fresh)

	// The readers end when every writer is gone. At level none without
	// root an escaped process may hold the pipe: stop waiting after a
	// grace period.
	readersDone := make(chan struct{})
	go func() { readers.Wait(); close(readersDone) }()
	select {
	case <-readersDone:
	case <-time.After(500 * time.Millisecond):
		outR.Close()
		errR.Close()
		<-readersDone
	}

	res := Result{
		Stdout:   out.stdout.Bytes(),
		Stderr:   out.stderr.Bytes(),
		Duration: dur,
	}
	if res.Stdout == nil {
		res.Stdout = []byte{}
	}
	if res.Stderr == nil {
		res.Stderr = []byte{}
	}
	if ps == nil {
		return res, fmt.Errorf("sandbox: waiting for the program: %v", waitErr)
	}
	ws := ps.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled():
		res.ExitCode = -1
		res.Signaled = true
		res.Signal = ws.Signal().String()
	default:
		res.ExitCode = ws.ExitStatus()
		if s.level != LevelNone && res.ExitCode > 128 && res.ExitCode < 128+65 {
			res.ExitCode = -1
			res.Signaled = true
			res.Signal = syscall.Signal(ws.ExitStatus() - 128).String()
		}
	}
	// Without a cgroup, CPU time is the larger of what was waited for
	// (bubblewrap's init does not pass its children's times on) and what
	// the sampler saw.
	sampledTotal, sampledMax := sp.cpuTotal()
	res.CPUTime = max(ps.UserTime()+ps.SystemTime(), sampledTotal)
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		res.PeakMemory = ru.Maxrss * 1024
	}
	res.PeakMemory = max(res.PeakMemory, sp.peak)
	ooms := int64(0)
	if rg != nil {
		st := rg.stats()
		if st.cpuKnown {
			res.CPUTime = st.cpu
		}
		if st.peak > 0 {
			res.PeakMemory = st.peak
		}
		ooms = st.oomKills
	}

	killedBySIGKILL := res.Signaled && res.Signal == syscall.SIGKILL.String()
	switch killReason(reason.Load()) {
	case killWall:
		res.TimedOut = true
	case killCPU:
		res.CPULimit = true
	case killMemory:
		res.MemoryLimit = true
	case killOutput:
		res.OutputLimit = true
	}
	if ooms > 0 {
		res.MemoryLimit = true
	}
	rlimitCPU := time.Duration(cpuSeconds(lim.CPUTime)) * time.Second
	// A SIGKILL nobody else sent, from a program that used about its
	// RLIMIT_CPU, is the kernel's. The sampler may have missed up to a
	// tick of a process's last CPU time.
	if killedBySIGKILL && !res.MemoryLimit && killReason(reason.Load()) == killNone &&
		max(res.CPUTime, sampledMax) >= rlimitCPU*8/10 {
		res.CPULimit = true
	}
	if killReason(reason.Load()) == killCanceled {
		return res, fmt.Errorf("sandbox: run canceled: %w", ctx.Err())
	}
	if rg != nil {
		if err := rg.remove(); err != nil {
			return res, fmt.Errorf("sandbox: cleaning up after the run (processes may be left): %w", err)
		}
	}
	return res, nil
}

func hasEnv(env []string, key string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, key+"=") {
			return true
		}
	}
	return false
}

// nproc returns the RLIMIT_NPROC to set, or 0 for none: only a fresh uid
// has a count that belongs to this run alone; with a cgroup, pids.max
// does the job.
func (s *Sandbox) nproc(lim Limits, fresh bool) int {
	if !fresh || s.level == LevelFull {
		return 0
	}
	if s.level == LevelNone {
		return lim.Pids
	}
	return lim.Pids + 3 // bubblewrap's own processes
}

// killAll kills every process of the run: the cgroup, the fresh uid's
// processes, and the shim's process group.
func (s *Sandbox) killAll(pid int, rg *runCgroup, uid uint32, fresh bool) {
	syscall.Kill(-pid, syscall.SIGKILL)
	if rg != nil {
		rg.kill()
	}
	if fresh {
		killUID(uid)
	}
}
