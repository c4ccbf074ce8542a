// Package exercises embeds the exercise catalog: one folder per exercise,
// in the format docs/exercise-format.md describes.
package exercises

import "embed"

// FS holds every exercise folder.
//
//go:embed *
var FS embed.FS
