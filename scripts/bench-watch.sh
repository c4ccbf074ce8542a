#!/usr/bin/env bash
# bench-watch.sh [SLUG]: live coding's speed: the time from a save to the
# correctness suite's result under 'grader watch', on a warm cache, for the
# reference solution of SLUG (a comment appended at each save, so that
# every save changes the package and is graded):
#   correctness line   a full watch (four suites): the save to the
#                      correctness suite's line
#   scorecard          the same save to the whole grading's end
#   --suites correctness  a watch of the correctness suite alone: the
#                      save to its scorecard
# Three saves each after a warm-up grading; the median is shown. Timings,
# not assertions: the machine may be shared.
set -euo pipefail
slug=${1:-ttlcache}
root=$(cd "$(dirname "$0")/.." && pwd)
grader="$root/bin/grader"
[ -x "$grader" ] || (cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d)
watcher=
cleanup() {
	[ -n "$watcher" ] && kill -TERM "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
# until PATTERN: reads the watch's lines until one matches PATTERN.
until_line() {
	local line
	while IFS= read -r -t 900 line <&"${W[0]}"; do
		[[ $line =~ $1 ]] && return 0
	done
	echo "bench-watch: the watch never printed a line matching $1" >&2
	exit 1
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# session NAME [FLAGS...]: a watch of a fresh workspace; prints the
# medians of save-to-correctness and save-to-scorecard.
session() {
	local ws="$tmp/$1"; shift
	"$grader" init "$slug" "$ws" >/dev/null
	rm -f "$ws"/*_test.go
	cp "$root/solutions/$slug"/*.go "$ws/"
	local file
	file=$(ls "$ws"/*.go | head -1)
	coproc W { exec "$grader" watch "$@" "$slug" "$ws" 2>&1; }
	watcher=$W_PID
	until_line "#1 graded"
	local corr=() card=()
	for run in 2 3 4; do
		echo "// save $run" >>"$file"
		local s c e
		s=$(now)
		until_line "#$run correctness "
		c=$(now)
		until_line "#$run graded"
		e=$(now)
		corr+=("$(secs "$s" "$c")"); card+=("$(secs "$s" "$e")")
	done
	kill -TERM "$watcher"; wait "$watcher" 2>/dev/null || true; watcher=
	echo "$(median3 "${corr[@]}") $(median3 "${card[@]}")"
}

echo "warming up (the reference's build fills the cache)..." >&2
"$grader" grade "$slug" "$root/solutions/$slug" --suites correctness,race >/dev/null 2>&1
read -r full_corr full_card < <(session full)
read -r _ corr_card < <(session corr --suites correctness)
printf '%-52s %8s\n' "grader watch ($slug, reference, warm cache)" "seconds"
printf '%-52s %8s\n' "save -> correctness result (all four suites)" "$full_corr"
printf '%-52s %8s\n' "save -> scorecard (all four suites)" "$full_card"
printf '%-52s %8s\n' "save -> scorecard (--suites correctness)" "$corr_card"
