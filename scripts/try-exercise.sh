#!/usr/bin/env bash
# try-exercise.sh SLUG IMPL_DIR [go test args...]
#
# An exercise author's quick loop, beside 'grader verify': it assembles the
# module the grader would build (see assemble-module.sh) in a temporary
# directory and runs 'go test' there with the arguments given, e.g.
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run 'TestCorrectness_' -v
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -race -run 'TestRace_'
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run '^$' -bench 'BenchmarkLatency_'
# It runs the code without a sandbox: use it on trusted code only.
set -euo pipefail
slug=$1 impl=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$here/assemble-module.sh" "$slug" "$impl" "$tmp"
cd "$tmp"
GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go test -count=1 "$@" .
