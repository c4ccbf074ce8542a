package intake_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/hiringtools/grader/grader/intake"
)

var update = flag.Bool("update", false, "rewrite testdata/refusals.golden")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Reasons, as the package documents them to candidates.
const (
	whyTest      = "the candidate's own tests are not run; the hidden spec is"
	whyNotBuilt  = "only the package's .go files are built"
	whySubdir    = "only the .go files at the top of the package are built, not subdirectories"
	whyVendor    = "vendored code is not built; the exercise allows only the standard library"
	whyGoIgnores = "the go tool ignores .go files whose names start with '_' or '.'"
	whyMacOS     = "macOS archive metadata"
)

// workspace is what a candidate's folder realistically holds.
var workspace = []node{
	goFile("limiter.go"),
	goFile("clock.go"),
	goFile("limiter_test.go"),
	goFile("x_test.go"),
	goFile("_scratch.go"),
	file("go.mod", "module limiter\n"),
	file("go.sum", ""),
	file("go.work", "go 1.26\n"),
	file("README.md", "# limiter\n"),
	file("prompt.md", "# the prompt\n"),
	file("asm_amd64.s", "TEXT ·f(SB),0,$0\n"),
	file("cgo.c", "int x;\n"),
	file("cgo.h", "int x;\n"),
	file("x.syso", "\x7fELF"),
	file(".gitignore", "*.out\n"),
	file(".DS_Store", "\x00\x00"),
	file(".idea/workspace.xml", "<project/>\n"),
	goFile("vendor/golang.org/x/time/rate/rate.go"),
	file("vendor/modules.txt", "# golang.org/x/time\n"),
	goFile("cmd/demo/main.go"),
}

// messy is a package folder as candidates really send it.
var messy = []node{
	goFile("ratelimiter.go"),
	file("notes (1).txt", "todo\n"),
	file("ratelimiter.go~", "package ratelimiter // backup\n"),
	{name: ".#ratelimiter.go", body: "someone@host.1234:1700000000", typ: 'l'}, // Emacs's lock file
	file("#ratelimiter.go#", "package ratelimiter // autosave\n"),
	file("résumé.txt", "me\n"),
	file("ratelimiter.test", "\x7fELF"+noise(2<<20)), // go test -c
	file(".ratelimiter.go.swp", "vim"),
}

// noise returns n bytes that do not compress, the same every time.
func noise(n int) string {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{1}).Read(b)
	return string(b)
}

// messyIgnored is what Load ignores in messy, under prefix.
func messyIgnored(prefix string) []intake.Ignored {
	list := []intake.Ignored{
		{"#ratelimiter.go#", whyNotBuilt},
		{".#ratelimiter.go", "links are not followed"},
		{".ratelimiter.go.swp", whyNotBuilt},
		{"notes (1).txt", whyNotBuilt},
		{"ratelimiter.go~", whyNotBuilt},
		{"ratelimiter.test", whyNotBuilt},
		{"résumé.txt", whyNotBuilt},
	}
	for i := range list {
		list[i].Path = prefix + list[i].Path
	}
	return sortedIgnored(list)
}

// workspaceIgnored is what Load ignores in workspace, under prefix.
func workspaceIgnored(prefix string) []intake.Ignored {
	list := []intake.Ignored{
		{".DS_Store", whyNotBuilt},
		{".gitignore", whyNotBuilt},
		{".idea/", whyNotBuilt},
		{"README.md", whyNotBuilt},
		{"_scratch.go", whyGoIgnores},
		{"asm_amd64.s", whyNotBuilt},
		{"cgo.c", whyNotBuilt},
		{"cgo.h", whyNotBuilt},
		{"cmd/", whySubdir},
		{"go.mod", "the grader owns the module file"},
		{"go.sum", "the grader owns the module's checksums"},
		{"go.work", "the grader builds outside any workspace"},
		{"limiter_test.go", whyTest},
		{"prompt.md", whyNotBuilt},
		{"vendor/", whyVendor},
		{"x.syso", whyNotBuilt},
		{"x_test.go", whyTest},
	}
	for i := range list {
		list[i].Path = prefix + list[i].Path
	}
	return list
}

// sortedIgnored sorts a want list the way Load does.
func sortedIgnored(list []intake.Ignored) []intake.Ignored {
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list
}

