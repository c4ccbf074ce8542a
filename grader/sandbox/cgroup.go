package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cgroupSys is where per-run cgroups are created: with v1, one directory
// per controller hierarchy; with v2, one parent directory whose children
// have the memory and pids controllers.
type cgroupSys struct {
	v2 bool
	// v1: controller name -> parent directory (own cgroup in that
	// hierarchy). Controllers sharing a hierarchy share a directory.
	v1 map[string]string
	// v2: parent directory.
	parent string
}

func (c *cgroupSys) String() string {
	if c.v2 {
		return "cgroup v2 at " + c.parent
	}
	return fmt.Sprintf("cgroup v1 (memory at %s, pids at %s)", c.v1["memory"], c.v1["pids"])
}

type mountInfo struct {
	root, point, fstype string
	super               []string
}

func readMountInfo() ([]mountInfo, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mountInfo
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		a, b := strings.Fields(pre), strings.Fields(post)
		if len(a) < 5 || len(b) < 3 {
			continue
		}
		out = append(out, mountInfo{root: a[3], point: a[4], fstype: b[0], super: strings.Split(b[2], ",")})
	}
	return out, sc.Err()
}

// ownCgroups maps each v1 controller (and "" for v2) to this process's
// cgroup path.
func ownCgroups() (map[string]string, error) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			out[c] = parts[2]
		}
	}
	return out, nil
}

func joinCgroup(m mountInfo, own string) string {
	rel := own
	if m.root != "/" {
		if r, ok := strings.CutPrefix(own, m.root); ok {
			rel = r
		}
	}
	return filepath.Join(m.point, rel)
}

// detectCgroups finds a usable cgroup setup and proves it by creating,
// limiting and removing a test cgroup.
func detectCgroups() (*cgroupSys, error) {
	mounts, err := readMountInfo()
	if err != nil {
		return nil, fmt.Errorf("cgroups unavailable: %w", err)
	}
	own, err := ownCgroups()
	if err != nil {
		return nil, fmt.Errorf("cgroups unavailable: %w", err)
	}
	var sys *cgroupSys
	v1 := map[string]string{}
	for _, m := range mounts {
		if m.fstype != "cgroup" {
			continue
		}
		for _, c := range m.super {
			switch c {
			case "memory", "pids", "cpuacct", "freezer":
				if p, ok := own[c]; ok {
					v1[c] = joinCgroup(m, p)
				}
			}
		}
	}
	if v1["memory"] != "" && v1["pids"] != "" {
		sys = &cgroupSys{v1: v1}
	} else {
		for _, m := range mounts {
			if m.fstype != "cgroup2" {
				continue
			}
			if _, err := os.Stat(filepath.Join(m.point, "cgroup.controllers")); err != nil {
				continue
			}
			ctl, _ := os.ReadFile(filepath.Join(m.point, "cgroup.controllers"))
			if !hasWords(string(ctl), "memory", "pids") {
				continue
			}
			sys, err = setupV2(joinCgroup(m, own[""]))
			if err != nil {
				return nil, err
			}
			break
		}
	}
	if sys == nil {
		return nil, errors.New("no cgroup hierarchy with the memory and pids controllers")
	}
	rg, err := sys.create("grader-"+Owner()+"-probe", Limits{MemoryBytes: 64 << 20, Pids: 16})
	if err != nil {
		return nil, err
	}
	if err := rg.remove(); err != nil {
		return nil, err
	}
	return sys, nil
}

func hasWords(s string, words ...string) bool {
	f := strings.Fields(s)
	for _, w := range words {
		found := false
		for _, x := range f {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}

// setupV2 makes dir able to hold per-run children with memory and pids.
// A cgroup with processes cannot hand controllers to its children, so when
// dir holds this process, the process moves into a leaf dir/grader first.
func setupV2(dir string) (*cgroupSys, error) {
	enable := func() error {
		return os.WriteFile(filepath.Join(dir, "cgroup.subtree_control"), []byte("+memory +pids"), 0)
	}
	ctl, _ := os.ReadFile(filepath.Join(dir, "cgroup.subtree_control"))
	if hasWords(string(ctl), "memory", "pids") {
		return &cgroupSys{v2: true, parent: dir}, nil
	}
	err := enable()
	if errors.Is(err, syscall.EBUSY) {
		leaf := filepath.Join(dir, "grader")
		if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("cgroup v2 at %s: %w; run the grader in a delegated cgroup (e.g. 'systemd-run --user --scope -p Delegate=yes')", dir, err)
		}
		if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return nil, fmt.Errorf("cgroup v2: moving the grader into %s: %w", leaf, err)
		}
		err = enable()
	}
	if err != nil {
		return nil, fmt.Errorf("cgroup v2 at %s: enabling memory and pids for children: %w; run the grader as root or in a delegated cgroup", dir, err)
	}
	return &cgroupSys{v2: true, parent: dir}, nil
}

// runCgroup is one run's cgroup (one directory per v1 hierarchy).
type runCgroup struct {
	v2   bool
	dirs map[string]string // controller ("" for v2) -> directory
}

