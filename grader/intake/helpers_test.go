package intake_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hiringtools/grader/grader/intake"
)

// node is one thing in a submission built by a test.
type node struct {
	name string
	body string // a file's contents, a link's target
	typ  byte   // 'f' file (the default), 'd' directory, 'l' symlink, 'h' hard link, 'p' fifo, 'c' device
}

func file(name, body string) node { return node{name: name, body: body} }
func dir(name string) node        { return node{name: name, typ: 'd'} }

// goFile is a Go file whose contents name it.
func goFile(name string) node { return file(name, "package limiter // "+name+"\n") }

// want is the File that goFile(name) yields.
func want(name string) intake.File {
	return intake.File{Name: name, Data: []byte("package limiter // " + name + "\n")}
}

// prefixed returns nodes with every name prefixed.
func prefixed(prefix string, nodes []node) []node {
	out := []node{dir(prefix)}
	for _, n := range nodes {
		n.name = prefix + "/" + n.name
		out = append(out, n)
	}
	return out
}

// writeDir creates nodes under dir.
func writeDir(t *testing.T, dir string, nodes []node) {
	t.Helper()
	for _, n := range nodes {
		p := filepath.Join(dir, filepath.FromSlash(n.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch n.typ {
		case 0, 'f':
			err = os.WriteFile(p, []byte(n.body), 0o644)
		case 'd':
			err = os.MkdirAll(p, 0o755)
		case 'l':
			err = os.Symlink(n.body, p)
		case 'h':
			err = os.Link(filepath.Join(dir, filepath.FromSlash(n.body)), p)
		case 'p':
			if mkfifo == nil {
				t.Skip("no fifos on this platform")
			}
			err = mkfifo(p)
		default:
			t.Fatalf("writeDir: node type %q", n.typ)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// mkfifo creates a fifo, where the platform has them.
var mkfifo func(path string) error

// writeZip writes a deflated zip of nodes to path.
func writeZip(t *testing.T, path string, nodes []node) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range nodes {
		h := &zip.FileHeader{Name: n.name, Method: zip.Deflate}
		switch n.typ {
		case 0, 'f':
			h.SetMode(0o644)
		case 'd':
			h.Name += "/"
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | 0o755)
		case 'l':
			h.SetMode(fs.ModeSymlink | 0o777)
		case 'p':
			h.SetMode(fs.ModeNamedPipe | 0o644)
		case 'c':
			h.SetMode(fs.ModeDevice | fs.ModeCharDevice | 0o644)
		default:
			t.Fatalf("writeZip: node type %q", n.typ)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(n.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeTarGz writes a gzipped tar of nodes to path.
func writeTarGz(t *testing.T, path string, nodes []node) {
	t.Helper()
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	for _, n := range nodes {
		h := &tar.Header{Name: n.name, Mode: 0o644, Format: tar.FormatPAX}
		switch n.typ {
		case 0, 'f':
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(n.body))
		case 'd':
			h.Typeflag, h.Name, h.Mode = tar.TypeDir, n.name+"/", 0o755
		case 'l':
			h.Typeflag, h.Linkname = tar.TypeSymlink, n.body
		case 'h':
			h.Typeflag, h.Linkname = tar.TypeLink, n.body
		case 'p':
			h.Typeflag = tar.TypeFifo
		case 'c':
			h.Typeflag = tar.TypeChar
		default:
			t.Fatalf("writeTarGz: node type %q", n.typ)
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(n.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// requireGit skips the test when git is not on PATH.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// git runs git in dir, isolated from the user's configuration, and
// returns its output.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Candidate", "GIT_AUTHOR_EMAIL=c@example.com",
		"GIT_COMMITTER_NAME=Candidate", "GIT_COMMITTER_EMAIL=c@example.com",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// gitRepo creates a repository at dir holding nodes in one commit on the
// branch main.
func gitRepo(t *testing.T, dir string, nodes []node) {
	t.Helper()
	requireGit(t)
	writeDir(t, dir, nodes)
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "submission")
}
