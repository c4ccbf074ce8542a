// Package intake reads a candidate's submission safely: from a directory, a
// .zip, a .tar.gz (or .tgz), a git repository or a git bundle, into memory,
// bounded by [Limits]. Every submission is treated as hostile.
//
// [Load] returns a [Submission]: the package's Go files and a list of
// everything else that was present and not taken, with the reason. The
// package is the Go files at the top of the submission; while a folder
// holds no .go files but exactly one subdirectory (not counting hidden ones
// and a macOS __MACOSX folder), the package is looked for in that
// subdirectory instead (candidate/ratelimiter/*.go is found). When there is
// none, the refusal names the folders that hold .go files.
//
// Only the package's own source files (its non-test .go files) are held to
// the file-name rule ([A-Za-z0-9_.-], valid UTF-8, no control character,
// not starting with '-') and to the per-file byte limit, since they are
// copied into the build; any other file, whatever its name or size
// (notes (1).txt, résumé.txt, an editor's backup or lock file, a test
// binary), and any link that is not a source, is ignored and listed, its
// name escaped when it is not printable. Links are never followed.
//
// A submission that is bad input is refused with a [*RefusedError]: an
// entry that escapes the submission (../, an absolute path, a backslash, a
// drive letter), a source file that is a link, a device, fifo, socket or
// other non-regular file (in archives and in directories alike), an archive
// bomb (too many entries, too deep, the total over the byte limit, a
// compression ratio over the limit: all checked while reading, never from
// declared sizes), a source file over the per-file limit or with a name
// that breaks the rule above, two entries whose paths are equal or differ
// only in case, a corrupt archive, a package without Go files, a path that
// does not exist or is not one of the kinds above.
//
// A git repository is read as its working tree, as the candidate left it;
// [Submission.Commit] records HEAD and [Submission.Dirty] whether the .go
// files differ from it. [LoadRev] reads a commit instead.
//
// Intake writes nothing outside a scratch directory that it creates with
// [os.MkdirTemp] and removes before [Load] returns; only git submissions use
// one. Git is never run inside the candidate's repository with the
// candidate's configuration: the repository is first cloned (shallow, bare)
// into the scratch directory by git with a fixed, minimal configuration, so
// hooks, core.fsmonitor, filters and other commands set in the candidate's
// config never run; the commit's tree is then read with git archive from
// the clone through the same bounded tar reader as a .tar.gz.
package intake

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Limits bound what intake reads. A zero or negative field means its
// default, as returned by [DefaultLimits].
type Limits struct {
	MaxFiles      int     // entries in the archive/tree, directories included (default 1000)
	MaxFileBytes  int64   // one file (default 1 MiB)
	MaxTotalBytes int64   // all files, uncompressed (default 8 MiB)
	MaxDepth      int     // path depth: "a/b/c.go" has depth 3 (default 8)
	MaxRatio      float64 // uncompressed/compressed per entry and overall (default 100)
	// Tests takes the package's _test.go files as its source, and ignores
	// its other .go files: an exercise that grades the candidate's tests.
	Tests bool
}

// DefaultLimits returns the limits a grading uses unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		MaxFiles:      1000,
		MaxFileBytes:  1 << 20,
		MaxTotalBytes: 8 << 20,
		MaxDepth:      8,
		MaxRatio:      100,
	}
}

// withDefaults returns lim with every zero or negative field set to its
// default.
func (lim Limits) withDefaults() Limits {
	d := DefaultLimits()
	if lim.MaxFiles <= 0 {
		lim.MaxFiles = d.MaxFiles
	}
	if lim.MaxFileBytes <= 0 {
		lim.MaxFileBytes = d.MaxFileBytes
	}
	if lim.MaxTotalBytes <= 0 {
		lim.MaxTotalBytes = d.MaxTotalBytes
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = d.MaxDepth
	}
	if lim.MaxRatio <= 0 {
		lim.MaxRatio = d.MaxRatio
	}
	return lim
}

// headerAllowance is the room allowed per entry for archive metadata
// (headers, names, padding) on top of the file data, when bounding the size
// of an archive file or of an uncompressed tar stream.
const headerAllowance = 8 << 10

// maxArchiveBytes is the largest archive file, or uncompressed tar stream,
// that intake reads: the total byte limit plus room for each entry's
// headers. No archive within the other limits is larger.
func (lim Limits) maxArchiveBytes() int64 {
	return lim.MaxTotalBytes + int64(lim.MaxFiles+2)*headerAllowance
}

// File is one Go file of the submitted package.
type File struct {
	Name string // base name, e.g. "limiter.go"
	Data []byte // the file's contents, exactly as submitted
}

// Ignored is something present in the submission that intake did not take.
type Ignored struct {
	// Path is slash-separated and relative to the top of the submission
	// (so it includes the folder descended into, if any). A directory is
	// listed once, with a trailing slash, for everything under it.
	Path   string
	Reason string // why it was not taken, e.g. "the grader owns the module file"
}

// Submission is a candidate's package as read by [Load].
type Submission struct {
	Kind    string    // "directory", "zip", "tar.gz" or "git" (a repository or a bundle)
	Files   []File    // the regular, non-test .go files of the package, sorted by name; never empty
	Ignored []Ignored // everything else that was present, with why it was not taken, sorted by path
	// SHA256 identifies what was graded: the hex SHA-256 of Files, each
	// as its name, a NUL, its length in decimal, a NUL and its contents,
	// in name order. Equal package files give equal hashes, whatever the
	// kind of submission and whatever was ignored.
	SHA256 string
	// Commit is, for a git submission, the full id of the commit read
	// (HEAD, or the revision asked for), or of HEAD when the working tree
	// was read; "" when there is none (no commits yet, or git missing).
	Commit string
	// Dirty is set when the working tree of a repository was read and its
	// .go files differ from Commit's (edited, added or removed, committed
	// or not); other files are not compared.
	Dirty bool
}

