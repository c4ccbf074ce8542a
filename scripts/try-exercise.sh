#!/usr/bin/env bash
# try-exercise.sh SLUG IMPL_DIR [go test args...]
#
# An exercise author's quick loop, beside 'grader verify': it writes the
# module the grader would build ('grader internal module') in a temporary
# directory and runs 'go test' there with the arguments given, e.g.
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run 'TestCorrectness_' -v
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -race -run 'TestRace_'
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run '^$' -bench 'BenchmarkLatency_'
# It runs the code without a sandbox: use it on trusted code only.
set -euo pipefail
slug=$1 impl=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && go build -o bin/grader ./cmd/grader)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$root/bin/grader" internal module "$slug" "$impl" "$tmp/mod"
cd "$tmp/mod"
GOFLAGS=-mod=vendor GOPROXY=off GOWORK=off go test -count=1 "$@" .