func TestLoad(t *testing.T) {
	type testCase struct {
		name string
		// setup builds the submission in dir and returns its path.
		setup func(t *testing.T, dir string) string
		lim   intake.Limits // zero fields: defaults
		rev   string        // the revision to read, for LoadRev
		want  *intake.Submission
		// refused, if set, is a part of the refusal's reason expected.
		refused string
		reason  string // why the expectation holds, when that is not obvious
		// unstable keeps a refusal out of the golden file: its reason
		// quotes git, whose words change between versions.
		unstable bool
	}
	asDir := func(nodes ...node) func(t *testing.T, dir string) string {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "submission")
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
			writeDir(t, p, nodes)
			return p
		}
	}
	asZip := func(nodes ...node) func(t *testing.T, dir string) string {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "submission.zip")
			writeZip(t, p, nodes)
			return p
		}
	}
	asTgz := func(nodes ...node) func(t *testing.T, dir string) string {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "submission.tar.gz")
			writeTarGz(t, p, nodes)
			return p
		}
	}
	asRepo := func(nodes ...node) func(t *testing.T, dir string) string {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "submission")
			gitRepo(t, p, nodes)
			return p
		}
	}
	twoFiles := []node{goFile("limiter.go"), goFile("clock.go")}
	wantTwo := func(kind string, ignored ...intake.Ignored) *intake.Submission {
		s := &intake.Submission{Kind: kind, Files: []intake.File{want("clock.go"), want("limiter.go")}, Ignored: ignored}
		if kind == "git" {
			s.Commit = someCommit
		}
		return s
	}
	zeros := strings.Repeat("\x00", 512<<10)
	random := func(n int) string {
		b := make([]byte, n)
		r := rand.NewChaCha8([32]byte{})
		r.Read(b)
		return string(b)
	}

	tests := []testCase{
		// Good submissions, one of each kind.
		{
			name:  "directory",
			setup: asDir(twoFiles...),
			want:  wantTwo("directory"),
		},
		{
			name:  "directory with a realistic workspace",
			setup: asDir(workspace...),
			want:  &intake.Submission{Kind: "directory", Files: []intake.File{want("clock.go"), want("limiter.go")}, Ignored: workspaceIgnored("")},
		},
		{
			name:   "directory holding only the package folder",
			setup:  asDir(prefixed("limiter", append(twoFiles, file("go.mod", "module x\n")))...),
			want:   wantTwo("directory", intake.Ignored{"limiter/go.mod", "the grader owns the module file"}),
			reason: "the top has no .go files and one subdirectory: it is descended into",
		},
		{
			name:  "zip",
			setup: asZip(twoFiles...),
			want:  wantTwo("zip"),
		},
		{
			name: "zip of the workspace in a top folder, made by macOS",
			setup: asZip(append(prefixed("submission", workspace),
				dir("__MACOSX"), file("__MACOSX/submission/._limiter.go", "\x00\x05\x16\x07"))...),
			want: &intake.Submission{Kind: "zip", Files: []intake.File{want("clock.go"), want("limiter.go")},
				Ignored: sortedIgnored(append(workspaceIgnored("submission/"), intake.Ignored{"__MACOSX/", whyMacOS}))},
		},
		{
			name: "zip with the repository's .git folder",
			setup: asZip(append(prefixed("s", twoFiles), dir("s/.git"), file("s/.git/HEAD", "ref: refs/heads/main\n"),
				file("s/.git/config", "[core]\n\tfsmonitor = /bin/evil\n"))...),
			want:   &intake.Submission{Kind: "zip", Files: []intake.File{want("clock.go"), want("limiter.go")}},
			reason: "the .git folder is not part of the package and not worth a line in Ignored; it is never used",
		},
		{
			name:  "zip with an empty Go file",
			setup: asZip(file("limiter.go", "")),
			want:  &intake.Submission{Kind: "zip", Files: []intake.File{{Name: "limiter.go", Data: []byte{}}}},
		},
		{
			name:  "tar.gz with ./ names",
			setup: asTgz(append([]node{dir(".")}, prefixed(".", twoFiles)[1:]...)...),
			want:  wantTwo("tar.gz"),
		},
		{
			name: "tgz of the workspace in a top folder",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s.TGZ")
				writeTarGz(t, p, prefixed("s", workspace))
				return p
			},
			want: &intake.Submission{Kind: "tar.gz", Files: []intake.File{want("clock.go"), want("limiter.go")}, Ignored: workspaceIgnored("s/")},
		},
		{
			name:  "git repository",
			setup: asRepo(append(twoFiles, file("go.mod", "module x\n"))...),
			want:  wantTwo("git", intake.Ignored{"go.mod", "the grader owns the module file"}),
		},
		{
			name: "git repository: the working tree is read, uncommitted edits included",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(twoFiles...)(t, dir)
				writeDir(t, p, []node{goFile("uncommitted.go"), file("clock.go", "edited")})
				return p
			},
			want: &intake.Submission{Kind: "git", Files: []intake.File{{Name: "clock.go", Data: []byte("edited")}, want("limiter.go"), want("uncommitted.go")},
				Commit: someCommit, Dirty: true},
		},
		{
			name: "git repository: an edit of another file leaves it clean",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(append(twoFiles, file("README.md", "hi"))...)(t, dir)
				writeDir(t, p, []node{file("README.md", "edited"), file("ratelimiter.test", "\x7fELF")})
				return p
			},
			want: wantTwo("git", intake.Ignored{"README.md", whyNotBuilt}, intake.Ignored{"ratelimiter.test", whyNotBuilt}),
		},
		{
			name: "git repository: --rev reads the commit, not the working tree",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(twoFiles...)(t, dir)
				writeDir(t, p, []node{goFile("uncommitted.go"), file("clock.go", "edited")})
				return p
			},
			rev:  "HEAD",
			want: wantTwo("git"),
		},
		{
			name: "git repository: --rev reads an older commit",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(twoFiles...)(t, dir)
				git(t, p, "tag", "v1")
				writeDir(t, p, []node{goFile("later.go")})
				git(t, p, "add", "-A")
				git(t, p, "commit", "-q", "-m", "later")
				return p
			},
			rev:  "v1",
			want: wantTwo("git"),
		},
		{name: "git repository: --rev of no commit", setup: asRepo(twoFiles...), rev: "nosuch", refused: `no commit "nosuch" in the repository`},
		{name: "--rev of a directory", setup: asDir(twoFiles...), rev: "HEAD", refused: "the submission is not a git repository or bundle"},
		{
			name: "git repository with history and a detached HEAD",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(goFile("old.go"))(t, dir)
				git(t, p, "rm", "-q", "old.go")
				writeDir(t, p, twoFiles)
				git(t, p, "add", "-A")
				git(t, p, "commit", "-q", "-m", "two")
				git(t, p, "checkout", "-q", "--detach", "HEAD")
				return p
			},
			want: wantTwo("git"),
		},
		{
			name:  "git repository of the workspace",
			setup: asRepo(workspace...),
			want:  &intake.Submission{Kind: "git", Files: []intake.File{want("clock.go"), want("limiter.go")}, Ignored: workspaceIgnored(""), Commit: someCommit},
		},
		{
			name: "git bundle",
			setup: func(t *testing.T, dir string) string {
				repo := asRepo(twoFiles...)(t, dir)
				p := filepath.Join(dir, "submission.bundle")
				git(t, repo, "bundle", "create", "-q", p, "HEAD", "main")
				return p
			},
			want: wantTwo("git"),
		},
		{
			name: "git bundle without HEAD",
			setup: func(t *testing.T, dir string) string {
				repo := asRepo(twoFiles...)(t, dir)
				p := filepath.Join(dir, "submission.bundle")
				git(t, repo, "bundle", "create", "-q", p, "main")
				return p
			},
			want:   wantTwo("git"),
			reason: "a bundle with one branch and no HEAD: the branch is read",
		},

		// Refusals: paths.
		{
			name: "not found",
			setup: func(t *testing.T, dir string) string {
				return filepath.Join(dir, "missing.zip")
			},
			refused: "no such file or directory",
		},
		{
			name: "not a kind of submission",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "limiter.go")
				writeDir(t, dir, []node{goFile("limiter.go")})
				return p
			},
			refused: "not a directory, .zip, .tar.gz, .tgz or .bundle file",
		},
		{
			name:    "empty directory",
			setup:   asDir(),
			refused: "no Go files found at the top of",
		},
		{
			name:    "no Go files, only tests and docs",
			setup:   asZip(goFile("limiter_test.go"), file("README.md", "hi")),
			refused: "no Go files found at the top of",
		},
		{
			name:   "Go files two folders deep",
			setup:  asZip(goFile("candidate/ratelimiter/limiter.go"), file("candidate/notes.txt", ""), file("README", "")),
			want:   &intake.Submission{Kind: "zip", Files: []intake.File{{Name: "limiter.go", Data: []byte("package limiter // candidate/ratelimiter/limiter.go\n")}}, Ignored: []intake.Ignored{{"README", whyNotBuilt}, {"candidate/notes.txt", whyNotBuilt}}},
			reason: "intake descends while a folder holds no .go files and one subfolder",
		},
		{
			name:    "Go files in two folders",
			setup:   asZip(goFile("a/limiter.go"), goFile("b/limiter.go")),
			refused: "no Go files found at the top of",
		},
		{
			name: "not a zip",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s.zip")
				writeDir(t, dir, []node{file("s.zip", "PK nonsense")})
				return p
			},
			refused: "not a valid zip archive",
		},
		{
			name: "not a gzip",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s.tgz")
				writeDir(t, dir, []node{file("s.tgz", "nonsense")})
				return p
			},
			refused: "not a valid gzip file",
		},

		// Links that are not package sources are listed, never followed.
		{
			name:  "directory symlink to a directory",
			setup: asDir(goFile("limiter.go"), node{name: "etc", body: "/etc", typ: 'l'}),
			want:  &intake.Submission{Kind: "directory", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{"etc", "links are not followed"}}},
		},
		{
			name:  "directory symlink, deep",
			setup: asDir(goFile("limiter.go"), node{name: "vendor/x/y", body: "/", typ: 'l'}),
			want:  &intake.Submission{Kind: "directory", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{"vendor/", whyVendor}}},
		},

		// Submissions as they really arrive: only the package's own
		// sources are held to the file name rule; the rest is listed.
		{
			name:  "messy folder: odd names, editor droppings, a test binary, a folder named by a person",
			setup: asDir(prefixed("First Last - ratelimiter", messy)...),
			want:  &intake.Submission{Kind: "directory", Files: []intake.File{want("ratelimiter.go")}, Ignored: messyIgnored("First Last - ratelimiter/")},
		},
		{
			name:  "messy zip",
			setup: asZip(messy...),
			want:  &intake.Submission{Kind: "zip", Files: []intake.File{want("ratelimiter.go")}, Ignored: messyIgnored("")},
		},
		{
			name:  "messy tar.gz, two folders deep",
			setup: asTgz(prefixed("candidate", prefixed("ratelimiter", messy))...),
			want:  &intake.Submission{Kind: "tar.gz", Files: []intake.File{want("ratelimiter.go")}, Ignored: messyIgnored("candidate/ratelimiter/")},
		},
		{
			name:   "control characters in an ignored name are escaped",
			setup:  asTgz(goFile("limiter.go"), file("notes\x1b[2J.txt", "")),
			want:   &intake.Submission{Kind: "tar.gz", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{`"notes\x1b[2J.txt"`, whyNotBuilt}}},
			reason: "the list is printed to a terminal",
		},

		// Refusals: entries that escape.
		{name: "zip traversal", setup: asZip(goFile("limiter.go"), goFile("../evil.go")), refused: `entry "../evil.go" escapes the submission`},
		{name: "tar traversal inside a path", setup: asTgz(goFile("limiter.go"), goFile("a/../../evil.go")), refused: "escapes the submission"},
		{name: "zip absolute path", setup: asZip(goFile("/tmp/evil.go")), refused: "has an absolute path"},
		{name: "tar absolute path", setup: asTgz(goFile("/tmp/evil.go")), refused: "has an absolute path"},
		{name: "zip backslash", setup: asZip(goFile(`..\evil.go`)), refused: "contains a backslash"},
		{name: "zip drive letter", setup: asZip(goFile("C:/evil.go")), refused: "starts with a drive letter"},
		{name: "tar dot in a path", setup: asTgz(goFile("a/./limiter.go")), refused: "is not a clean path"},

		// Refusals: links and special files.
		{name: "zip symlink", setup: asZip(goFile("limiter.go"), node{name: "passwd.go", body: "/etc/passwd", typ: 'l'}), refused: `entry "passwd.go" is a symbolic link`},
		{name: "zip fifo", setup: asZip(goFile("limiter.go"), node{name: "p", typ: 'p'}), refused: "is a named pipe"},
		{name: "zip device", setup: asZip(goFile("limiter.go"), node{name: "d", typ: 'c'}), refused: "is a device"},
		{name: "tar symlink", setup: asTgz(goFile("limiter.go"), node{name: "passwd.go", body: "/etc/passwd", typ: 'l'}), refused: "is a symbolic link"},
		{name: "tar hard link", setup: asTgz(goFile("limiter.go"), node{name: "again.go", body: "limiter.go", typ: 'h'}), refused: "is a hard link"},
		{name: "tar fifo", setup: asTgz(goFile("limiter.go"), node{name: "p", typ: 'p'}), refused: "is a named pipe"},
		{name: "tar device", setup: asTgz(goFile("limiter.go"), node{name: "d", typ: 'c'}), refused: "is a device"},
		{name: "directory symlink", setup: asDir(goFile("limiter.go"), node{name: "passwd.go", body: "/etc/passwd", typ: 'l'}), refused: "is a symbolic link"},

		{name: "directory hard link", setup: asDir(goFile("limiter.go"), node{name: "again.go", body: "limiter.go", typ: 'h'}), refused: "is a hard link"},
		{name: "directory fifo", setup: asDir(goFile("limiter.go"), node{name: "fifo.go", typ: 'p'}), refused: `entry "fifo.go" is a named pipe`},
		{name: "git repository with a symlink", setup: asRepo(goFile("limiter.go"), node{name: "passwd.go", body: "/etc/passwd", typ: 'l'}), refused: "is a symbolic link"},

		// Refusals: bombs.
		{
			name:    "zip bomb: an entry's ratio",
			setup:   asZip(goFile("limiter.go"), file("zeros.go", zeros)),
			refused: `entry "zeros.go" expands more than 100 times`,
			reason:  "512 KiB of zeros deflate to about 0.5 KiB: within the size limits, far over the ratio",
		},
		{
			name: "tar.gz bomb: the stream's ratio",
			setup: asTgz(goFile("limiter.go"), file("a.txt", zeros[:200<<10]), file("b.txt", zeros[:200<<10]),
				file("c.txt", zeros[:200<<10])),
			refused: "the archive expands more than 100 times",
		},
		{
			name:    "zip bomb: many small entries over the overall ratio",
			setup:   asZip(append([]node{goFile("limiter.go")}, repeatNodes(12, "z%d.txt", zeros[:60<<10])...)...),
			refused: "the archive expands more than 100 times",
			reason:  "each entry stays within the ratio grace of 64 KiB; together they do not",
		},
		{
			name: "zip entry larger than declared",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s.zip")
				writeLyingZip(t, p, "limiter.go", random(2<<20), 10)
				return p
			},
			refused: `entry "limiter.go" is larger than 1 MiB`,
			reason:  "the header declares 10 bytes; the data are read, not the header",
		},
		{
			name: "zip entry with a bad checksum",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s.zip")
				writeLyingZip(t, p, "limiter.go", "package limiter\n", -1)
				return p
			},
			refused: "checksum mismatch",
		},
		{name: "too many entries in a zip", lim: intake.Limits{MaxFiles: 5}, setup: asZip(repeatNodes(6, "f%d.go", "package p\n")...), refused: "more than 5 entries"},
		{name: "too many entries in a tar.gz", lim: intake.Limits{MaxFiles: 5}, setup: asTgz(repeatNodes(6, "f%d.go", "package p\n")...), refused: "more than 5 entries"},
		{name: "too many entries in a directory", lim: intake.Limits{MaxFiles: 5}, setup: asDir(repeatNodes(6, "f%d.go", "package p\n")...), refused: "more than 5 entries"},
		{
			name:    "too deep",
			setup:   asZip(goFile("limiter.go"), file("1/2/3/4/5/6/7/8/9.txt", "deep")),
			refused: `entry "1/2/3/4/5/6/7/8/9.txt" is 9 levels deep, more than 8`,
		},
		{name: "oversized file in a zip", lim: intake.Limits{MaxFileBytes: 1 << 10}, setup: asZip(goFile("limiter.go"), file("big.go", random(1<<10+1))), refused: `entry "big.go" is larger than 1 KiB`},
		{name: "oversized file in a tar.gz", lim: intake.Limits{MaxFileBytes: 1 << 10}, setup: asTgz(goFile("limiter.go"), file("big.go", random(1<<10+1))), refused: `entry "big.go" is larger than 1 KiB`},
		{
			name:   "oversized ignored file in a directory",
			lim:    intake.Limits{MaxFileBytes: 1 << 10},
			setup:  asDir(goFile("limiter.go"), file("docs/big.pdf", random(1<<10+1))),
			want:   &intake.Submission{Kind: "directory", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{"docs/", whySubdir}}},
			reason: "the per-file limit is for the package's sources; other files in a directory are never read",
		},
		{
			name:   "oversized ignored file in a zip",
			lim:    intake.Limits{MaxFileBytes: 1 << 10},
			setup:  asZip(goFile("limiter.go"), file("limiter.test", random(1<<10+1))),
			want:   &intake.Submission{Kind: "zip", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{"limiter.test", whyNotBuilt}}},
			reason: "an archive's other files count against the total only",
		},
		{name: "total too large", lim: intake.Limits{MaxTotalBytes: 4 << 10}, setup: asZip(repeatNodes(5, "f%d.txt", random(1<<10))...), refused: "the files add up to more than 4 KiB"},
		{name: "total too large in a directory", lim: intake.Limits{MaxTotalBytes: 4 << 10}, setup: asDir(repeatNodes(5, "f%d.go", random(1<<10))...), refused: "the files add up to more than 4 KiB"},
		{
			name:    "archive file too large",
			lim:     intake.Limits{MaxFiles: 2, MaxTotalBytes: 1 << 10},
			setup:   asZip(file("a.txt", random(40<<10))),
			refused: "the archive is larger than",
			reason:  "refused from the file's size, before reading any entry",
		},

		// Refusals: names.
		{name: "non-UTF-8 name", setup: asZip(goFile("limiter.go"), goFile("caf\xe9.go")), refused: "is not valid UTF-8"},
		{name: "control character in a name", setup: asTgz(goFile("limiter.go"), goFile("a\x1b[2J.go")), refused: "contains a control character"},
		{name: "newline in a directory name", setup: asDir(goFile("limiter.go"), goFile("a\nb.go")), refused: "contains a control character"},
		{name: "space in a source's name", setup: asZip(goFile("limiter.go"), goFile("my limiter.go")), refused: `file name "my limiter.go" has a character other than`},
		{name: "unicode letter in a name", setup: asZip(goFile("limiter.go"), goFile("límiter.go")), refused: "has a character other than"},
		{name: "name starting with a dash", setup: asZip(goFile("limiter.go"), goFile("-toolexec.go")), refused: "starts with '-'"},
		{name: "duplicate entry", setup: asZip(goFile("limiter.go"), goFile("limiter.go")), refused: `entry "limiter.go" appears twice`},
		{name: "duplicate entry in a tar.gz", setup: asTgz(goFile("limiter.go"), file("limiter.go", "package evil\n")), refused: "appears twice"},
		{name: "names that differ only in case", setup: asZip(goFile("limiter.go"), goFile("Limiter.go")), refused: "differ only in case"},
		{
			name:    "other files that differ only in case",
			setup:   asZip(goFile("limiter.go"), file("README.md", "a"), file("readme.md", "b"), file("readme.md", "c")),
			refused: `entry "readme.md" appears twice`,
			reason:  "the same path twice is still ambiguous",
		},
		{
			name:   "other files that differ only in case are listed",
			setup:  asZip(goFile("limiter.go"), file("README.md", "a"), file("readme.md", "b")),
			want:   &intake.Submission{Kind: "zip", Files: []intake.File{want("limiter.go")}, Ignored: []intake.Ignored{{"README.md", whyNotBuilt}, {"readme.md", whyNotBuilt}}},
			reason: "only the package's sources must be unambiguous on a case-insensitive file system",
		},
		{name: "a file and a directory of one name", setup: asTgz(goFile("limiter.go"), file("x", ""), file("x/y.go", "")), refused: "is both a file and a directory"},

		// Refusals: git.
		{
			name: "git repository without commits",
			setup: func(t *testing.T, dir string) string {
				requireGit(t)
				p := filepath.Join(dir, "s")
				writeDir(t, p, twoFiles)
				git(t, p, "init", "-q")
				return p
			},
			want:   &intake.Submission{Kind: "git", Files: []intake.File{want("clock.go"), want("limiter.go")}},
			reason: "the working tree is graded; there is no commit to record",
		},
		{
			name: "git worktree's .git file",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s")
				writeDir(t, p, append(twoFiles, file(".git", "gitdir: /elsewhere\n")))
				return p
			},
			refused: ".git is not a directory",
		},
		{
			name: "git repository borrowing objects",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(twoFiles...)(t, dir)
				writeDir(t, p, []node{file(".git/objects/info/alternates", "/elsewhere/objects\n")})
				return p
			},
			refused: "objects/info/alternates",
		},
		{
			name: "git repository with a link inside .git",
			setup: func(t *testing.T, dir string) string {
				p := asRepo(twoFiles...)(t, dir)
				writeDir(t, p, []node{{name: ".git/refs/heads/other", body: "/etc/passwd", typ: 'l'}})
				return p
			},
			refused: ".git/refs/heads/other is a symbolic link",
		},
		{
			name: "not a git bundle",
			setup: func(t *testing.T, dir string) string {
				requireGit(t)
				p := filepath.Join(dir, "s.bundle")
				writeDir(t, dir, []node{file("s.bundle", "nonsense")})
				return p
			},
			refused:  "git clone failed",
			unstable: true,
		},
	}

	var (
		mu      sync.Mutex
		golden  = map[string]string{} // refusal messages by case
		skipped = map[string]bool{}
	)
	run := func(t *testing.T, tc testCase) {
		dir := t.TempDir()
		path := tc.setup(t, dir)
		got, err := intake.LoadRev(context.Background(), path, tc.rev, tc.lim)
		if tc.refused != "" {
			var re *intake.RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("Load = %+v, %v; want a refusal with %q", got, err, tc.refused)
			}
			if !strings.Contains(re.Reason, tc.refused) {
				t.Errorf("refusal reason %q; want it to contain %q", re.Reason, tc.refused)
			}
			if re.Path != path || re.Fix == "" {
				t.Errorf("refusal %#v; want Path %q and a Fix", re, path)
			}
			if !tc.unstable {
				mu.Lock()
				golden[tc.name] = strings.ReplaceAll(re.Error(), dir, "$DIR")
				mu.Unlock()
			}
			return
		}
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if h := hashOf(got.Files); got.SHA256 != h {
			t.Errorf("SHA256 = %q, want %q", got.SHA256, h)
		}
		got.SHA256 = ""
		if len(got.Commit) == 40 && strings.Trim(got.Commit, "0123456789abcdef") == "" {
			got.Commit = someCommit
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Load (-want +got):\n%s", diff)
		}
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				t.Cleanup(func() {
					if t.Skipped() {
						mu.Lock()
						skipped[tc.name] = true
						mu.Unlock()
					}
				})
				if tc.reason != "" {
					t.Log(tc.reason)
				}
				run(t, tc)
			})
		}
	})
	if !t.Failed() {
		checkGolden(t, "testdata/refusals.golden", golden, skipped)
	}
}

