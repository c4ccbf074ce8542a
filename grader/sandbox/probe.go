package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Check is one line of 'grader doctor': whether something the sandbox
// relies on works here, what was found, and how to fix it when not.
type Check struct {
	Name   string
	OK     bool
	Detail string
	Fix    string // empty when OK
}

// Probe checks everything the grader's sandbox relies on: the Go
// toolchain, bubblewrap (present, and able to run a program the way
// [Sandbox.Run] does), and cgroups with the memory and pids controllers.
// It changes nothing on the machine but creates and removes a test
// cgroup.
func Probe() []Check {
	var checks []Check

	goCheck := Check{Name: "go"}
	if p, err := exec.LookPath("go"); err != nil {
		goCheck.Detail = "go not found in PATH"
		goCheck.Fix = "install Go from https://go.dev/dl/ and put its bin directory in PATH"
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		out, err := exec.CommandContext(ctx, p, "version").Output()
		cancel()
		if err != nil {
			goCheck.Detail = fmt.Sprintf("%s version: %v", p, err)
			goCheck.Fix = "reinstall Go from https://go.dev/dl/"
		} else {
			goCheck.OK = true
			goCheck.Detail = strings.TrimSpace(string(out)) + " at " + p
		}
	}
	checks = append(checks, goCheck)

	s := &Sandbox{root: os.Geteuid() == 0, uidBase: defaultUIDBase}
	bw := Check{Name: "bubblewrap"}
	if err := s.detectBwrap(""); err != nil {
		bw.Detail = err.Error()
		bw.Fix = bwrapFix
	} else {
		bw.OK = true
		bw.Detail = fmt.Sprintf("%s at %s runs programs", bwrapVersion(s.bwrap), s.bwrap)
		if s.root {
			bw.Detail += " as a fresh unprivileged uid"
		}
	}
	checks = append(checks, bw)

	cg := Check{Name: "cgroups"}
	if sys, err := detectCgroups(); err != nil {
		cg.Detail = err.Error()
		cg.Fix = "run the grader as root on Linux with the cgroup memory and pids controllers (v1, or v2 delegated)"
	} else {
		cg.OK = true
		cg.Detail = sys.String() + ": memory and pids limits work"
	}
	checks = append(checks, cg)

	root := Check{Name: "root", OK: s.root}
	if s.root {
		root.Detail = "running as root: each run gets its own unprivileged uid"
	} else {
		root.Detail = fmt.Sprintf("running as uid %d: runs share your uid, and without cgroups fork bombs are not limited", os.Getuid())
		root.Fix = "run the grader as root (for example in a VM or container) for per-run users and cgroups"
	}
	checks = append(checks, root)
	return checks
}
