#!/bin/bash
# shared.sh CASE BINARY PATTERN: runs BINARY over several tests, as the grader runs
# a suite in one process, and writes out/shared_CASE.txtar (stdout and stderr apart).
# Run it beside capture.sh, with the binaries capture.txtar describes:
#   ./shared.sh pass plain.test "^(TestPass|TestSkip|TestLeak|TestErrorDiff)$"
#   ./shared.sh allpass plain.test "^(TestPass|TestSynctestPass)$"
#   ./shared.sh panic plain.test "^(TestPass|TestPanic|TestFatal)$"
#   ./shared.sh timeout plain.test "^(TestPass|TestTimeout|TestFatal)$"
#   ./shared.sh forge plain.test "^(TestPass|TestForgeOther|TestFatal|TestForgeSelf)$"
#   ./shared.sh race race.test "^(TestPass|TestRace|TestFatal)$"
#   ./shared.sh mapcrash plain.test "^(TestPass|TestMapCrash|TestFatal)$"
set -u
cd "$(dirname "$0")"
name=$1; bin=$2; pat=$3
args=(-test.run="$pat" -test.count=1 -test.timeout=2s -test.v=test2json -test.paniconexit0)
env -i PATH=/usr/bin:/bin HOME=/tmp TMPDIR=/tmp GOTRACEBACK=all "GORACE=atexit_sleep_ms=0 halt_on_error=0" \
  timeout -s KILL 60 ./$bin "${args[@]}" >out/$name.stdout 2>out/$name.stderr
code=$?
{
  echo "captured from: pkg.test ${args[*]}"
  echo "GOTRACEBACK=all; $(go version | cut -d' ' -f3)"
  echo "-- exit --"
  echo "$code"
  echo "-- stdout --"
  cat out/$name.stdout
  echo "-- stderr --"
  cat out/$name.stderr
} > out/shared_$name.txtar
rm out/$name.stdout out/$name.stderr
echo "$name exit $code"
