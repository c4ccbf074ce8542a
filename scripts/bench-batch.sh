#!/usr/bin/env bash
# bench-batch.sh [SLUG [N [JOBS]]]: a batch's throughput against grading
# the same submissions one 'grader grade' at a time, with a warm cache:
#   one at a time  N runs of 'grader grade SLUG SUB', one after another
#   batch          'grader batch SLUG DIR --jobs JOBS' on the same N
# The N submissions are the reference solution, each with its own first
# line (so each is its own submission, with its own content hash).
# SUITES=correctness,race narrows both. Timings, not assertions.
set -euo pipefail
slug=${1:-ttlcache}
n=${2:-4}
jobs=${3:-2}
suites=${SUITES:-}
root=$(cd "$(dirname "$0")/.." && pwd)
grader="$root/bin/grader"
[ -x "$grader" ] || (cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/subs"
for i in $(seq 1 "$n"); do
	mkdir "$tmp/subs/candidate-$i"
	for f in "$root/solutions/$slug"/*.go; do
		{ echo "// candidate $i"; cat "$f"; } >"$tmp/subs/candidate-$i/$(basename "$f")"
	done
done
args=()
[ -n "$suites" ] && args=(--suites "$suites")

now() { date +%s.%N; }
echo "warming up (the reference build and the standard library's race build)..." >&2
"$grader" grade "$slug" "$tmp/subs/candidate-1" "${args[@]}" >/dev/null 2>&1

s=$(now)
for d in "$tmp/subs"/*/; do
	"$grader" grade "$slug" "$d" "${args[@]}" >/dev/null 2>&1
done
one=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')

s=$(now)
"$grader" batch "$slug" "$tmp/subs" --out "$tmp/results" --jobs "$jobs" --progress none "${args[@]}" >/dev/null
bat=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')

perMin() { awk -v n="$n" -v t="$1" 'BEGIN { printf "%.2f", n * 60 / t }'; }
printf '%-46s %8s %10s\n' "batch throughput ($slug, $n submissions${suites:+, $suites})" "seconds" "per minute"
printf '%-46s %8.1f %10s\n' "one 'grader grade' at a time" "$one" "$(perMin "$one")"
printf '%-46s %8.1f %10s  %sx\n' "grader batch --jobs $jobs" "$bat" "$(perMin "$bat")" "$(awk -v a="$one" -v b="$bat" 'BEGIN { printf "%.2f", a / b }')"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