// Kinds of submission, the values of [Submission.Kind].
const (
	KindDirectory = "directory"
	KindZip       = "zip"
	KindTarGz     = "tar.gz"
	KindGit       = "git"
)

// RefusedError reports a submission refused as bad input. The CLI maps it to
// the "bad usage or bad input" exit code and prints Error(), which is
//
//	submission refused: <path>: <reason>; <fix>
type RefusedError struct {
	Path   string // the path given to Load
	Reason string // what is wrong, e.g. `entry "../x.go" escapes the submission`
	Fix    string // what to do next, e.g. "re-create the archive ..."
	Err    error  // the underlying cause, if any (e.g. exec.ErrNotFound when git is missing)
}

func (e *RefusedError) Error() string {
	msg := "submission refused: " + e.Path + ": " + e.Reason
	if e.Fix != "" {
		msg += "; " + e.Fix
	}
	return msg
}

// Unwrap returns the underlying cause, or nil.
func (e *RefusedError) Unwrap() error { return e.Err }

// Load reads the submission at path: a directory, a .zip, a .tar.gz or
// .tgz, a git repository (a directory containing a .git directory; its
// working tree is read, as it is on disk, and HEAD's commit id recorded
// with whether the tree's .go files differ from it), or a git bundle
// (.bundle; its HEAD, or its only branch). Extensions are matched without
// regard to case. Load is LoadRev with no revision.
//
// Load returns a [*RefusedError] when the submission is bad input (see the
// package documentation), and another error when reading fails for a reason
// that is not the submission's fault (I/O, ctx done). A git submission when
// git is not installed is refused, with an error that wraps
// [exec.ErrNotFound]. ctx bounds the whole load, and git's run time.
func Load(ctx context.Context, path string, lim Limits) (*Submission, error) {
	return LoadRev(ctx, path, "", lim)
}

// LoadRev is [Load], except that a git repository or bundle is read at
// the commit rev (a commit id, branch, tag or other revision git
// understands) when rev is not "". A rev given for a submission that is
// not a git repository or bundle, or that names no commit, is refused.
func LoadRev(ctx context.Context, path, rev string, lim Limits) (*Submission, error) {
	lim = lim.withDefaults()
	t, kind, err := load(ctx, path, rev, lim)
	if err != nil {
		var re *RefusedError
		if errors.As(err, &re) {
			return nil, re
		}
		return nil, fmt.Errorf("reading submission %s: %w", path, err)
	}
	s, err := t.submission(kind)
	if err != nil {
		return nil, err
	}
	s.Commit, s.Dirty = t.commit, t.dirty
	return s, nil
}

// load reads path into a tree, choosing the reader by kind.
func load(ctx context.Context, path, rev string, lim Limits) (*tree, string, error) {
	t, kind, err := loadKind(ctx, path, rev, lim)
	if err == nil && rev != "" && kind != KindGit {
		return nil, "", &RefusedError{Path: path, Reason: "a revision (--rev) was given, but the submission is not a git repository or bundle",
			Fix: "leave out --rev, or submit the repository"}
	}
	return t, kind, err
}

// loadKind reads path into a tree, choosing the reader by kind.
func loadKind(ctx context.Context, path, rev string, lim Limits) (*tree, string, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", &RefusedError{Path: path, Reason: "no such file or directory",
			Fix: "check the path, and submit a directory, .zip, .tar.gz, .tgz or git .bundle"}
	}
	if err != nil {
		return nil, "", err
	}
	if fi.IsDir() {
		gi, err := os.Lstat(filepath.Join(path, ".git"))
		switch {
		case err == nil && gi.IsDir() && rev != "":
			t, err := loadGit(ctx, path, lim, false, rev)
			return t, KindGit, err
		case err == nil && gi.IsDir():
			t, err := loadWorkTree(ctx, path, lim)
			return t, KindGit, err
		case err == nil:
			return nil, "", &RefusedError{Path: path,
				Reason: ".git is not a directory (a linked worktree, a submodule or a link)",
				Fix:    "submit the main repository, a git bundle, or the folder without .git"}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, "", err
		}
		t, err := loadDir(ctx, path, lim, "")
		return t, KindDirectory, err
	}
	if !fi.Mode().IsRegular() {
		return nil, "", &RefusedError{Path: path, Reason: "not a directory or a regular file",
			Fix: "submit a directory, .zip, .tar.gz, .tgz or git .bundle"}
	}
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		t, err := loadZip(ctx, path, lim)
		return t, KindZip, err
	case strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"):
		t, err := loadTarGz(ctx, path, lim)
		return t, KindTarGz, err
	case strings.HasSuffix(lower, ".bundle"):
		t, err := loadGit(ctx, path, lim, true, rev)
		return t, KindGit, err
	}
	return nil, "", &RefusedError{Path: path,
		Reason: "not a directory, .zip, .tar.gz, .tgz or .bundle file",
		Fix:    "submit the package folder, or a .zip, .tar.gz or git bundle of it"}
}
