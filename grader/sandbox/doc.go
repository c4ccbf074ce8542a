// Package sandbox runs untrusted programs (a candidate's build and test
// binaries) with resource limits and, where the machine allows, isolation.
//
// A [Sandbox] is created once with [New], which detects the best isolation
// [Level] the machine offers; [Sandbox.Run] then runs one [Cmd] and reports
// what happened in a [Result]. Run returns an error only when the grader
// itself failed (a bad [Cmd], a cgroup it could not create); anything the
// child did, however hostile, is a [Result].
//
// # Isolation levels
//
// [LevelFull] ("bwrap+cgroup") runs the program under bubblewrap with every
// namespace unshared: no network at all (not even the host's loopback, no
// name resolution), its own pid namespace (it cannot see, signal or ptrace
// the grader or any other process), its own mount namespace with a read-only
// view of /usr, /bin, /sbin, /lib*, and of /etc only the dynamic loader's
// cache and Debian's alternatives symlinks (no passwd, shadow, hosts, TLS
// keys), a fresh /proc and a minimal /dev, a size-capped private /tmp, and
// only the [Mount]s the grader passes: /root, /home, /work and the source
// tree are not there. The root of the view is read-only. The environment is
// exactly [Cmd.Env]. Inside, the program is uid 65534 with no capabilities
// and cannot create further user namespaces. When the grader runs as root,
// bubblewrap itself is started as a fresh unprivileged uid that no other
// process uses (see [Options.UIDBase]), so even a sandbox escape lands as
// an unprivileged user, and that uid's processes can be found and killed.
// A per-run cgroup limits memory (including tmpfs pages; the kernel OOM
// killer acts inside the cgroup) and the number of tasks (threads count:
// a fork bomb stops at [Limits.Pids]), accounts CPU across all processes,
// and is killed and removed after the run, so nothing survives Run. Per
// process rlimits cap CPU time, open files and file size.
//
// [LevelBwrap] ("bwrap") is the same without cgroups: memory is watched by
// sampling the resident size of the run's processes every 50ms, which a fast
// allocator can overshoot between samples; forks are limited by
// RLIMIT_NPROC only when the grader is root (a fresh uid per run makes that
// count exact); CPU is limited per process. Processes still die with the
// pid namespace.
//
// [LevelNone] ("none") is NOT isolation: the program sees the host's files
// and network, with only rlimits, the sampled memory watch, a cleared
// environment and a process group that is killed after the run. When the
// grader runs as root, the program still runs as a fresh unprivileged uid,
// which keeps /root and other private files out of reach and lets Run kill
// every process of that uid; otherwise a program that calls setsid can
// outlive Run. Mount destinations must equal their sources at this level.
//
// # Files and users
//
// When the grader runs as root, every run has its own uid (and gid) from
// [Options.UIDBase], and [Sandbox.RunGroup] as a supplementary group.
// Read-only [Mount] sources must then be readable by it: every parent
// directory searchable by others or by that group (see
// [Sandbox.PrivateDir]), the source itself readable by others; Run
// returns an error naming the path otherwise. Writable mount sources are chowned
// to the run's uid, recursively, before the run, so files the program
// creates there belong to that uid afterwards.
//
// # Signals and exit codes
//
// Under bubblewrap the program is not the grader's direct child, and
// bubblewrap reports a death by signal n as exit code 128+n; Run reports
// such exit codes as [Result.Signaled]. A program that calls os.Exit(137)
// is therefore reported as killed by SIGKILL.
package sandbox
