package intake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// entryType is what an archive entry or directory entry is.
type entryType int

const (
	typeRegular entryType = iota
	typeDir
	typeSymlink
	typeHardlink
	typeDevice
	typeFifo
	typeSocket
	typeOther
)

// typeOf maps a file mode to an entryType.
func typeOf(m fs.FileMode) entryType {
	switch {
	case m.IsRegular():
		return typeRegular
	case m.IsDir():
		return typeDir
	case m&fs.ModeSymlink != 0:
		return typeSymlink
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return typeDevice
	case m&fs.ModeNamedPipe != 0:
		return typeFifo
	case m&fs.ModeSocket != 0:
		return typeSocket
	}
	return typeOther
}

// refusedTypes says why each non-regular, non-directory type is refused.
var refusedTypes = map[entryType]string{
	typeSymlink:  "is a symbolic link",
	typeHardlink: "is a hard link",
	typeDevice:   "is a device",
	typeFifo:     "is a named pipe (fifo)",
	typeSocket:   "is a socket",
	typeOther:    "is not a regular file or directory",
}

// Fixes, the ends of refusal messages.
const (
	fixRecreate = "re-create the archive from inside the package folder, with plain relative paths"
	fixLinks    = "replace it with a copy of the file, or leave it out"
	fixSmaller  = "submit only the package's source files (leave out vendor/, dependencies and build output)"
	fixRename   = "rename it using only letters, digits, '_', '.' and '-'"
	fixOnce     = "re-create the archive so that each path appears once"
	fixEmpty    = "submit the folder that holds your package's .go files"
	fixCorrupt  = "re-create the archive and submit it again"
)

// ratioGrace is the number of bytes of output that the compression ratio
// check forgives: an entry (or archive) may produce MaxRatio times its
// compressed size plus ratioGrace, so that small, very compressible files
// (a file of blank lines) are not taken for bombs.
const ratioGrace = 64 << 10

// maxNameBytes bounds one path component.
const maxNameBytes = 255

// entry is one file or directory of the submission.
type entry struct {
	path string // clean, slash-separated, relative to the top
	dir  bool
	data []byte // the contents, for files that may be package files; else nil
}

// tree collects the entries of a submission, enforcing the limits on names,
// counts, depth and sizes as they are added.
type tree struct {
	src     string // the path given to Load, for refusals
	lim     Limits
	entries []*entry
	seen    map[string]*entry // by lower-case path, explicit entries
	parents map[string]bool   // lower-case paths of directories implied by entries
	total   int64             // bytes of file data read or accounted

	// compressed, if positive, is the size of the compressed archive:
	// total must stay within MaxRatio times it (plus ratioGrace).
	compressed int64
}

func newTree(src string, lim Limits) *tree {
	return &tree{src: src, lim: lim, seen: map[string]*entry{}, parents: map[string]bool{}}
}

// refuse returns a refusal of the submission.
func (t *tree) refuse(fix, format string, args ...any) error {
	return &RefusedError{Path: t.src, Reason: fmt.Sprintf(format, args...), Fix: fix}
}

