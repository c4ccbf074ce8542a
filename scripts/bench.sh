#!/usr/bin/env bash
# bench.sh [SLUG]: the grader's speed, side by side in one run, on the same
# code (the reference solution) and spec, with a warm build cache:
#   bare         bare 'go test -count=1 -json' of the same tests (no -race)
#   floor        bare 'go test -race -count=1' plus one benchmark run
#   correctness  'grader grade --suites correctness', compared with bare
#   full         a full 'grader grade' (four suites, sandboxed), compared
#                with the floor
# Each is run 3 times after a warm-up; the median is shown, and the ratios:
# like with like. Timings, not assertions: the machine may be shared.
set -euo pipefail
slug=${1:-ttlcache}
root=$(cd "$(dirname "$0")/.." && pwd)
grader="$root/bin/grader"
[ -x "$grader" ] || (cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$grader" internal module "$slug" "$root/solutions/$slug" "$tmp/mod"
export GOFLAGS=-mod=vendor GOPROXY=off GOWORK=off

bare() { (cd "$tmp/mod" && go test -count=1 -json . >/dev/null); }
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
bare; floor; correctness; full
b=$(median3 bare); f=$(median3 floor); c=$(median3 correctness); g=$(median3 full)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-46s %8s %8s\n' "measurement ($slug, reference, warm cache)" "seconds" "ratio"
printf '%-46s %8.2f %8s\n' "bare: go test -count=1 -json" "$b" "1.00"
printf '%-46s %8.2f %8s\n' "grader grade --suites correctness" "$c" "$(ratio "$c" "$b")x bare"
printf '%-46s %8.2f %8s\n' "floor: go test -race -count=1 + 1 bench run" "$f" "1.00"
printf '%-46s %8.2f %8s\n' "grader grade (all four suites)" "$g" "$(ratio "$g" "$f")x floor"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
