package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	c := exec.Command("/bin/true")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	return c.Process.Pid
}

func TestOwnerAlive(t *testing.T) {
	dead := deadPID(t)
	self := os.Getpid()
	for _, tc := range []struct {
		name, tag string
		want      bool
	}{
		{"this process", Owner(), true},
		{"this process by pid alone (older graders)", fmt.Sprint(self), true},
		{"an exited process", fmt.Sprintf("%d.%d", dead, 1234), false},
		{"an exited process by pid alone", fmt.Sprint(dead), false},
		{"a reused pid: same pid, another start", fmt.Sprintf("%d.%d", self, startTime(self)+1), false},
		{"unreadable: kept", "x.y", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := OwnerAlive(tc.tag); got != tc.want {
				t.Errorf("OwnerAlive(%q) = %v; want %v", tc.tag, got, tc.want)
			}
		})
	}
}

// TestPrivateDir: below a private directory, runs still reach what is
// mounted for them, and other users reach nothing.
func TestPrivateDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only a root grader runs programs as other uids")
	}
	priv := filepath.Join(scratch(t), "cache")
	if err := os.MkdirAll(filepath.Join(priv, "job"), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(priv, "job", "evil")
	data, err := os.ReadFile(evil(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, level := range levels {
		t.Run(string(level), func(t *testing.T) {
			s := sandboxAt(t, level)
			if err := s.PrivateDir(priv); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(priv)
			if err != nil {
				t.Fatal(err)
			}
			gid, _ := s.RunGroup()
			if got, want := fmt.Sprintf("%v %d", fi.Mode().Perm(), fi.Sys().(*syscall.Stat_t).Gid), fmt.Sprintf("%v %d", os.FileMode(0o710), gid); got != want {
				t.Errorf("mode and group %s; want %s", got, want)
			}
			r, err := s.Run(context.Background(), Cmd{Path: bin, Args: []string{"exit", "0"}, Mounts: []Mount{{Src: filepath.Dir(bin)}}})
			if err != nil || r.ExitCode != 0 {
				t.Errorf("a run of a program below the private directory: exit %d, %v, stderr %q; want exit 0", r.ExitCode, err, r.Stderr)
			}
			// Another user, without the runs' group, cannot even reach it.
			c := exec.Command("/bin/ls", filepath.Join(priv, "job"))
			c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
			if out, err := c.CombinedOutput(); err == nil {
				t.Errorf("user 65534 listed %s/job: %s", priv, out)
			}
		})
	}
}

// TestRemoveLeftovers: the cgroups of a dead grader go, a live one's stay.
func TestRemoveLeftovers(t *testing.T) {
	s := sandboxAt(t, LevelFull)
	dead := fmt.Sprintf("grader-%d.%d-7", deadPID(t), 1234)
	deadOld := fmt.Sprintf("grader-%d-7", deadPID(t))
	live := "grader-" + Owner() + "-leftover-test"
	var groups []*runCgroup
	for _, name := range []string{dead, deadOld, live} {
		rg, err := s.cg.create(name, Limits{MemoryBytes: 64 << 20, Pids: 16})
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, rg)
	}
	defer func() {
		for _, rg := range groups {
			rg.remove()
		}
	}()
	removed, err := s.RemoveLeftovers()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{dead, deadOld}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	for i, rg := range groups {
		for _, d := range rg.uniqueDirs() {
			_, err := os.Stat(d)
			if exists := err == nil; exists != (i == 2) {
				t.Errorf("%s exists: %v; want %v", d, exists, i == 2)
			}
		}
	}
}
