//go:build nocatalog

package solutions

import "embed"

// Bundled is false: this grader was built with -tags nocatalog, to be
// handed to candidates or to run a private catalog (--catalog), and
// carries no exercise, hidden spec or reference solution.
const Bundled = false

// FS is empty in a grader built with -tags nocatalog.
var FS embed.FS
