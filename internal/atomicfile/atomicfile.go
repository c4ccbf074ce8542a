// Package atomicfile writes files that readers see whole or not at all.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to path with permissions perm through a temporary file
// of a name no other process uses (".NAME.*.tmp", in path's folder),
// renamed into place. A reader, another grader sharing the folder (two
// terminals, a batch and a worker) or a run stopped half-way each leave or
// see either the old file or the whole new one, never half of one. The
// temporary file is removed when anything fails.
func Write(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
