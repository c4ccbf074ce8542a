// Package solutions embeds the reference solutions, one folder per
// exercise, so the grader can verify its catalog and measure latency
// budgets against them from any directory.
package solutions

import "embed"

// FS holds every reference solution.
//
//go:embed *
var FS embed.FS
