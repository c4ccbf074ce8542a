package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// capture keeps at most limit bytes of two streams together and closes
// over once when more arrive. It keeps reading (and discarding) so the
// writer is never blocked on a full pipe before it is killed.
type capture struct {
	mu             sync.Mutex
	limit, kept    int64
	stdout, stderr bytes.Buffer
	over           chan struct{}
	overOnce       sync.Once
}

func (c *capture) read(r io.Reader, into *bytes.Buffer) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			room := c.limit - c.kept
			keep := min(int64(n), room)
			into.Write(buf[:keep])
			c.kept += keep
			c.mu.Unlock()
			if int64(n) > room {
				c.overOnce.Do(func() { close(c.over) })
			}
		}
		if err != nil {
			return
		}
	}
}

// cpuSeconds rounds d up to whole seconds, at least 1.
func cpuSeconds(d time.Duration) uint64 {
	s := uint64((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// rlimit is one resource limit the shim sets on itself with ulimit.
type rlimit struct {
	flags string // ulimit option(s); "-u|-p" tries -u (bash) then -p (dash)
	unit  uint64 // bytes per ulimit unit
	value uint64 // in bytes, seconds or counts
	proc  string // the line's name in /proc/<pid>/limits
}

// rlimits returns the limits of a run. RLIMIT_CPU is rounded up to whole
// seconds and RLIMIT_FSIZE up to 512-byte blocks (POSIX ulimit's unit).
func rlimits(lim Limits, nproc int) []rlimit {
	rs := []rlimit{
		{"-t", 1, cpuSeconds(lim.CPUTime), "Max cpu time"},
		{"-n", 1, uint64(lim.OpenFiles), "Max open files"},
		{"-f", 512, (uint64(lim.FileBytes) + 511) / 512 * 512, "Max file size"},
		{"-c", 512, 0, "Max core file size"},
	}
	if nproc > 0 {
		rs = append(rs, rlimit{"-u|-p", 1, uint64(nproc), "Max processes"})
	}
	// Never ask for more than the grader's own hard limit: the shim could
	// not raise it.
	for i, r := range rs {
		var cur syscall.Rlimit
		res := map[string]int{"-t": syscall.RLIMIT_CPU, "-n": syscall.RLIMIT_NOFILE, "-f": syscall.RLIMIT_FSIZE, "-c": syscall.RLIMIT_CORE, "-u|-p": rlimitNPROC}[r.flags]
		if syscall.Getrlimit(res, &cur) == nil && r.value > cur.Max {
			rs[i].value = cur.Max / r.unit * r.unit
		}
	}
	return rs
}

// ulimitScript is the shim's shell code that sets rs (soft = hard).
func ulimitScript(rs []rlimit) string {
	var b strings.Builder
	for _, r := range rs {
		n := strconv.FormatUint(r.value/r.unit, 10)
		if a, c, ok := strings.Cut(r.flags, "|"); ok {
			fmt.Fprintf(&b, "{ ulimit %s %s 2>/dev/null || ulimit %s %s; } || exit 124; ", a, n, c, n)
			continue
		}
		fmt.Fprintf(&b, "ulimit %s %s || exit 124; ", r.flags, n)
	}
	return b.String()
}

// checkRlimits verifies in /proc that the shim set rs on itself.
func checkRlimits(pid int, rs []rlimit) error {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		return fmt.Errorf("reading the shim's limits: %w", err)
	}
	for _, r := range rs {
		ok := false
		for _, line := range strings.Split(string(b), "\n") {
			rest, found := strings.CutPrefix(line, r.proc+" ")
			if !found {
				continue
			}
			f := strings.Fields(rest)
			want := strconv.FormatUint(r.value, 10)
			ok = len(f) >= 2 && f[0] == want && f[1] == want
		}
		if !ok {
			return fmt.Errorf("the shim's %q is not %d (the shell's ulimit did not set it); report this with the output of 'ls -l /bin/sh'", r.proc, r.value)
		}
	}
	return nil
}

const rlimitNPROC = 6 // RLIMIT_NPROC on Linux; not in package syscall

// procInfo is what the sandbox reads of one /proc/<pid>.
type procInfo struct {
	pid, ppid int
	uid       uint32
	rss       int64
	zombie    bool
	cpu       time.Duration // user+system so far
}

// listProcs reads every process's pid, parent, real uid and resident size.
// Processes that vanish meanwhile are skipped.
func listProcs(withCPU bool) []procInfo {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []procInfo
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		p := procInfo{pid: pid}
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			f := strings.Fields(v)
			if len(f) == 0 {
				continue
			}
			switch k {
			case "PPid":
				p.ppid, _ = strconv.Atoi(f[0])
			case "Uid":
				u, _ := strconv.ParseUint(f[0], 10, 32)
				p.uid = uint32(u)
			case "State":
				p.zombie = f[0] == "Z" || f[0] == "X"
			case "VmRSS":
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				p.rss = kb * 1024
			}
		}
		if withCPU {
			p.cpu = procCPU(e.Name())
		}
		out = append(out, p)
	}
	return out
}

