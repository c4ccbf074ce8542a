package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// systemDirs are shown read-only inside the sandbox where they exist; a
// symlink (a merged /usr) stays a symlink.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// etcFiles is all of /etc the sandbox sees: the dynamic loader's cache and
// configuration (cgo and -race binaries are dynamically linked) and
// Debian's alternatives (cc, ld). Not passwd, group, shadow, hosts,
// resolv.conf, ssl or localtime (programs run in UTC).
var etcFiles = []string{"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives"}

// sandboxUID is the uid and gid of the program inside the namespace.
const sandboxUID = "65534"

// baseBwrapArgs is everything but the program's mounts, environment,
// directory and command.
func (s *Sandbox) baseBwrapArgs(tmpBytes int64) []string {
	a := []string{
		"--unshare-all", "--unshare-user",
	}
	a = append(a, s.bwrapOpt...)
	a = append(a,
		"--die-with-parent", "--new-session",
		"--cap-drop", "ALL",
		"--hostname", "sandbox",
		"--uid", sandboxUID, "--gid", sandboxUID,
	)
	for _, d := range systemDirs {
		fi, err := os.Lstat(d)
		switch {
		case err != nil:
		case fi.Mode()&os.ModeSymlink != 0:
			if t, err := os.Readlink(d); err == nil {
				a = append(a, "--symlink", t, d)
			}
		case fi.IsDir():
			a = append(a, "--ro-bind", d, d)
		}
	}
	a = append(a, "--dir", "/etc")
	for _, f := range etcFiles {
		if _, err := os.Stat(f); err == nil {
			a = append(a, "--ro-bind", f, f)
		}
	}
	a = append(a,
		"--proc", "/proc",
		"--dev", "/dev",
		"--perms", "1777", "--size", strconv.FormatInt(tmpBytes, 10), "--tmpfs", "/tmp",
	)
	return a
}

// bwrapArgs is the whole bwrap command line after "bwrap".
func (s *Sandbox) bwrapArgs(cmd Cmd, lim Limits) []string {
	a := s.baseBwrapArgs(lim.FileBytes)
	for _, m := range cmd.Mounts {
		dst := m.Dst
		if dst == "" {
			dst = m.Src
		}
		op := "--ro-bind"
		if m.Writable {
			op = "--bind"
		}
		a = append(a, op, m.Src, dst)
	}
	dir := cmd.Dir
	if dir == "" {
		dir = "/tmp"
	}
	a = append(a,
		"--remount-ro", "/dev",
		"--remount-ro", "/",
		"--chdir", dir,
		"--clearenv",
	)
	for _, kv := range cmd.Env {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	// bubblewrap sets PWD after --chdir; the shell takes it out again so
	// that the environment is exactly Env.
	a = append(a, "--")
	if !hasEnv(cmd.Env, "PWD") {
		a = append(a, "/bin/sh", "-c", `unset PWD; exec "$@"`, "sh")
	}
	a = append(a, cmd.Path)
	return append(a, cmd.Args...)
}

// detectBwrap finds bwrap, learns its options and checks that it can run
// a program the way Run will (as a fresh uid when root).
func (s *Sandbox) detectBwrap(path string) error {
	if path == "" {
		path = "bwrap"
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return fmt.Errorf("bubblewrap not found")
	}
	s.bwrap = p
	help, _ := exec.Command(p, "--help").CombinedOutput()
	if bytes.Contains(help, []byte("--disable-userns")) {
		s.bwrapOpt = append(s.bwrapOpt, "--disable-userns")
	}
	uid, gid, fresh := s.runUser()
	if err := s.tryBwrap(uid, gid, fresh); err != nil {
		s.bwrap = ""
		return err
	}
	return nil
}

// tryBwrap runs /bin/true in a sandbox like Run's.
func (s *Sandbox) tryBwrap(uid, gid uint32, fresh bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	args := append(s.baseBwrapArgs(1<<20), "--remount-ro", "/", "--clearenv", "--", "/bin/true")
	c := exec.CommandContext(ctx, s.bwrap, args...)
	c.Env = []string{"PATH=/usr/bin:/bin"}
	c.Dir = "/"
	if fresh {
		c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid, Groups: []uint32{}}}
	}
	out, err := c.CombinedOutput()
	if err != nil {
		who := "as this user"
		if fresh {
			who = fmt.Sprintf("as the unprivileged uid %d", uid)
		}
		return fmt.Errorf("bubblewrap at %s does not work %s (%v: %s); check that unprivileged user namespaces are enabled ('sysctl kernel.unprivileged_userns_clone=1', 'sysctl user.max_user_namespaces=10000', or on Ubuntu an AppArmor profile for bwrap)", s.bwrap, who, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// bwrapVersion returns "bubblewrap 0.8.0" or "".
func bwrapVersion(p string) string {
	out, err := exec.Command(p, "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
