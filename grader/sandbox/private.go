package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// Owner names this process as the owner of what it leaves on disk and in
// the cgroup tree while it works (per-run cgroups, scratch directories):
// "PID.START", its pid and its start time in clock ticks since boot, so
// that a reused pid is not taken for the owner. See [OwnerAlive].
func Owner() string { return ownerTag }

var ownerTag = fmt.Sprintf("%d.%d", os.Getpid(), startTime(os.Getpid()))

// startTime is field 22 of /proc/PID/stat, or 0 when it cannot be read.
func startTime(pid int) uint64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return 0
	}
	n, _ := strconv.ParseUint(f[19], 10, 64)
	return n
}

// OwnerAlive reports whether the process named by tag (an [Owner], or a
// bare pid as older graders wrote) is still running. A tag it cannot read
// counts as alive, so that nothing of unknown origin is removed.
func OwnerAlive(tag string) bool {
	pidText, start, hasStart := strings.Cut(tag, ".")
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return true
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	if !hasStart {
		return true
	}
	want, err := strconv.ParseUint(start, 10, 64)
	if err != nil {
		return true
	}
	got := startTime(pid)
	return got == 0 || got == want
}

// RunGroup is the group of every run's processes when the grader is root
// (besides the run's own gid): the first id of [Options.UIDBase]'s range.
// A directory the grader keeps private (see [Sandbox.PrivateDir]) is
// searchable by this group only, so runs reach the sources mounted for
// them below it, and no other user does.
func (s *Sandbox) RunGroup() (gid uint32, ok bool) { return s.uidBase, s.root }

// PrivateDir makes dir, which must exist, private to the grader's user:
// mode 0700; or, when the grader is root and runs programs as fresh uids
// that must reach mount sources below dir, 0710 with group [RunGroup]
// (searchable, not listable, by the runs' bubblewrap and no one else).
func (s *Sandbox) PrivateDir(dir string) error {
	if !s.root {
		return os.Chmod(dir, 0o700)
	}
	if err := os.Chown(dir, os.Geteuid(), int(s.uidBase)); err != nil {
		return err
	}
	return os.Chmod(dir, 0o710)
}

// leftoverRE matches the name of a per-run cgroup: "grader-OWNER-RUN"
// (see [Owner]), "grader-PID-RUN" and "grader-probe-PID" from older
// graders.
var leftoverRE = regexp.MustCompile(`^grader-(?:(\d+\.\d+)-\w+|(\d+)-\d+|probe-(\d+))$`)

// RemoveLeftovers removes the per-run cgroups that graders killed before
// they could clean up left behind (a SIGKILL, a crash), after killing
// any process still in them, and returns their names. Cgroups of a live
// grader, this one included, are kept.
func (s *Sandbox) RemoveLeftovers() ([]string, error) {
	if s.cg == nil {
		return nil, nil
	}
	parents := map[string]string{} // controller ("" for v2) -> parent
	if s.cg.v2 {
		parents[""] = s.cg.parent
	} else {
		for ctl, p := range s.cg.v1 {
			parents[ctl] = p
		}
	}
	dead := map[string]bool{}
	for _, p := range parents {
		ents, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, e := range ents {
			m := leftoverRE.FindStringSubmatch(e.Name())
			if !e.IsDir() || m == nil {
				continue
			}
			if !OwnerAlive(m[1] + m[2] + m[3]) {
				dead[e.Name()] = true
			}
		}
	}
	var removed []string
	var errs []error
	for name := range dead {
		rg := &runCgroup{v2: s.cg.v2, dirs: map[string]string{}}
		for ctl, p := range parents {
			d := filepath.Join(p, name)
			if _, err := os.Stat(d); err == nil {
				rg.dirs[ctl] = d
			}
		}
		if _, ok := rg.dirs["pids"]; !ok && !rg.v2 {
			// No pids directory to list processes from: kill through the
			// memory one, which every run has.
			rg.dirs["pids"] = rg.dirs["memory"]
		}
		if err := rg.remove(); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, name)
	}
	sort.Strings(removed)
	return removed, errors.Join(errs...)
}

// canReach checks that every directory from / to dir is searchable by a
// run as uid:gid (with [RunGroup] among its groups).
func (s *Sandbox) canReach(dir string, uid, gid uint32) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
		if !s.allowed(fi, uid, gid, 0o1) {
			return fmt.Errorf("sandbox: directory %s is not searchable by the sandbox user; make it so with 'chmod o+x %s' or mount something else", d, d)
		}
		if d == "/" || d == "." {
			return nil
		}
	}
}

// canRead checks the mount source itself: a file must be readable by the
// run, a directory readable and searchable. (Its contents are the
// caller's business.)
func (s *Sandbox) canRead(p string, uid, gid uint32) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	need := fs.FileMode(0o4)
	if fi.IsDir() {
		need = 0o5
	}
	if !s.allowed(fi, uid, gid, need) {
		return fmt.Errorf("sandbox: mount source %s is not readable by the sandbox user; make it so with 'chmod -R o+rX %s'", p, p)
	}
	return nil
}

// allowed reports whether a run as uid:gid has the access bits need
// (as in "other": 4 read, 1 search) on the file fi describes.
func (s *Sandbox) allowed(fi fs.FileInfo, uid, gid uint32, need fs.FileMode) bool {
	perm := fi.Mode().Perm()
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !ok:
		return perm&need == need
	case st.Uid == uid:
		return perm>>6&need == need
	case st.Gid == gid || (s.root && st.Gid == s.uidBase):
		return perm>>3&need == need
	}
	return perm&need == need
}
