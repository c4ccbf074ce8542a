#!/usr/bin/env bash
# bench-queue.sh [SLUG [N [JOBS]]]: what the queue costs per grading, on
# one machine, with a warm cache:
#   local   'grader batch SLUG DIR --jobs JOBS'
#   queued  the same batch with --queue, graded by one 'grader worker
#           --jobs JOBS' through 'grader queue serve' on loopback (a fresh
#           store, so no result is reused)
# The N submissions are the reference solution, each with its own first
# line (its own content hash, so the queue cannot share one grading).
# Prints both wall times, their ratio, the queue's overhead per grading
# ((queued - local) / N) and the CPU time per grading of the local batch
# (user + sys of the grader and everything it ran, / N): the figures
# docs/deploy.md's arithmetic starts from. SUITES=correctness (the
# default here; SUITES= for all four) narrows both. Timings, not assertions.
set -euo pipefail
slug=${1:-ttlcache}
n=${2:-4}
jobs=${3:-2}
suites=${SUITES-correctness}
root=$(cd "$(dirname "$0")/.." && pwd)
grader="$root/bin/grader"
[ -x "$grader" ] || (cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$tmp/subs"
for i in $(seq 1 "$n"); do
	mkdir "$tmp/subs/candidate-$i"
	for f in "$root/solutions/$slug"/*.go; do
		{ echo "// candidate $i"; cat "$f"; } >"$tmp/subs/candidate-$i/$(basename "$f")"
	done
done
args=(--progress none)
[ -n "$suites" ] && args+=(--suites "$suites")

now() { date +%s.%N; }
cpu() { awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat; } # utime stime cutime cstime, in ticks
echo "warming up (the reference build and the standard library's race build)..." >&2
"$grader" grade "$slug" "$tmp/subs/candidate-1" ${suites:+--suites "$suites"} >/dev/null 2>&1

# The local batch runs in a cgroup of its own when this machine lets us
# make one (as root): the sandbox's runs get cgroups below the grader's,
# so the cgroup's CPU usage is everything the batch ran. Otherwise the
# rusage of the waited-for children, which misses sandboxed processes
# whose parent did not wait for them.
cg=""
for base in /sys/fs/cgroup/cpuacct /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup; do
	if [ -e "$base/cpuacct.usage" ] || [ -e "$base/cgroup.controllers" ]; then
		if mkdir "$base/grader-bench-$$" 2>/dev/null; then cg="$base/grader-bench-$$"; fi
		break
	fi
done
usage() { # seconds of CPU used in $cg
	if [ -e "$cg/cpuacct.usage" ]; then awk '{ print $1 / 1e9 }' "$cg/cpuacct.usage"
	else awk '$1 == "usage_usec" { print $2 / 1e6 }' "$cg/cpu.stat"; fi
}
c0=$(cpu); s=$(now)
if [ -n "$cg" ]; then
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
		"$grader" batch "$slug" "$tmp/subs" --out "$tmp/local" --jobs "$jobs" "${args[@]}" >/dev/null || true
else
	"$grader" batch "$slug" "$tmp/subs" --out "$tmp/local" --jobs "$jobs" "${args[@]}" >/dev/null || true
fi
loc=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')
if [ -n "$cg" ]; then
	cpuPer=$(awk -v u="$(usage)" -v n="$n" 'BEGIN { printf "%.1f", u / n }')
	rmdir "$cg" 2>/dev/null || true
else
	ticks=$(getconf CLK_TCK)
	cpuPer=$(awk -v a="$c0" -v b="$(cpu)" -v t="$ticks" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / t / n }')
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$grader" queue serve --listen "127.0.0.1:$port" --store "$tmp/store" 2>"$tmp/serve.log" & pids+=($!)
for _ in $(seq 1 100); do grep -q 'queue serving' "$tmp/serve.log" && break; sleep 0.1; done
"$grader" worker --queue "nats://127.0.0.1:$port" --jobs "$jobs" 2>"$tmp/worker.log" & pids+=($!)
s=$(now)
"$grader" batch "$slug" "$tmp/subs" --out "$tmp/queued" --queue "nats://127.0.0.1:$port" "${args[@]}" >/dev/null || true
que=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')

printf '%-44s %8s %12s\n' "queue overhead ($slug, $n submissions${suites:+, $suites})" "seconds" "per grading"
printf '%-44s %8.1f %12.1f\n' "grader batch --jobs $jobs" "$loc" "$(awk -v t="$loc" -v n="$n" 'BEGIN { print t / n }')"
printf '%-44s %8.1f %12.1f  %sx\n' "grader batch --queue, one worker --jobs $jobs" "$que" "$(awk -v t="$que" -v n="$n" 'BEGIN { print t / n }')" \
	"$(awk -v a="$loc" -v b="$que" 'BEGIN { printf "%.2f", b / a }')"
printf 'queue overhead per grading: %.2f s; CPU time per grading (local): %s s\n' "$(awk -v a="$loc" -v b="$que" -v n="$n" 'BEGIN { print (b - a) / n }')" "$cpuPer"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
