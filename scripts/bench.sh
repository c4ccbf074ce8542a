#!/usr/bin/env bash
# bench.sh [-n RUNS] [-b BEFORE_GRADER] [SLUG]: the grader's speed, side by
# side in one run, on the same code (the reference solution) and spec,
# with a warm build cache:
#   bare         bare 'go test -count=1 -json' of the same tests (no -race)
#   floor        bare 'go test -race -count=1' plus one benchmark run
#   correctness  'grader grade --suites correctness', compared with bare
#   full         a full 'grader grade' (four suites, sandboxed), compared
#                with the floor
# With -b, another grader binary (such as one built from an older commit)
# is measured the same way in the same run: before and after, side by side.
#
# The machine may be shared, so the measurements are paired: each of RUNS
# rounds (5 by default) runs every measurement once, one after the other,
# and a ratio is taken within a round, where the load was about the same
# for both sides. The table shows each measurement's median over the
# rounds, and each ratio's median over the rounds. Timings, not assertions.
set -euo pipefail
runs=5 before=""
while getopts "n:b:" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	b) before=$OPTARG ;;
	*) echo "usage: bench.sh [-n RUNS] [-b BEFORE_GRADER] [SLUG]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
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
correctness_before() { "$before" grade "$slug" "$root/solutions/$slug" --suites correctness >/dev/null 2>&1; }
full_before() { "$before" grade "$slug" "$root/solutions/$slug" >/dev/null 2>&1; }

measures=(bare floor correctness full)
[ -n "$before" ] && measures+=(correctness_before full_before)

secs() { # runs "$1" once and prints its wall time in seconds
	local s e
	s=$(date +%s.%N); "$1"; e=$(date +%s.%N)
	awk -v a="$s" -v b="$e" 'BEGIN { print b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "warming up (builds the standard library for -race once, and the reference)..." >&2
for m in "${measures[@]}"; do "$m"; done
declare -A t
for ((i = 0; i < runs; i++)); do
	for m in "${measures[@]}"; do t[$m,$i]=$(secs "$m"); done
	echo "round $((i + 1))/$runs: $(for m in "${measures[@]}"; do printf '%s %.2fs  ' "$m" "${t[$m,$i]}"; done)" >&2
done
med() { for ((i = 0; i < runs; i++)); do echo "${t[$1,$i]}"; done | median; }
ratio() { # the median over the rounds of $1 / $2
	for ((i = 0; i < runs; i++)); do awk -v a="${t[$1,$i]}" -v b="${t[$2,$i]}" 'BEGIN { print a / b }'; done | median
}
row() { printf '%-48s %8.2f %12s\n' "$1" "$2" "$3"; }
printf '%-48s %8s %12s\n' "measurement ($slug, reference, warm cache)" "seconds" "ratio"
row "bare: go test -count=1 -json" "$(med bare)" "1.00"
row "grader grade --suites correctness" "$(med correctness)" "$(printf '%.2fx bare' "$(ratio correctness bare)")"
[ -n "$before" ] && row "  before: grader grade --suites correctness" "$(med correctness_before)" "$(printf '%.2fx bare' "$(ratio correctness_before bare)")"
row "floor: go test -race -count=1 + 1 bench run" "$(med floor)" "1.00"
row "grader grade (all four suites)" "$(med full)" "$(printf '%.2fx floor' "$(ratio full floor)")"
[ -n "$before" ] && row "  before: grader grade (all four suites)" "$(med full_before)" "$(printf '%.2fx floor' "$(ratio full_before floor)")"
printf 'medians of %d paired rounds; machine: %s cores, load average %s\n' "$runs" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
