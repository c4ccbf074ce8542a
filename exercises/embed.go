//go:build !nocatalog

// Package exercises embeds the exercise catalog: one folder per exercise,
// in the format docs/exercise-format.md describes.
package exercises

import "embed"

// Bundled is true in a grader built with its catalog, and false in one
// built with -tags nocatalog, whose FS is empty.
const Bundled = true

// FS holds every exercise folder.
//
//go:embed *
var FS embed.FS
