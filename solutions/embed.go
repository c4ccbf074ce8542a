//go:build !nocatalog

// Package solutions embeds the reference solutions, one folder per
// exercise, so the grader can verify its catalog and measure latency
// budgets against them from any directory.
package solutions

import "embed"

// Bundled is true in a grader built with its catalog, and false in one
// built with -tags nocatalog, whose FS is empty.
const Bundled = true

// FS holds every reference solution.
//
//go:embed *
var FS embed.FS
