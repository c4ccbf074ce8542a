// Command evil is a hostile program for the sandbox's tests. Its first
// argument picks what it tries; it reports on stdout, one line per attempt,
// "ok <what>" or "denied <what>: <error>".
package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func report(what string, err error) {
	if err != nil {
		fmt.Printf("denied %s: %v\n", what, err)
		return
	}
	fmt.Printf("ok %s\n", what)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: evil mode [args]")
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "true":
	case "exit":
		n, _ := strconv.Atoi(args[0])
		os.Exit(n)
	case "env":
		for _, kv := range os.Environ() {
			fmt.Println(kv)
		}
	case "id":
		fmt.Printf("uid=%d gid=%d pid=%d\n", os.Getuid(), os.Getgid(), os.Getpid())
	case "read":
		for _, p := range args {
			fi, err := os.Stat(p)
			if err == nil && fi.IsDir() {
				_, err = os.ReadDir(p)
			} else if err == nil {
				_, err = os.ReadFile(p)
			}
			report("read "+p, err)
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("GRADER_SANDBOX_CANARY")) {
				fmt.Printf("LEAK in %s\n", p)
			}
		}
	case "write":
		for _, p := range args {
			report("write "+p, os.WriteFile(p, []byte("pwned\n"), 0o644))
		}
	case "net":
		for _, addr := range args {
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err == nil {
				c.Close()
			}
			report("dial "+addr, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := net.DefaultResolver.LookupHost(ctx, "example.com")
		cancel()
		report("resolve example.com", err)
	case "kill":
		// args: the grader's pid as seen on the host.
		report("kill 1", syscall.Kill(1, syscall.SIGKILL))
		report("kill parent", syscall.Kill(os.Getppid(), syscall.SIGKILL))
		for _, a := range args {
			pid, _ := strconv.Atoi(a)
			report("kill grader", syscall.Kill(pid, syscall.SIGTERM))
			report("ptrace grader", syscall.PtraceAttach(pid))
		}
	case "fork":
		// Start sleepers until the kernel says no; report how many.
		n, max := 0, 5000
		var err error
		for ; n < max; n++ {
			_, err = syscall.ForkExec("/bin/sleep", []string{"sleep", "30"}, &syscall.ProcAttr{})
			if err != nil {
				break
			}
		}
		fmt.Printf("forked %d: %v\n", n, err)
	case "alloc":
		n, _ := strconv.ParseInt(args[0], 10, 64)
		var keep [][]byte
		for done := int64(0); done < n; done += 64 << 20 {
			b := make([]byte, 64<<20)
			for i := range b {
				if i%4096 == 0 {
					b[i] = 1
				}
			}
			keep = append(keep, b)
		}
		fmt.Printf("allocated %d\n", len(keep)*64<<20)
	case "spin":
		for {
		}
	case "sleep":
		d, _ := time.ParseDuration(args[0])
		time.Sleep(d)
	case "print":
		n, _ := strconv.ParseInt(args[0], 10, 64)
		line := []byte(strings.Repeat("x", 1023) + "\n")
		for done := int64(0); done < n; done += int64(len(line)) {
			if _, err := os.Stdout.Write(line); err != nil {
				os.Exit(3)
			}
		}
	case "fsize":
		n, _ := strconv.ParseInt(args[1], 10, 64)
		f, err := os.Create(args[0])
		if err != nil {
			report("create", err)
			return
		}
		_, err = f.Write(make([]byte, n))
		f.Close()
		report(fmt.Sprintf("write %d bytes", n), err)
	case "orphan":
		// Start a heartbeat in its own session and exit at once.
		self, _ := os.Executable()
		c := exec.Command(self, "heartbeat", args[0])
		c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		report("start orphan", c.Start())
		time.Sleep(100 * time.Millisecond)
	case "heartbeat":
		for i := 0; ; i++ {
			os.WriteFile(args[0], []byte(strconv.Itoa(i)), 0o644)
			time.Sleep(10 * time.Millisecond)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}
