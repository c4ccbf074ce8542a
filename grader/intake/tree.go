package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
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
	// tooBig is set for a .go file over the per-file limit, whose
	// contents were not kept.
	tooBig bool
	link   string // for a symbolic or hard link, which is never read: "is a symbolic link", ...
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

	// commit and dirty describe a git submission (see Submission).
	commit string
	dirty  bool

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
// "" for the top directory itself ("." or "./"). Only what makes a path
// unsafe to hold is refused here (escaping the submission, absolute paths,
// backslashes, drive letters, unclean paths, overlong parts); names that
// are merely odd are judged by [nameProblem], and only for the package's
// own source files.
func (t *tree) cleanName(name string) (string, error) {
	if strings.Contains(name, `\`) {
		return "", t.refuse(fixRecreate, "entry name %s contains a backslash", quote(name))
	}
	if strings.HasPrefix(name, "/") {
		return "", t.refuse(fixRecreate, "entry %s has an absolute path", quote(name))
	}
	if len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		return "", t.refuse(fixRecreate, "entry %s starts with a drive letter", quote(name))
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
			return "", t.refuse(fixRecreate, "entry %s escapes the submission", quote(name))
		case c == "" || c == ".":
			return "", t.refuse(fixRecreate, "entry name %s is not a clean path", quote(name))
		case len(c) > maxNameBytes:
			return "", t.refuse(fixRename, "entry name %s has a part longer than %d bytes", quote(name), maxNameBytes)
		}
	}
	return p, nil
}

// nameProblem says what is wrong with the base name of one of the
// package's source files (they are copied into the sandbox module and
// named in compiler output), or "" if nothing is.
func nameProblem(name string) string {
	if !utf8.ValidString(name) {
		return fmt.Sprintf("file name %s is not valid UTF-8", quote(name))
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Sprintf("file name %s contains a control character", quote(name))
		}
	}
	if strings.HasPrefix(name, "-") {
		return fmt.Sprintf("file name %s starts with '-', which tools take for a flag", quote(name))
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return fmt.Sprintf("file name %s has a character other than letters, digits, '_', '.' and '-'", quote(name))
		}
	}
	return ""
}

// quote quotes a name for a message, escaping what is not printable.
func quote(name string) string { return strconv.QuoteToGraphic(name) }

// display returns a path as the list of ignored files shows it: as it is
// when it is valid UTF-8 and printable, else quoted with escapes.
func display(p string) string {
	if !utf8.ValidString(p) {
		return quote(p)
	}
	for _, r := range p {
		if !unicode.IsGraphic(r) {
			return quote(p)
		}
	}
	return p
}

// add validates an entry (its name, its type, the entry count, its depth
// and uniqueness) and records it. It returns the entry, or nil for the top
// directory itself.
func (t *tree) add(name string, typ entryType) (*entry, error) {
	p, err := t.cleanName(name)
	if err != nil || p == "" {
		return nil, err
	}
	link := ""
	if why, ok := refusedTypes[typ]; ok {
		if typ != typeSymlink && typ != typeHardlink {
			return nil, t.refuse(fixLinks, "entry %s %s", quote(p), why)
		}
		// A link is never followed or read: refused if it is one of the
		// package's sources, else ignored and listed.
		link = why
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
			return nil, t.refuse(fixOnce, "entry %s appears twice", quote(p))
		}
		if typ == typeDir || old.dir || strings.HasSuffix(key, ".go") {
			return nil, t.refuse(fixOnce, "entries %s and %s differ only in case", quote(old.path), quote(p))
		}
		// Two files that are not Go files and whose names differ only
		// in case (README and readme): harmless, both are listed.
		key = "\x00" + p
		if _, ok := t.seen[key]; ok {
			return nil, t.refuse(fixOnce, "entry %s appears twice", quote(p))
		}
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
	e := &entry{path: p, dir: typ == typeDir, link: link}
	t.seen[key] = e
	t.entries = append(t.entries, e)
	return e, nil
}

// mayBePackageFile reports whether an entry's contents must be kept: a .go
// file, which may turn out to be one of the package's sources.
func mayBePackageFile(p string) bool {
	return strings.HasSuffix(p, ".go")
}

// read reads a file entry's contents from r, refusing the submission when
// the total byte limit is passed, and keeps them if the file may be a
// package file and is within the per-file limit (a package file over it is
// refused once the package is known; any other file may be larger). Errors
// from r are returned as they are.
func (t *tree) read(e *entry, r io.Reader) error {
	var buf bytes.Buffer
	var w io.Writer = io.Discard
	if mayBePackageFile(e.path) {
		w = &limitedBuffer{buf: &buf, max: t.lim.MaxFileBytes}
	}
	n, err := io.Copy(w, io.LimitReader(r, t.lim.MaxTotalBytes-t.total+1))
	if err != nil {
		return err
	}
	if err := t.account(e, n); err != nil {
		return err
	}
	if w != io.Discard {
		if n > t.lim.MaxFileBytes {
			e.tooBig = true
		} else {
			e.data = buf.Bytes()
		}
	}
	return nil
}

// limitedBuffer keeps the first max bytes written to it and counts the rest.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int64
}

func (w *limitedBuffer) Write(p []byte) (int, error) {
	if room := w.max - int64(w.buf.Len()); room > 0 {
		w.buf.Write(p[:min(int64(len(p)), room)])
	}
	return len(p), nil
}

// account adds n bytes of e's data to the total, refusing the submission
// when the total is over its limit, or the archive's overall compression
// ratio is over MaxRatio.
func (t *tree) account(e *entry, n int64) error {
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
	whyNotTest   = "the exercise grades your tests: they run against the grader's own implementation and its mutants"
	whyNotBuilt  = "only the package's .go files are built"
	whySubdir    = "only the .go files at the top of the package are built, not subdirectories"
	whyVendor    = "vendored code is not built; the exercise allows only the standard library"
	whyGoIgnores = "the go tool ignores .go files whose names start with '_' or '.'"
	whyMacOS     = "macOS archive metadata"
	whyLink      = "links are not followed"
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

// packageDir returns the directory that holds the package: "" for the
// top, or, while a folder holds no .go files and exactly one subdirectory
// (not counting hidden ones and __MACOSX), that subdirectory.
func (t *tree) packageDir() string {
	dir := ""
	for {
		hasGo := false
		var subs []string
		for _, e := range t.entries {
			rel, ok := under(dir, e.path)
			if !ok || rel == "" {
				continue
			}
			top, _, nested := strings.Cut(rel, "/")
			if !nested && !e.dir && strings.HasSuffix(top, ".go") {
				hasGo = true
			}
			if (nested || e.dir) && !isHidden(top) && top != "__MACOSX" && !slices.Contains(subs, top) {
				subs = append(subs, top)
			}
		}
		if hasGo || len(subs) != 1 {
			return dir
		}
		dir = path.Join(dir, subs[0])
	}
}

// under returns p relative to dir ("" for the top) and whether p is dir
// or inside it.
func under(dir, p string) (string, bool) {
	if dir == "" {
		return p, true
	}
	if p == dir {
		return "", true
	}
	return strings.CutPrefix(p, dir+"/")
}

// goFolders returns the folders that hold non-test .go files, for the
// message when the package is not where intake looks.
func (t *tree) goFolders() []string {
	var dirs []string
	for _, e := range t.entries {
		d, base := path.Split(e.path)
		if !e.dir && d != "" && strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// submission classifies the entries into the package's files and the
// things ignored. Only the package's own sources are held to the file
// name rule and the per-file size limit; anything else is ignored and
// listed, whatever its name.
func (t *tree) submission(kind string) (*Submission, error) {
	pkg := t.packageDir()
	s := &Submission{Kind: kind}
	ignored := map[string]string{}
	prefix := ""
	if pkg != "" {
		prefix = pkg + "/"
	}
	for _, e := range t.entries {
		rel, inPkg := under(pkg, e.path)
		if inPkg && rel == "" {
			continue // the package folder itself
		}
		if !inPkg {
			// Outside the package: list it under the deepest folder on
			// the way to the package that holds it.
			anc := path.Dir(pkg)
			for anc != "." {
				if _, ok := under(anc, e.path); ok {
					break
				}
				anc = path.Dir(anc)
			}
			if anc == "." {
				anc = ""
			}
			rel, _ = under(anc, e.path)
			next, _, _ := strings.Cut(strings.TrimPrefix(pkg, anc+"/"), "/")
			if anc == "" {
				next, _, _ = strings.Cut(pkg, "/")
			}
			top, _, nested := strings.Cut(rel, "/")
			if rel == "" || top == next {
				continue // a folder on the way to the package
			}
			p := top
			if anc != "" {
				p = anc + "/" + top
			}
			switch {
			case anc == "" && top == ".git":
			case top == "__MACOSX":
				ignored[display(p)+"/"] = whyMacOS
			case nested || e.dir:
				ignored[display(p)+"/"] = whyNotBuilt
			default:
				ignored[display(p)] = whyNotBuilt
			}
			continue
		}
		top, _, nested := strings.Cut(rel, "/")
		isSource := !nested && !e.dir && strings.HasSuffix(top, ".go") && strings.HasSuffix(top, "_test.go") == t.lim.Tests &&
			!strings.HasPrefix(top, "_") && !isHidden(top) && whyModFile[top] == ""
		switch {
		case e.link != "" && isSource:
			return nil, t.refuse(fixLinks, "entry %s %s", quote(e.path), e.link)
		case e.link != "" && !nested && top != ".git":
			ignored[display(prefix+top)] = whyLink
		case top == ".git":
			// The repository itself: not part of the submission.
		case pkg == "" && top == "__MACOSX":
			ignored["__MACOSX/"] = whyMacOS
		case top == "vendor" && (nested || e.dir):
			ignored[display(prefix)+"vendor/"] = whyVendor
		case nested || e.dir:
			why := whySubdir
			if isHidden(top) {
				why = whyNotBuilt
			}
			ignored[display(prefix+top)+"/"] = why
		case whyModFile[top] != "":
			ignored[display(prefix+top)] = whyModFile[top]
		case !strings.HasSuffix(top, ".go"):
			ignored[display(prefix+top)] = whyNotBuilt
		case strings.HasSuffix(top, "_test.go") && !t.lim.Tests:
			ignored[display(prefix+top)] = whyTest
		case !strings.HasSuffix(top, "_test.go") && t.lim.Tests:
			ignored[display(prefix+top)] = whyNotTest
		case strings.HasPrefix(top, "_") || isHidden(top):
			ignored[display(prefix+top)] = whyGoIgnores
		default:
			if why := nameProblem(top); why != "" {
				return nil, t.refuse(fixRename, "%s: it is one of the package's source files, which are copied into the build", why)
			}
			if e.tooBig {
				return nil, t.refuse(fixSmaller, "entry %s is larger than %s", quote(e.path), byteSize(t.lim.MaxFileBytes))
			}
			if e.data == nil {
				e.data = []byte{}
			}
			s.Files = append(s.Files, File{Name: top, Data: e.data})
		}
	}
	if len(s.Files) == 0 {
		where := "the top of " + t.src
		if pkg != "" {
			where = pkg + "/ in " + t.src
		}
		re := &RefusedError{Path: t.src, Reason: "no Go files found at " + where, Fix: fixEmpty}
		if dirs := t.goFolders(); len(dirs) > 0 {
			for i := range dirs {
				dirs[i] = display(dirs[i])
			}
			re.Fix = "the .go files are in " + strings.Join(dirs, ", ") + "; submit the folder of your package"
		}
		return nil, re
	}
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Name < s.Files[j].Name })
	for p, why := range ignored {
		s.Ignored = append(s.Ignored, Ignored{Path: p, Reason: why})
	}
	sort.Slice(s.Ignored, func(i, j int) bool { return s.Ignored[i].Path < s.Ignored[j].Path })
	s.SHA256 = contentHash(s.Files)
	return s, nil
}

// contentHash is the SHA-256, in hex, of the package files: for each file,
// sorted by name, its name, a NUL, its length in decimal, a NUL and its
// contents.
func contentHash(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// isRefused reports whether err is a refusal.
func isRefused(err error) bool {
	var re *RefusedError
	return errors.As(err, &re)
}
