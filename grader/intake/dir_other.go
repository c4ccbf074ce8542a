//go:build !unix

package intake

import (
	"io/fs"
	"os"
)

// readFlags are the flags with which package files are opened.
const readFlags = os.O_RDONLY

// linkCount returns the number of hard links to the file fi describes; 1
// where the platform does not say.
func linkCount(fi fs.FileInfo) uint64 { return 1 }