// checkGolden compares the refusal messages with the golden file, one
// "name<TAB>message" line each, sorted by name; with -update it rewrites
// the file. The lines of cases skipped (when git is not installed) are
// kept and not compared.
func checkGolden(t *testing.T, path string, got map[string]string, skipped map[string]bool) {
	t.Helper()
	old, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v; run go test -update to create it", err)
	}
	want := map[string]string{}
	for line := range strings.Lines(string(old)) {
		name, msg, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok {
			continue
		}
		if skipped[name] {
			got[name] = msg
		}
		want[name] = msg
	}
	if *update {
		names := slices.Sorted(maps.Keys(got))
		var b strings.Builder
		for _, name := range names {
			fmt.Fprintf(&b, "%s\t%s\n", name, got[name])
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refusal messages differ from %s (-want +got); run go test -update if the change is intended:\n%s", path, diff)
	}
}

// repeatNodes returns n files named by format, each holding body.
func repeatNodes(n int, format, body string) []node {
	var nodes []node
	for i := range n {
		nodes = append(nodes, file(fmt.Sprintf(format, i), body))
	}
	return nodes
}

// writeLyingZip writes a zip with one deflated entry whose header declares
// size bytes (and, if size is negative, a wrong checksum).
func writeLyingZip(t *testing.T, path, name, body string, size int64) {
	t.Helper()
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.BestSpeed)
	fw.Write([]byte(body))
	fw.Close()
	h := &zip.FileHeader{Name: name, Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE([]byte(body)), CompressedSize64: uint64(compressed.Len()), UncompressedSize64: uint64(size)}
	if size < 0 {
		h.CRC32++
		h.UncompressedSize64 = uint64(len(body))
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(compressed.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadGitRunsNothingOfTheCandidates plants, in a repository's config
// and hooks, every command that git might run on its behalf, each writing a
// marker file; it checks that the trap works when git is run naively in
// the repository, and that Load springs none of it.
func TestLoadGitRunsNothingOfTheCandidates(t *testing.T) {
	requireGit(t)
	dir := t.TempDir()
	repo := filepath.Join(dir, "submission")
	marker := filepath.Join(dir, "pwned")
	script := filepath.Join(dir, "trap.sh")
	writeDir(t, dir, []node{file("trap.sh", "#!/bin/sh\necho \"$0 $*\" >> '"+marker+"'\ncat\n")})
	if err := os.Chmod(script, 0o755); err != nil {
		t.Fatal(err)
	}
	gitRepo(t, repo, []node{goFile("limiter.go"), file(".gitattributes", "*.go filter=trap\n")})
	for _, kv := range [][2]string{
		{"core.fsmonitor", script},
		{"core.hooksPath", filepath.Join(repo, ".git", "hooks")},
		{"core.sshCommand", script},
		{"core.pager", script},
		{"core.alternateRefsCommand", script},
		{"filter.trap.smudge", script},
		{"filter.trap.clean", script},
		{"filter.trap.process", script},
		{"uploadpack.packObjectsHook", script},
		{"diff.external", script},
	} {
		git(t, repo, "config", kv[0], kv[1])
	}
	for _, hook := range []string{"post-checkout", "pre-commit", "post-merge", "reference-transaction", "pre-auto-gc", "post-index-change"} {
		writeDir(t, repo, []node{file(".git/hooks/"+hook, "#!/bin/sh\n'"+script+"' "+hook+"\n")})
		if err := os.Chmod(filepath.Join(repo, ".git", "hooks", hook), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// The trap works: git run in the repository with its config fires it.
	cmd := exec.Command("git", "archive", "--format=tar", "HEAD")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git archive in the repository: %v\n%.200s", err, out)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatalf("the trap did not fire when git ran in the repository: %v", err)
	}
	if err := os.Remove(marker); err != nil {
		t.Fatal(err)
	}

	got, err := intake.Load(context.Background(), repo, intake.Limits{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		b, _ := os.ReadFile(marker)
		t.Fatalf("Load ran the candidate's commands:\n%s", b)
	}
	if diff := cmp.Diff([]intake.File{want("limiter.go")}, got.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
}

func TestLoadGitWithoutGit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.bundle")
	writeDir(t, dir, []node{file("s.bundle", "# v2 git bundle\n")})
	t.Setenv("PATH", dir)
	_, err := intake.Load(context.Background(), p, intake.Limits{})
	var re *intake.RefusedError
	if !errors.As(err, &re) || !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("Load = %v; want a refusal wrapping exec.ErrNotFound", err)
	}
	if wantMsg := "submission refused: " + p + ": git submissions need git, which is not installed; install git, or submit the package folder or a .zip of it"; err.Error() != wantMsg {
		t.Errorf("Error() = %q; want %q", err, wantMsg)
	}
}

func TestLoadCancelled(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, dir, []node{goFile("limiter.go")})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := intake.Load(ctx, dir, intake.Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Load = %v; want context.Canceled", err)
	}
	var re *intake.RefusedError
	if errors.As(err, &re) {
		t.Errorf("Load refused the submission (%v); a cancelled load is not the submission's fault", err)
	}
}

func TestLoadLeavesNoScratch(t *testing.T) {
	requireGit(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	repo := filepath.Join(t.TempDir(), "s")
	gitRepo(t, repo, []node{goFile("limiter.go")})
	if _, err := intake.Load(context.Background(), repo, intake.Limits{}); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("Load left %d entries in the temporary directory, e.g. %s", len(ents), ents[0].Name())
	}
}

func TestRefusedError(t *testing.T) {
	tests := []struct {
		name string
		err  *intake.RefusedError
		want string
	}{
		{"with a fix", &intake.RefusedError{Path: "s.zip", Reason: "entry \"../x\" escapes the submission", Fix: "re-create it"},
			`submission refused: s.zip: entry "../x" escapes the submission; re-create it`},
		{"without a fix", &intake.RefusedError{Path: "s.zip", Reason: "bad"}, "submission refused: s.zip: bad"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q; want %q", got, tc.want)
			}
		})
	}
}

