package intake

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// loadZip reads a .zip file. Entries are decompressed by intake itself from
// their raw bytes, so that the compressed bytes actually consumed bound each
// entry's ratio; declared sizes are ignored, and CRCs are checked.
func loadZip(ctx context.Context, src string, lim Limits) (*tree, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := newTree(src, lim)
	size, err := archiveSize(t, f)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// ErrInsecurePath comes with a usable reader; the names are
		// checked, with a precise reason, below.
		return nil, t.refuse(fixCorrupt, "not a valid zip archive (%v)", err)
	}
	if len(zr.File) > lim.MaxFiles {
		return nil, t.refuse(fixSmaller, "more than %d entries", lim.MaxFiles)
	}
	t.compressed = size
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		typ := typeOf(zf.Mode())
		if len(zf.Name) > 0 && zf.Name[len(zf.Name)-1] == '/' && typ == typeRegular {
			typ = typeDir
		}
		e, err := t.add(zf.Name, typ)
		if err != nil {
			return nil, err
		}
		if e == nil || e.dir || e.link != "" {
			continue
		}
		if err := readZipEntry(t, e, zf); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// readZipEntry decompresses one zip entry into e.
func readZipEntry(t *tree, e *entry, zf *zip.File) error {
	if zf.Flags&0x1 != 0 {
		return t.refuse("submit an archive without a password", "entry %q is encrypted", e.path)
	}
	raw, err := zf.OpenRaw()
	if err != nil {
		return t.refuse(fixCorrupt, "entry %q cannot be read (%v)", e.path, err)
	}
	in := &countingReader{r: raw}
	var dec io.Reader
	switch zf.Method {
	case zip.Store:
		dec = in
	case zip.Deflate:
		fr := flate.NewReader(in)
		defer fr.Close()
		dec = fr
	default:
		return t.refuse("re-create the archive with the usual deflate compression",
			"entry %q uses compression method %d, which intake does not read", e.path, zf.Method)
	}
	sum := crc32.NewIEEE()
	r := &ratioReader{r: io.TeeReader(dec, sum), in: in, t: t, what: fmt.Sprintf("entry %q", e.path)}
	if err := t.read(e, r); err != nil {
		if isRefused(err) {
			return err
		}
		return t.refuse(fixCorrupt, "entry %q is corrupt (%v)", e.path, err)
	}
	if sum.Sum32() != zf.CRC32 {
		return t.refuse(fixCorrupt, "entry %q is corrupt (checksum mismatch)", e.path)
	}
	return nil
}

// loadTarGz reads a .tar.gz file, bounding the ratio of the whole gzip
// stream (a tar.gz compresses its entries together, so the ratio is
// checked over the stream, as it is read).
func loadTarGz(ctx context.Context, src string, lim Limits) (*tree, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := newTree(src, lim)
	if _, err := archiveSize(t, f); err != nil {
		return nil, err
	}
	in := &countingReader{r: bufio.NewReader(f)}
	gz, err := gzip.NewReader(in)
	if err != nil {
		return nil, t.refuse(fixCorrupt, "not a valid gzip file (%v)", err)
	}
	defer gz.Close()
	r := &ratioReader{r: gz, in: in, t: t, what: "the archive"}
	if err := readTar(ctx, t, r); err != nil {
		return nil, err
	}
	return t, nil
}

// archiveSize returns the size of an archive file, refusing one larger
// than any archive within the limits.
func archiveSize(t *tree, f *os.File) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if max := t.lim.maxArchiveBytes(); fi.Size() > max {
		return 0, t.refuse(fixSmaller, "the archive is larger than %s", byteSize(max))
	}
	return fi.Size(), nil
}

// readTar reads an uncompressed tar stream into t. The stream as a whole
// (headers included) is bounded by maxArchiveBytes.
func readTar(ctx context.Context, t *tree, r io.Reader) error {
	lr := &streamLimit{r: r, n: t.lim.maxArchiveBytes(), t: t}
	tr := tar.NewReader(lr)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			// ErrInsecurePath comes with the header; the name is checked,
			// with a precise reason, below.
			if isRefused(err) {
				return err
			}
			return t.refuse(fixCorrupt, "not a valid tar archive (%v)", err)
		}
		var typ entryType
		switch hdr.Typeflag {
		case tar.TypeXGlobalHeader:
			continue // metadata for the whole archive (git archive writes one)
		case tar.TypeReg:
			typ = typeRegular
		case tar.TypeDir:
			typ = typeDir
		case tar.TypeSymlink:
			typ = typeSymlink
		case tar.TypeLink:
			typ = typeHardlink
		case tar.TypeChar, tar.TypeBlock:
			typ = typeDevice
		case tar.TypeFifo:
			typ = typeFifo
		default:
			typ = typeOther
		}
		e, err := t.add(hdr.Name, typ)
		if err != nil {
			return err
		}
		if e == nil || e.dir || e.link != "" {
			continue
		}
		if err := t.read(e, tr); err != nil {
			if isRefused(err) {
				return err
			}
			return t.refuse(fixCorrupt, "entry %q is corrupt (%v)", e.path, err)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader refuses the submission as soon as more than MaxRatio times
// the compressed bytes consumed so far (plus ratioGrace) come out of it.
type ratioReader struct {
	r    io.Reader
	in   *countingReader // the compressed input
	out  int64
	t    *tree
	what string // "entry \"x\"" or "the archive", for the message
}

func (r *ratioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.out += int64(n)
	if float64(r.out) > r.t.lim.MaxRatio*float64(r.in.n)+ratioGrace {
		return n, r.t.refuse("submit an ordinary archive of the package's source files",
			"%s expands more than %g times (a compression bomb)", r.what, r.t.lim.MaxRatio)
	}
	return n, err
}

// streamLimit refuses the submission when more than n bytes are read from
// it.
type streamLimit struct {
	r io.Reader
	n int64
	t *tree
}

func (l *streamLimit) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, l.t.refuse(fixSmaller, "the archive is larger than %s uncompressed", byteSize(l.t.lim.maxArchiveBytes()))
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