// procCPU reads the user+system time of /proc/<pid>.
func procCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name, which may hold spaces: state is
	// field 3, utime 14 and stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * time.Second / clockTicks
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

// runProcs returns the processes of a run: descendants of the shim, and
// with a fresh uid every process of that uid.
func runProcs(shim int, uid uint32, fresh bool) []procInfo {
	all := listProcs(true)
	children := map[int][]int{}
	byPID := map[int]procInfo{}
	for _, p := range all {
		children[p.ppid] = append(children[p.ppid], p.pid)
		byPID[p.pid] = p
	}
	seen := map[int]bool{}
	var out []procInfo
	var walk func(pid int)
	walk = func(pid int) {
		if seen[pid] {
			return
		}
		seen[pid] = true
		if p, ok := byPID[pid]; ok {
			out = append(out, p)
		}
		for _, c := range children[pid] {
			walk(c)
		}
	}
	walk(shim)
	if fresh {
		for _, p := range all {
			if p.uid == uid && !seen[p.pid] {
				seen[p.pid] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// sampler watches the processes of a run that has no cgroup.
type sampler struct {
	shim  int
	uid   uint32
	fresh bool
	peak  int64
	cpu   map[int]time.Duration // largest CPU time seen per pid
}

// sample returns the resident memory of the run's processes now and
// records their CPU times.
func (sp *sampler) sample() int64 {
	var sum int64
	for _, p := range runProcs(sp.shim, sp.uid, sp.fresh) {
		sum += p.rss
		sp.cpu[p.pid] = max(sp.cpu[p.pid], p.cpu)
	}
	sp.peak = max(sp.peak, sum)
	return sum
}

// cpuTotal and cpuMax are the sum and the largest of the CPU times seen.
func (sp *sampler) cpuTotal() (total, largest time.Duration) {
	for _, c := range sp.cpu {
		total += c
		largest = max(largest, c)
	}
	return total, largest
}

// killUID SIGKILLs every process whose real uid is uid until none is left
// (at most a few seconds; a process cannot leave its uid unprivileged).
func killUID(uid uint32) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		n := 0
		for _, p := range listProcs(false) {
			if p.uid == uid && !p.zombie {
				syscall.Kill(p.pid, syscall.SIGKILL)
				n++
			}
		}
		if n == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// prepareMounts checks that read-only sources are readable by the run's
// uid and gives writable sources to it.
func (s *Sandbox) prepareMounts(mounts []Mount, uid, gid uint32, fresh bool) error {
	for _, m := range mounts {
		if m.Src == "" || !filepath.IsAbs(m.Src) {
			return fmt.Errorf("sandbox: mount source %q is not an absolute path; pass absolute paths in Cmd.Mounts", m.Src)
		}
		if m.Dst != "" && !filepath.IsAbs(m.Dst) {
			return fmt.Errorf("sandbox: mount destination %q is not an absolute path; pass absolute paths in Cmd.Mounts", m.Dst)
		}
		if _, err := os.Stat(m.Src); err != nil {
			return fmt.Errorf("sandbox: mount source: %w", err)
		}
		if !fresh {
			continue
		}
		if err := s.canReach(filepath.Dir(m.Src), uid, gid); err != nil {
			return err
		}
		if m.Writable {
			if err := chownTree(m.Src, int(uid), int(gid)); err != nil {
				return fmt.Errorf("sandbox: giving writable mount %s to the sandbox user: %w", m.Src, err)
			}
			continue
		}
		if err := s.canRead(m.Src, uid, gid); err != nil {
			return err
		}
	}
	return nil
}

// chownTree gives root and everything below it (not following symlinks)
// to uid:gid.
func chownTree(root string, uid, gid int) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}