func TestDefaultLimits(t *testing.T) {
	want := intake.Limits{MaxFiles: 1000, MaxFileBytes: 1 << 20, MaxTotalBytes: 8 << 20, MaxDepth: 8, MaxRatio: 100}
	if diff := cmp.Diff(want, intake.DefaultLimits()); diff != "" {
		t.Errorf("DefaultLimits (-want +got):\n%s", diff)
	}
}

// someCommit stands for any full commit id in the cases' want.
const someCommit = "<a commit id>"

// hashOf is Submission.SHA256 as its doc defines it.
func hashOf(files []intake.File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestLoadTests takes a workspace of an exercise that grades tests: the
// _test.go files are the submission, the implementation beside them is
// ignored and listed.
func TestLoadTests(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"semver.go":      "package semver\n",
		"semver_test.go": "package semver\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n",
		"more_test.go":   "package semver_test\n",
		"go.mod":         "module semver\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lim := intake.DefaultLimits()
	lim.Tests = true
	sub, err := intake.Load(context.Background(), dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range sub.Files {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"more_test.go", "semver_test.go"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	want := []intake.Ignored{
		{Path: "go.mod", Reason: "the grader owns the module file"},
		{Path: "semver.go", Reason: "the exercise grades your tests: they run against the grader's own implementation and its mutants"},
	}
	if diff := cmp.Diff(want, sub.Ignored); diff != "" {
		t.Errorf("ignored (-want +got):\n%s", diff)
	}
}
