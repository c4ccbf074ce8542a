// Package testcache names the grader cache that the grader's own tests
// share: $GRADER_CACHE when it is set (make test sets it, so that 'grader
// verify' after the tests starts warm), else grader-test-cache in the
// system's temporary folder. Every test package that grades for real
// (internal/cli, e2e, e2e/queue) uses it, across runs too, so that the
// standard library's race build and each exercise's reference are built
// once per machine rather than once per package: on a fresh machine that
// first grading takes half a minute. The cache is safe to share: its
// writes are atomic and uniquely named, and each grading's scratch
// folder and cgroups carry its process id.
package testcache

import (
	"os"
	"path/filepath"
)

// Dir returns the cache folder the tests share.
func Dir() string {
	if d := os.Getenv("GRADER_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "grader-test-cache")
}
