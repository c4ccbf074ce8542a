//go:build unix

package intake

import (
	"io/fs"
	"os"
	"syscall"
)

// readFlags are the flags with which package files are opened: non-blocking,
// so that opening a fifo does not wait for a writer.
const readFlags = os.O_RDONLY | syscall.O_NONBLOCK

// linkCount returns the number of hard links to the file fi describes.
func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
