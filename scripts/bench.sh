#!/usr/bin/env bash
# bench.sh [SLUG]: the grader's speed, side by side in one run, on the same
# code (the reference solution) and spec, with a warm build cache:
#   floor        bare 'go test -race -count=1' plus one benchmark run
#   correctness  'grader grade --suites correctness'
#   full         a full 'grader grade' (four suites, sandboxed)
# Each is run 3 times after a warm-up; the median is shown, and the ratios
# to the floor. Timings, not assertions: the machine may be shared.
set -euo pipefail
slug=${1:-ttlcache}
root=$(cd "$(dirname "$0")/.." && pwd)
grader="$root/bin/grader"
[ -x "$grader" ] || (cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$grader" internal module "$slug" "$root/solutions/$slug" "$tmp/mod"
export GOFLAGS=-mod=vendor GOPROXY=off GOWORK=off

floor() { (cd "$tmp/mod" && go test -race -count=1 . >/dev/null && go test -count=1 -run '^$' -bench . -benchtime 1x . >/dev/null); }
correctness() { "$grader" grade "$slug" "$root/solutions/$slug" --suites correctness >/dev/null 2>&1; }
full() { "$grader" grade "$slug" "$root/solutions/$slug" >/dev/null 2>&1; }

median3() { # runs "$1" three times, prints the median wall time in seconds
	local ts=()
	for _ in 1 2 3; do
		local s e
		s=$(date +%s.%N); "$1"; e=$(date +%s.%N)
		ts+=("$(awk -v a="$s" -v b="$e" 'BEGIN { print b - a }')")
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p
}

echo "warming up (builds the standard library for -race once, and the reference)..." >&2
floor; correctness; full
f=$(median3 floor); c=$(median3 correctness); g=$(median3 full)
printf '%-44s %8s %8s\n' "measurement ($slug, reference, warm cache)" "seconds" "x floor"
printf '%-44s %8.2f %8.2f\n' "floor: go test -race -count=1 + 1 bench run" "$f" 1
printf '%-44s %8.2f %8.2f\n' "grader grade --suites correctness" "$c" "$(awk -v a="$c" -v b="$f" 'BEGIN { print a / b }')"
printf '%-44s %8.2f %8.2f\n' "grader grade (all four suites)" "$g" "$(awk -v a="$g" -v b="$f" 'BEGIN { print a / b }')"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