// cleanName validates an entry name as found in an archive or directory and
// returns it cleaned: a leading "./" and a trailing "/" removed. It returns
// "" for the top directory itself ("." or "./").
func (t *tree) cleanName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", t.refuse(fixRename, "entry name %q is not valid UTF-8", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "", t.refuse(fixRename, "entry name %q contains a control character", name)
		}
	}
	if strings.Contains(name, `\`) {
		return "", t.refuse(fixRecreate, "entry name %q contains a backslash", name)
	}
	if strings.HasPrefix(name, "/") {
		return "", t.refuse(fixRecreate, "entry %q has an absolute path", name)
	}
	if len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		return "", t.refuse(fixRecreate, "entry %q starts with a drive letter", name)
	}
	p := name
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	p = strings.TrimSuffix(p, "/")
	if p == "" || p == "." {
		return "", nil
	}
	for c := range strings.SplitSeq(p, "/") {
		switch {
		case c == "..":
			return "", t.refuse(fixRecreate, "entry %q escapes the submission", name)
		case c == "" || c == ".":
			return "", t.refuse(fixRecreate, "entry name %q is not a clean path", name)
		case len(c) > maxNameBytes:
			return "", t.refuse(fixRename, "entry name %q has a part longer than %d bytes", name, maxNameBytes)
		case strings.HasPrefix(c, "-"):
			return "", t.refuse(fixRename, "entry name %q has a part starting with '-', which tools take for a flag", name)
		}
		for _, r := range c {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
				return "", t.refuse(fixRename, "entry name %q has a character other than letters, digits, '_', '.', '-' and '/'", name)
			}
		}
	}
	return p, nil
}

// add validates an entry (its name, its type, the entry count, its depth
// and uniqueness) and records it. It returns the entry, or nil for the top
// directory itself.
func (t *tree) add(name string, typ entryType) (*entry, error) {
	p, err := t.cleanName(name)
	if err != nil || p == "" {
		return nil, err
	}
	if why, ok := refusedTypes[typ]; ok {
		return nil, t.refuse(fixLinks, "entry %q %s", p, why)
	}
	if len(t.entries) >= t.lim.MaxFiles {
		return nil, t.refuse(fixSmaller, "more than %d entries", t.lim.MaxFiles)
	}
	if d := strings.Count(p, "/") + 1; d > t.lim.MaxDepth {
		return nil, t.refuse(fixSmaller, "entry %q is %d levels deep, more than %d", p, d, t.lim.MaxDepth)
	}
	key := strings.ToLower(p)
	if old, ok := t.seen[key]; ok {
		if old.path == p {
			return nil, t.refuse(fixOnce, "entry %q appears twice", p)
		}
		return nil, t.refuse(fixOnce, "entries %q and %q differ only in case", old.path, p)
	}
	if typ != typeDir && t.parents[key] {
		return nil, t.refuse(fixOnce, "entry %q is both a file and a directory", p)
	}
	for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
		if e, ok := t.seen[dir]; ok && !e.dir {
			return nil, t.refuse(fixOnce, "entry %q is both a file and a directory", e.path)
		}
		t.parents[dir] = true
	}
	e := &entry{path: p, dir: typ == typeDir}
	t.seen[key] = e
	t.entries = append(t.entries, e)
	return e, nil
}

// mayBePackageFile reports whether an entry's contents must be kept: a .go
// file at the top or one level down.
func mayBePackageFile(p string) bool {
	return strings.HasSuffix(p, ".go") && strings.Count(p, "/") <= 1
}

// read reads a file entry's contents from r, refusing it when it passes
// the per-file or total byte limit, and keeps them if the file may be a
// package file. Errors from r are returned as they are.
func (t *tree) read(e *entry, r io.Reader) error {
	max := min(t.lim.MaxFileBytes, t.lim.MaxTotalBytes-t.total)
	var buf bytes.Buffer
	var w io.Writer = io.Discard
	if mayBePackageFile(e.path) {
		w = &buf
	}
	n, err := io.Copy(w, io.LimitReader(r, max+1))
	if err != nil {
		return err
	}
	if err := t.account(e, n); err != nil {
		return err
	}
	if w == &buf {
		e.data = buf.Bytes()
	}
	return nil
}

// account adds n bytes of e's data to the total, refusing the submission
// when the file or the total is over its limit, or the archive's overall
// compression ratio is over MaxRatio.
func (t *tree) account(e *entry, n int64) error {
	if n > t.lim.MaxFileBytes {
		return t.refuse(fixSmaller, "entry %q is larger than %s", e.path, byteSize(t.lim.MaxFileBytes))
	}
	t.total += n
	if t.total > t.lim.MaxTotalBytes {
		return t.refuse(fixSmaller, "the files add up to more than %s", byteSize(t.lim.MaxTotalBytes))
	}
	if t.compressed > 0 && float64(t.total) > t.lim.MaxRatio*float64(t.compressed)+ratioGrace {
		return t.refuse("submit an ordinary archive of the package's source files",
			"the archive expands more than %g times (a compression bomb)", t.lim.MaxRatio)
	}
	return nil
}

// byteSize formats n bytes for a message.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Reasons for ignoring things.
const (
	whyTest      = "the candidate's own tests are not run; the hidden spec is"
	whyNotBuilt  = "only the package's .go files are built"
	whySubdir    = "only the .go files at the top of the package are built, not subdirectories"
	whyVendor    = "vendored code is not built; the exercise allows only the standard library"
	whyGoIgnores = "the go tool ignores .go files whose names start with '_' or '.'"
	whyMacOS     = "macOS archive metadata"
)

// whyModFile gives the reasons for the module and workspace files.
var whyModFile = map[string]string{
	"go.mod":      "the grader owns the module file",
	"go.sum":      "the grader owns the module's checksums",
	"go.work":     "the grader builds outside any workspace",
	"go.work.sum": "the grader builds outside any workspace",
}

// isHidden reports whether a name is hidden by convention.
func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// packageDir returns the directory that holds the package: "" for the top,
// or the only subdirectory of the top if the top has no .go files.
func (t *tree) packageDir() string {
	var dirs []string
	for _, e := range t.entries {
		top, _, nested := strings.Cut(e.path, "/")
		if !nested && !e.dir && strings.HasSuffix(top, ".go") {
			return ""
		}
		if (nested || e.dir) && !isHidden(top) && top != "__MACOSX" && !slices.Contains(dirs, top) {
			dirs = append(dirs, top)
		}
	}
	if len(dirs) == 1 {
		return dirs[0]
	}
	return ""
}

// submission classifies the entries into the package's files and the
// things ignored.
func (t *tree) submission(kind string) (*Submission, error) {
	pkg := t.packageDir()
	s := &Submission{Kind: kind}
	ignored := map[string]string{}
	for _, e := range t.entries {
		rel, inPkg := e.path, true
		if pkg != "" {
			r, ok := strings.CutPrefix(e.path, pkg+"/")
			rel, inPkg = r, ok
			if e.path == pkg {
				continue // the package folder itself
			}
		}
		if !inPkg {
			top, _, nested := strings.Cut(e.path, "/")
			switch {
			case top == ".git":
			case top == "__MACOSX":
				ignored["__MACOSX/"] = whyMacOS
			case nested || e.dir:
				ignored[top+"/"] = whyNotBuilt
			default:
				ignored[top] = whyNotBuilt
			}
			continue
		}
		prefix := ""
		if pkg != "" {
			prefix = pkg + "/"
		}
		top, _, nested := strings.Cut(rel, "/")
		switch {
		case top == ".git":
			// The repository itself: not part of the submission.
		case pkg == "" && top == "__MACOSX":
			ignored["__MACOSX/"] = whyMacOS
		case top == "vendor" && (nested || e.dir):
			ignored[prefix+"vendor/"] = whyVendor
		case nested || e.dir:
			why := whySubdir
			if isHidden(top) {
				why = whyNotBuilt
			}
			ignored[prefix+top+"/"] = why
		case whyModFile[top] != "":
			ignored[prefix+top] = whyModFile[top]
		case !strings.HasSuffix(top, ".go"):
			ignored[prefix+top] = whyNotBuilt
		case strings.HasSuffix(top, "_test.go"):
			ignored[prefix+top] = whyTest
		case strings.HasPrefix(top, "_") || isHidden(top):
			ignored[prefix+top] = whyGoIgnores
		default:
			if e.data == nil {
				e.data = []byte{}
			}
			s.Files = append(s.Files, File{Name: top, Data: e.data})
		}
	}
	if len(s.Files) == 0 {
		return nil, &RefusedError{Path: t.src, Reason: "no Go files found at the top of " + t.src, Fix: fixEmpty}
	}
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Name < s.Files[j].Name })
	for p, why := range ignored {
		s.Ignored = append(s.Ignored, Ignored{Path: p, Reason: why})
	}
	sort.Slice(s.Ignored, func(i, j int) bool { return s.Ignored[i].Path < s.Ignored[j].Path })
	return s, nil
}

// isRefused reports whether err is a refusal.
func isRefused(err error) bool {
	var re *RefusedError
	return errors.As(err, &re)
}
