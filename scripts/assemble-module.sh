#!/usr/bin/env bash
# assemble-module.sh SLUG IMPL_DIR OUT_DIR
#
# Writes into OUT_DIR the module the grader builds for a grading, outside
# the sandbox: IMPL_DIR's non-test .go files, the exercise's hidden spec,
# the gradertest support package and a go.mod that requires go-cmp and
# goleak at the project's versions. For authors and benchmarks only: it
# runs nothing, and what is built from it runs without a sandbox.
set -euo pipefail
slug=$1 impl=$2 out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
ex="$root/exercises/$slug"
[ -d "$ex/testdata/spec" ] || { echo "no spec at $ex/testdata/spec" >&2; exit 2; }
cmpv=$(cd "$root" && go list -m -f '{{.Version}}' github.com/google/go-cmp)
leakv=$(cd "$root" && go list -m -f '{{.Version}}' go.uber.org/goleak)
mkdir -p "$out/internal/gradertest"
cat > "$out/go.mod" <<MOD
module $slug

go 1.26

require (
	github.com/google/go-cmp $cmpv
	go.uber.org/goleak $leakv
)
MOD
for f in "$impl"/*.go; do case "$f" in *_test.go) ;; *) cp "$f" "$out/";; esac; done
cp "$ex"/testdata/spec/*.go "$out/"
cp "$root/grader/gradertest/gradertest.go" "$out/internal/gradertest/"
(cd "$out" && GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go mod tidy >/dev/null 2>&1 || true)
