package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

const canary = "GRADER_SANDBOX_CANARY"

var evilDir string // holds the evil binary; removed after the tests

func TestMain(m *testing.M) {
	os.Setenv(canary, "the grader's secret")
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if evilDir != "" {
			os.RemoveAll(evilDir)
		}
		os.Exit(code)
	}))
}

var (
	evilOnce sync.Once
	evilPath string
	evilErr  error
)

// evil builds testdata/evil once, into a directory every uid can read.
func evil(t *testing.T) string {
	t.Helper()
	evilOnce.Do(func() {
		evilDir, evilErr = os.MkdirTemp("", "sandbox-evil-")
		if evilErr != nil {
			return
		}
		if evilErr = os.Chmod(evilDir, 0o755); evilErr != nil {
			return
		}
		evilPath = filepath.Join(evilDir, "evil")
		c := exec.Command("go", "build", "-o", evilPath, "./testdata/evil")
		c.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := c.CombinedOutput(); err != nil {
			evilErr = fmt.Errorf("building testdata/evil: %v\n%s", err, out)
		}
	})
	if evilErr != nil {
		t.Fatal(evilErr)
	}
	return evilPath
}

// scratch returns an empty directory every uid can reach.
func scratch(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	for _, p := range []string{filepath.Dir(d), d} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

var (
	sandboxesMu sync.Mutex
	sandboxes   = map[Level]*Sandbox{}
)

// sandboxAt returns a Sandbox at exactly level, or skips the test.
func sandboxAt(t *testing.T, level Level) *Sandbox {
	t.Helper()
	sandboxesMu.Lock()
	defer sandboxesMu.Unlock()
	if s, ok := sandboxes[level]; ok {
		if s == nil {
			t.Skipf("sandbox level %s is not available on this machine (see the first test's log)", level)
		}
		return s
	}
	s, err := New(Options{Require: level})
	sandboxes[level] = s
	if err != nil {
		t.Skipf("sandbox level %s is not available on this machine: %v", level, err)
	}
	return s
}

var levels = []Level{LevelFull, LevelBwrap, LevelNone}

// outcome is the part of a Result the containment tests compare.
type outcome struct {
	ExitCode                                     int
	Signaled                                     bool
	TimedOut, CPULimit, MemoryLimit, OutputLimit bool
	// Lines are the evil program's report lines with the error text
	// dropped ("denied read /root").
	Lines []string
}

func summarize(r Result) outcome {
	o := outcome{
		ExitCode: r.ExitCode, Signaled: r.Signaled,
		TimedOut: r.TimedOut, CPULimit: r.CPULimit, MemoryLimit: r.MemoryLimit, OutputLimit: r.OutputLimit,
	}
	for _, line := range strings.Split(strings.TrimSpace(string(r.Stdout)), "\n") {
		if line == "" {
			continue
		}
		if before, _, ok := strings.Cut(line, ": "); ok {
			line = before
		}
		o.Lines = append(o.Lines, line)
	}
	return o
}

func TestContainment(t *testing.T) {
	bin := evil(t)
	// A listener on the host's loopback, which the sandbox must not reach.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hostLoopback := ln.Addr().String()
	root := os.Geteuid() == 0

	type testCase struct {
		name   string
		args   []string
		limits Limits
		// on lists the levels the case runs at; nil means all.
		on []Level
		// needRoot skips the case unless the grader is root (at level
		// none, only a fresh uid keeps it harmless to the test run).
		needRoot bool
		want     outcome
		// ignoreLines leaves the report to check.
		ignoreLines bool
		reason      string
		check       func(t *testing.T, r Result, dir string)
	}
	sandboxed := []Level{LevelFull, LevelBwrap}
	cases := []testCase{
		{
			name: "exit code",
			args: []string{"exit", "3"},
			want: outcome{ExitCode: 3},
		},
		{
			name: "environment is exactly Env",
			args: []string{"env"},
			want: outcome{Lines: []string{"HOME=/tmp", "PATH=/usr/bin:/bin"}},
		},
		{
			name:   "host files beyond the view",
			args:   []string{"read", "/work", "/root", "/home", "/etc/shadow", "/etc/passwd", "/var", "/proc/1/environ"},
			on:     sandboxed,
			reason: "/proc/1 is bubblewrap's init in the sandbox's own pid namespace, started with PATH only",
			want: outcome{Lines: []string{
				"denied read /work", "denied read /root", "denied read /home", "denied read /etc/shadow",
				"denied read /etc/passwd", "denied read /var", "ok read /proc/1/environ",
			}},
		},
		{
			name:     "private files at level none",
			args:     []string{"read", "/root", "/etc/shadow"},
			on:       []Level{LevelNone},
			needRoot: true,
			reason:   "at level none only the fresh uid protects; the rest of the host is readable",
			want:     outcome{Lines: []string{"denied read /root", "denied read /etc/shadow"}},
		},
		{
			name: "writes outside /tmp and the scratch",
			args: []string{"write", "/x", "/usr/x", "/etc/x", "/dev/x", bin + ".x", "/tmp/x", "SCRATCH/x"},
			on:   sandboxed,
			want: outcome{Lines: []string{
				"denied write /x", "denied write /usr/x", "denied write /etc/x", "denied write /dev/x",
				"denied write " + bin + ".x", "ok write /tmp/x", "ok write SCRATCH/x",
			}},
		},
		{
			name:   "network",
			args:   []string{"net", hostLoopback, "1.1.1.1:53"},
			on:     sandboxed,
			reason: "the network namespace has only its own loopback and no route or resolver",
			want: outcome{Lines: []string{
				"denied dial " + hostLoopback, "denied dial 1.1.1.1:53", "denied resolve example.com",
			}},
		},
		{
			name:   "signals and ptrace",
			args:   []string{"kill", strconv.Itoa(os.Getpid())},
			on:     sandboxed,
			reason: "pid 1 is bubblewrap's init, which ignores signals from inside; the grader is not in the pid namespace",
			want: outcome{Lines: []string{
				"ok kill 1", "ok kill parent", "denied kill grader", "denied ptrace grader",
			}},
		},
		{
			name:     "signals and ptrace at level none",
			args:     []string{"kill", strconv.Itoa(os.Getpid())},
			on:       []Level{LevelNone},
			needRoot: true,
			reason:   "the fresh uid may signal only its own processes",
			want: outcome{Lines: []string{
				"denied kill 1", "denied kill parent", "denied kill grader", "denied ptrace grader",
			}},
		},
		{
			name:        "fork bomb",
			args:        []string{"fork"},
			limits:      Limits{Pids: 64},
			needRoot:    true,
			ignoreLines: true,
			check: func(t *testing.T, r Result, _ string) {
				var n int
				var rest string
				if _, err := fmt.Sscanf(string(r.Stdout), "forked %d: %s", &n, &rest); err != nil || n > 64 || !strings.Contains(string(r.Stdout), "resource temporarily unavailable") {
					t.Errorf("want at most 64 processes and EAGAIN; got %q (err %v)", r.Stdout, err)
				}
			},
		},
		{
			name:   "2 GiB allocation",
			args:   []string{"alloc", strconv.Itoa(2 << 30)},
			limits: Limits{MemoryBytes: 256 << 20},
			want:   outcome{ExitCode: -1, Signaled: true, MemoryLimit: true},
		},
		{
			name:   "CPU spin",
			args:   []string{"spin"},
			limits: Limits{CPUTime: time.Second, WallTime: 20 * time.Second},
			want:   outcome{ExitCode: -1, Signaled: true, CPULimit: true},
		},
		{
			name:   "sleep past the wall time",
			args:   []string{"sleep", "1m"},
			limits: Limits{WallTime: 300 * time.Millisecond},
			want:   outcome{ExitCode: -1, Signaled: true, TimedOut: true},
			check: func(t *testing.T, r Result, _ string) {
				if r.Duration > 5*time.Second {
					t.Errorf("Duration = %v; want about the 300ms wall time", r.Duration)
				}
			},
		},
		{
			name:   "100 MiB of output",
			args:   []string{"print", strconv.Itoa(100 << 20)},
			limits: Limits{OutputBytes: 1 << 20},
			want:   outcome{ExitCode: -1, Signaled: true, OutputLimit: true, Lines: []string{strings.Repeat("x", 1023)}},
			check: func(t *testing.T, r Result, _ string) {
				if n := len(r.Stdout) + len(r.Stderr); n != 1<<20 {
					t.Errorf("kept %d bytes of output; want exactly 1 MiB", n)
				}
			},
		},
		{
			name:   "file size",
			args:   []string{"fsize", "SCRATCH/big", strconv.Itoa(2 << 20)},
			limits: Limits{FileBytes: 1 << 20},
			reason: "Go ignores SIGXFSZ, so the write fails with EFBIG",
			want:   outcome{Lines: []string{"denied write 2097152 bytes"}},
		},
		{
			name:     "process left running",
			args:     []string{"orphan", "SCRATCH/heartbeat"},
			needRoot: true,
			reason:   "at level none without root a new session escapes the process group",
			want:     outcome{Lines: []string{"ok start orphan"}},
			check: func(t *testing.T, r Result, dir string) {
				hb := filepath.Join(dir, "heartbeat")
				before, err := os.ReadFile(hb)
				if err != nil {
					t.Fatalf("the orphan never ran: %v", err)
				}
				time.Sleep(200 * time.Millisecond)
				after, _ := os.ReadFile(hb)
				if string(before) != string(after) {
					t.Errorf("the orphan is still beating after Run returned (%s, then %s)", before, after)
				}
			},
		},
	}
	// The output case prints lines of x's; compare only the first.
	run := func(t *testing.T, s *Sandbox, tc testCase) {
		if tc.needRoot && !root && s.Level() != LevelFull {
			t.Skip("needs root below level " + LevelFull)
		}
		dir := scratch(t)
		args := make([]string, len(tc.args))
		for i, a := range tc.args {
			args[i] = strings.ReplaceAll(a, "SCRATCH", dir)
		}
		want := tc.want
		want.Lines = nil
		for _, l := range tc.want.Lines {
			want.Lines = append(want.Lines, strings.ReplaceAll(l, "SCRATCH", dir))
		}
		r, err := s.Run(context.Background(), Cmd{
			Path:   bin,
			Args:   args,
			Env:    []string{"PATH=/usr/bin:/bin", "HOME=/tmp"},
			Mounts: []Mount{{Src: filepath.Dir(bin)}, {Src: dir, Writable: true}},
			Limits: tc.limits,
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		got := summarize(r)
		if tc.ignoreLines {
			got.Lines = nil
		}
		if tc.want.OutputLimit && len(got.Lines) > 0 {
			got.Lines = got.Lines[:1]
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("outcome mismatch (-want +got):\n%s\nstderr: %s\nresult: %+v", diff, r.Stderr, Result{ExitCode: r.ExitCode, Signal: r.Signal, Duration: r.Duration, CPUTime: r.CPUTime, PeakMemory: r.PeakMemory})
		}
		if tc.check != nil {
			tc.check(t, r, dir)
		}
	}
	for _, level := range levels {
		t.Run(string(level), func(t *testing.T) {
			t.Parallel()
			s := sandboxAt(t, level)
			for _, tc := range cases {
				if tc.on != nil && !contains(tc.on, level) {
					continue
				}
				t.Run(tc.name, func(t *testing.T) { run(t, s, tc) })
			}
		})
	}
}

func contains(ls []Level, l Level) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// TestNothingLeftBehind checks that after runs that fork, nothing of the
// fresh uids and no per-run cgroup remains.
func TestNothingLeftBehind(t *testing.T) {
	s := sandboxAt(t, LevelFull)
	bin := evil(t)
	first := s.uidNext.Load()
	for range 3 {
		if _, err := s.Run(context.Background(), Cmd{
			Path: bin, Args: []string{"fork"}, Mounts: []Mount{{Src: filepath.Dir(bin)}},
			Limits: Limits{Pids: 32},
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range s.cg.v1 {
		left, _ := filepath.Glob(filepath.Join(d, "grader-"+Owner()+"-*"))
		if len(left) > 0 {
			t.Errorf("cgroups left behind: %v", left)
		}
	}
	used := map[uint32]bool{}
	for n := first + 1; n <= s.uidNext.Load(); n++ {
		used[s.uidBase+n%uidSpan] = true
	}
	for _, p := range listProcs(false) {
		if used[p.uid] && !p.zombie {
			t.Errorf("process %d of sandbox uid %d survived", p.pid, p.uid)
		}
	}
}

func TestRunCanceled(t *testing.T) {
	s := sandboxAt(t, "")
	bin := evil(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	r, err := s.Run(ctx, Cmd{Path: bin, Args: []string{"sleep", "1m"}, Mounts: []Mount{{Src: filepath.Dir(bin)}}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel: err = %v; want context.Canceled", err)
	}
	if r.Duration > 5*time.Second {
		t.Errorf("Run took %v after cancel", r.Duration)
	}
}

func TestBadCmd(t *testing.T) {
	s := sandboxAt(t, "")
	tests := []struct {
		name string
		cmd  Cmd
		want string
	}{
		{"no path", Cmd{}, "empty Cmd.Path"},
		{"relative mount", Cmd{Path: "/bin/true", Mounts: []Mount{{Src: "rel"}}}, "not an absolute path"},
		{"missing mount", Cmd{Path: "/bin/true", Mounts: []Mount{{Src: "/nonexistent/x"}}}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Run(context.Background(), tc.cmd)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run: err = %v; want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestUnreadableMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only a root grader runs programs as another uid")
	}
	s := sandboxAt(t, "")
	d := t.TempDir() // 0700
	_, err := s.Run(context.Background(), Cmd{Path: "/bin/true", Mounts: []Mount{{Src: d}}})
	if err == nil || !strings.Contains(err.Error(), "chmod") {
		t.Errorf("Run with a private mount source: err = %v; want advice to chmod", err)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		wantLevel Level
		wantErr   string
		wantWarn  string
	}{
		{name: "unknown level", opts: Options{Require: "chroot"}, wantErr: "unknown sandbox level"},
		{name: "bwrap required but missing", opts: Options{Require: LevelBwrap, BwrapPath: "/nonexistent/bwrap"}, wantErr: "bubblewrap not found"},
		{name: "best without bwrap", opts: Options{BwrapPath: "/nonexistent/bwrap"}, wantLevel: LevelNone, wantWarn: "WITHOUT isolation"},
		{name: "none required", opts: Options{Require: LevelNone}, wantLevel: LevelNone, wantWarn: "WITHOUT isolation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("New: err = %v; want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Level() != tc.wantLevel {
				t.Errorf("Level() = %q; want %q", s.Level(), tc.wantLevel)
			}
			if w := strings.Join(s.Warnings(), "\n"); !strings.Contains(w, tc.wantWarn) {
				t.Errorf("Warnings() = %q; want one mentioning %q", w, tc.wantWarn)
			}
		})
	}
}

func TestBestLevelHasNoWarnings(t *testing.T) {
	s := sandboxAt(t, LevelFull)
	if w := s.Warnings(); len(w) != 0 {
		t.Errorf("Warnings() at %s = %q; want none", s.Level(), w)
	}
}

func TestProbe(t *testing.T) {
	checks := Probe()
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
		if c.OK != (c.Fix == "") {
			t.Errorf("check %s: OK=%v with Fix %q; want a fix exactly when not OK", c.Name, c.OK, c.Fix)
		}
		t.Logf("%s ok=%v: %s", c.Name, c.OK, c.Detail)
	}
	if diff := cmp.Diff([]string{"go", "bubblewrap", "cgroups", "root"}, names); diff != "" {
		t.Errorf("check names (-want +got):\n%s", diff)
	}
}

// BenchmarkRun measures the overhead of one run of /bin/true per level.
func BenchmarkRun(b *testing.B) {
	for _, level := range levels {
		b.Run(string(level), func(b *testing.B) {
			s, err := New(Options{Require: level})
			if err != nil {
				b.Skip(err)
			}
			for b.Loop() {
				r, err := s.Run(context.Background(), Cmd{Path: "/bin/true"})
				if err != nil || r.ExitCode != 0 {
					b.Fatalf("Run: %v, %+v", err, r)
				}
			}
		})
	}
}
