#!/usr/bin/env bash
# try-exercise.sh SLUG IMPL_DIR [go test args...]
#
# An exercise author's quick loop, before (or beside) 'grader verify': it
# assembles the sandbox module the grader would build (IMPL_DIR's non-test
# .go files, the hidden spec, the gradertest support package) in a temporary
# directory and runs 'go test' there with the arguments given, e.g.
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run 'TestCorrectness_' -v
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -race -run 'TestRace_'
#   scripts/try-exercise.sh ratelimiter solutions/ratelimiter -run '^$' -bench 'BenchmarkLatency_'
# It runs the code without a sandbox: use it on trusted code only.
set -euo pipefail
slug=$1 impl=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
ex="$root/exercises/$slug"
[ -d "$ex/testdata/spec" ] || { echo "no spec at $ex/testdata/spec" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmpv=$(cd "$root" && go list -m -f '{{.Version}}' github.com/google/go-cmp)
leakv=$(cd "$root" && go list -m -f '{{.Version}}' go.uber.org/goleak)
cat > "$tmp/go.mod" <<MOD
module $slug

go 1.26

require (
	github.com/google/go-cmp $cmpv
	go.uber.org/goleak $leakv
)
MOD
for f in "$impl"/*.go; do case "$f" in *_test.go) ;; *) cp "$f" "$tmp/";; esac; done
cp "$ex"/testdata/spec/*.go "$tmp/"
mkdir -p "$tmp/internal/gradertest"
cp "$root/grader/gradertest/gradertest.go" "$tmp/internal/gradertest/"
cd "$tmp"
GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go test -count=1 "$@" .
