package intake

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// loadDir reads a directory tree. It walks the whole tree (so that links,
// special files and too many entries are refused wherever they are)
// without following any link, and reads only the .go files, which may be
// package files; other files are listed, never read, whatever their size.
// skip, if not "", is a top-level entry left out entirely (".git" of a
// working tree).
func loadDir(ctx context.Context, src string, lim Limits, skip string) (*tree, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	t := newTree(src, lim)
	if err := walkDir(ctx, t, root, ".", nil, skip); err != nil {
		return nil, err
	}
	return t, nil
}

// walkDir adds the entries of the directory dir (slash-separated, "." for
// the top) to t, and recurses into subdirectories. info is dir's Lstat
// result, nil for the top.
func walkDir(ctx context.Context, t *tree, root *os.Root, dir string, info fs.FileInfo, skip string) error {
	d, err := root.Open(filepath.FromSlash(dir))
	if err != nil {
		return err
	}
	defer d.Close()
	if info != nil {
		// The directory was checked with Lstat; make sure that is what
		// was opened (it was not swapped for a link in between).
		if err := sameFile(t, d, info, dir); err != nil {
			return err
		}
	}
	for {
		ents, err := d.ReadDir(256)
		for _, de := range ents {
			if err := ctx.Err(); err != nil {
				return err
			}
			if dir == "." && skip != "" && de.Name() == skip {
				continue
			}
			name := path.Join(dir, de.Name())
			fi, err := de.Info()
			if err != nil {
				return err
			}
			typ := typeOf(fi.Mode())
			if typ == typeRegular && linkCount(fi) > 1 {
				typ = typeHardlink
			}
			e, err := t.add(name, typ)
			if err != nil {
				return err
			}
			if e.dir {
				if err := walkDir(ctx, t, root, name, fi, ""); err != nil {
					return err
				}
				continue
			}
			if e.link != "" || !mayBePackageFile(e.path) {
				continue
			}
			if err := readDirFile(t, root, e, fi); err != nil {
				return err
			}
		}
		if err == io.EOF || len(ents) == 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readDirFile reads the regular file e, which Lstat described as fi.
func readDirFile(t *tree, root *os.Root, e *entry, fi fs.FileInfo) error {
	// readFlags keeps a fifo swapped in after the Lstat from blocking the
	// open; sameFile then refuses it.
	f, err := root.OpenFile(filepath.FromSlash(e.path), readFlags, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := sameFile(t, f, fi, e.path); err != nil {
		return err
	}
	return t.read(e, f)
}

// sameFile refuses the submission if the open file f is not the file that
// Lstat described as fi: the tree changed while it was read.
func sameFile(t *tree, f *os.File, fi fs.FileInfo, name string) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !os.SameFile(st, fi) || st.Mode().Type() != fi.Mode().Type() {
		return t.refuse("submit a folder that nothing else is changing", "entry %q changed while it was read", name)
	}
	return nil
}