func (c *cgroupSys) create(name string, lim Limits) (*runCgroup, error) {
	rg := &runCgroup{v2: c.v2, dirs: map[string]string{}}
	if c.v2 {
		rg.dirs[""] = filepath.Join(c.parent, name)
	} else {
		for ctl, parent := range c.v1 {
			rg.dirs[ctl] = filepath.Join(parent, name)
		}
	}
	for _, d := range rg.uniqueDirs() {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			rg.remove()
			return nil, fmt.Errorf("creating cgroup %s: %w; run the grader as root", d, err)
		}
	}
	var writes [][2]string
	mem := strconv.FormatInt(lim.MemoryBytes, 10)
	pids := strconv.Itoa(max(lim.Pids, 1))
	if c.v2 {
		d := rg.dirs[""]
		writes = [][2]string{
			{filepath.Join(d, "memory.max"), mem},
			{filepath.Join(d, "memory.swap.max"), "0"},
			{filepath.Join(d, "pids.max"), pids},
		}
	} else {
		m := rg.dirs["memory"]
		writes = [][2]string{
			{filepath.Join(m, "memory.limit_in_bytes"), mem},
			{filepath.Join(m, "memory.memsw.limit_in_bytes"), mem},
			{filepath.Join(m, "memory.swappiness"), "0"},
			{filepath.Join(rg.dirs["pids"], "pids.max"), pids},
		}
	}
	for _, w := range writes {
		err := os.WriteFile(w[0], []byte(w[1]), 0)
		if err != nil && (errors.Is(err, os.ErrNotExist) || strings.Contains(w[0], "swap") || strings.Contains(w[0], "memsw")) {
			continue // no swap accounting on this kernel: nothing to limit
		}
		if err != nil {
			rg.remove()
			return nil, fmt.Errorf("setting %s: %w", w[0], err)
		}
	}
	return rg, nil
}

func (rg *runCgroup) uniqueDirs() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range rg.dirs {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

func (rg *runCgroup) addPID(pid int) error {
	for _, d := range rg.uniqueDirs() {
		if err := os.WriteFile(filepath.Join(d, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
			return fmt.Errorf("moving the shim into cgroup %s: %w", d, err)
		}
	}
	return nil
}

// procsDir is the directory whose cgroup.procs lists every process.
func (rg *runCgroup) procsDir() string {
	if rg.v2 {
		return rg.dirs[""]
	}
	return rg.dirs["pids"]
}

func (rg *runCgroup) procs() []int {
	b, err := os.ReadFile(filepath.Join(rg.procsDir(), "cgroup.procs"))
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if p, err := strconv.Atoi(f); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// kill SIGKILLs every process of the cgroup until it is empty: v2 with
// cgroup.kill, v1 under the freezer where there is one (so nothing forks
// meanwhile), else by repeating.
func (rg *runCgroup) kill() {
	if rg.v2 {
		os.WriteFile(filepath.Join(rg.dirs[""], "cgroup.kill"), []byte("1"), 0)
	}
	freezer := rg.dirs["freezer"]
	frozen := false
	if freezer != "" {
		state := filepath.Join(freezer, "freezer.state")
		if os.WriteFile(state, []byte("FROZEN"), 0) == nil {
			frozen = true
			for i := 0; i < 100; i++ {
				b, _ := os.ReadFile(state)
				if strings.TrimSpace(string(b)) == "FROZEN" {
					break
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ps := rg.procs()
		if len(ps) == 0 {
			break
		}
		for _, p := range ps {
			syscall.Kill(p, syscall.SIGKILL)
		}
		if frozen {
			// Killed tasks die only when thawed.
			os.WriteFile(filepath.Join(freezer, "freezer.state"), []byte("THAWED"), 0)
			frozen = false
		}
		time.Sleep(2 * time.Millisecond)
	}
	if frozen {
		os.WriteFile(filepath.Join(freezer, "freezer.state"), []byte("THAWED"), 0)
	}
}

// cpu returns the CPU time of all the cgroup's processes so far.
func (rg *runCgroup) cpu() (time.Duration, bool) {
	if rg.v2 {
		b, err := os.ReadFile(filepath.Join(rg.dirs[""], "cpu.stat"))
		if err != nil {
			return 0, false
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "usage_usec "); ok {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				return time.Duration(n) * time.Microsecond, err == nil
			}
		}
		return 0, false
	}
	d := rg.dirs["cpuacct"]
	if d == "" {
		return 0, false
	}
	b, err := os.ReadFile(filepath.Join(d, "cpuacct.usage"))
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return time.Duration(n), err == nil
}

type cgroupStats struct {
	cpu      time.Duration
	cpuKnown bool
	peak     int64
	oomKills int64
}

func readInt(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n
}

// keyed returns the value of "key N" in a flat-keyed file.
func keyed(path, key string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+" "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

func (rg *runCgroup) stats() cgroupStats {
	var st cgroupStats
	st.cpu, st.cpuKnown = rg.cpu()
	if rg.v2 {
		d := rg.dirs[""]
		st.peak = readInt(filepath.Join(d, "memory.peak"))
		st.oomKills = keyed(filepath.Join(d, "memory.events"), "oom_kill")
		return st
	}
	m := rg.dirs["memory"]
	st.peak = readInt(filepath.Join(m, "memory.max_usage_in_bytes"))
	st.oomKills = keyed(filepath.Join(m, "memory.oom_control"), "oom_kill")
	return st
}

// remove kills what is left and removes the cgroup directories.
func (rg *runCgroup) remove() error {
	rg.kill()
	var errs []error
	for _, d := range rg.uniqueDirs() {
		var err error
		for i := 0; i < 200; i++ {
			err = syscall.Rmdir(d)
			if err == nil || errors.Is(err, syscall.ENOENT) {
				err = nil
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("removing cgroup %s: %w", d, err))
		}
	}
	return errors.Join(errs...)
}
