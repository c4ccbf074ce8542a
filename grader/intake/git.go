package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitTimeout bounds each git command, within the ctx given to Load.
const gitTimeout = 2 * time.Minute

// maxBundleBytes bounds a git bundle file: history is allowed to be larger
// than the files of the HEAD tree, but not without bound.
const maxBundleBytes = 64 << 20

// gitConfig is the configuration given to every git command, on top of an
// environment that reads no system or global configuration: no protocol
// but local files, no hooks, no fsmonitor, no attributes from outside the
// tree, no replace objects.
var gitConfig = []string{
	"-c", "protocol.allow=never",
	"-c", "protocol.file.allow=always",
	"-c", "core.hooksPath=" + os.DevNull,
	"-c", "core.fsmonitor=false",
	"-c", "core.attributesFile=" + os.DevNull,
	"-c", "core.askPass=",
	"-c", "credential.helper=",
	"-c", "core.bigFileThreshold=1m", // stream large blobs rather than hold them in memory
}

// fixGit ends refusals of unreadable git submissions.
const fixGit = "make sure 'git log' works in the repository, or submit the package folder or a .zip of it"

// loadGit reads the HEAD tree of a git repository (a directory holding a
// .git directory) or bundle. It never runs git in the candidate's
// repository: it clones it, shallow and bare, into a scratch directory,
// with the fixed configuration above (git's upload-pack, which serves the
// clone, is built to be safe against hostile repositories), then reads
// HEAD with 'git archive' from the clone.
func loadGit(ctx context.Context, src string, lim Limits, bundle bool, userRev string) (*tree, error) {
	t := newTree(src, lim)
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return nil, &RefusedError{Path: src, Reason: "git submissions need git, which is not installed",
			Fix: "install git, or submit the package folder or a .zip of it", Err: err}
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	if bundle {
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, err
		}
		if fi.Size() > maxBundleBytes {
			return nil, t.refuse(fixSmaller, "the bundle is larger than %s", byteSize(maxBundleBytes))
		}
	} else if err := checkGitDir(ctx, t, filepath.Join(abs, ".git")); err != nil {
		return nil, err
	}

	scratch, err := os.MkdirTemp("", "grader-intake-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	g := &gitRunner{path: gitPath, dir: scratch, t: t}
	home := filepath.Join(scratch, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		return nil, err
	}
	g.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + home,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_ATTR_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_ALLOW_PROTOCOL=file",
		"GIT_NO_REPLACE_OBJECTS=1",
		"GIT_CEILING_DIRECTORIES=" + scratch,
		"LC_ALL=C",
	}
	if v := os.Getenv("SYSTEMROOT"); v != "" {
		g.env = append(g.env, "SYSTEMROOT="+v) // needed by git on Windows
	}

	repo := filepath.Join(scratch, "repo.git")
	args := []string{"clone", "--bare", "--quiet", "--no-hardlinks", "--template="}
	if !bundle {
		args = append(args, "--no-local")
		if userRev == "" {
			args = append(args, "--depth=1") // HEAD is all that is read
		}
	}
	args = append(args, "--", abs, repo)
	if _, err := g.run(ctx, args...); err != nil {
		return nil, err
	}

	if userRev != "" {
		if strings.HasPrefix(userRev, "-") {
			return nil, t.refuse("give a commit id, branch or tag", "revision %q starts with '-'", userRev)
		}
		out, err := g.run(ctx, "--git-dir="+repo, "rev-parse", "--verify", "--quiet", "--end-of-options", userRev+"^{commit}")
		if err != nil {
			if isRefused(err) {
				return nil, t.refuse("check the revision with 'git log' in the repository", "no commit %q in the repository", userRev)
			}
			return nil, err
		}
		t.commit = strings.TrimSpace(string(out))
		return t, g.archive(ctx, repo, t.commit)
	}
	rev := "HEAD"
	if _, err := g.run(ctx, "--git-dir="+repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"); err != nil {
		if !isRefused(err) {
			return nil, err
		}
		// No HEAD: a bundle made without it, or an empty repository.
		// Take the only branch, if there is one.
		out, err := g.run(ctx, "--git-dir="+repo, "for-each-ref", "--format=%(refname)", "refs/heads/")
		if err != nil {
			return nil, err
		}
		refs := strings.Fields(string(out))
		if len(refs) == 0 {
			re := t.refuse("commit your work and submit again", "the repository has no commits").(*RefusedError)
			re.Err = errNoCommits
			return nil, re
		}
		if len(refs) > 1 {
			return nil, t.refuse("commit your work on one branch (or check it out) and submit again",
				"the repository has no commit at HEAD and %d branches", len(refs))
		}
		rev = refs[0]
	}
	out, err := g.run(ctx, "--git-dir="+repo, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, err
	}
	t.commit = strings.TrimSpace(string(out))
	if err := g.archive(ctx, repo, t.commit); err != nil {
		return nil, err
	}
	return t, nil
}

// errNoCommits is the cause of the refusal of a repository without commits.
var errNoCommits = errors.New("no commits")

// loadWorkTree reads the working tree of the git repository src, as it is
// on disk (uncommitted edits included, .git left out), and records HEAD's
// commit and whether the tree's .go files differ from it. A repository
// without commits, or git missing, leaves the commit unknown; anything
// wrong with the repository itself is refused as for [loadGit].
func loadWorkTree(ctx context.Context, src string, lim Limits) (*tree, error) {
	t, err := loadDir(ctx, src, lim, ".git")
	if err != nil {
		return nil, err
	}
	head, err := loadGit(ctx, src, lim, false, "")
	switch {
	case err == nil:
		t.commit = head.commit
		t.dirty = !maps.EqualFunc(goSources(t), goSources(head), bytes.Equal)
	case errors.Is(err, errNoCommits), errors.Is(err, exec.ErrNotFound):
		// Nothing to compare with: the working tree is all there is.
	default:
		return nil, err
	}
	return t, nil
}

// goSources returns the .go files of t, by path.
func goSources(t *tree) map[string][]byte {
	m := map[string][]byte{}
	for _, e := range t.entries {
		if !e.dir && strings.HasSuffix(e.path, ".go") {
			if e.tooBig {
				m[e.path] = []byte("\x00too big")
			} else {
				m[e.path] = append([]byte{}, e.data...)
			}
		}
	}
	return m
}

// maxGitDirEntries bounds the entries of a repository's .git directory, per
// entry allowed in the submission.
const maxGitDirEntries = 50

// checkGitDir refuses a repository whose .git directory could make git
// read outside it: a link or special file anywhere in it (objects, refs or
// HEAD linked to another repository on this machine), or a file that
// borrows objects or shares another repository's directory. It also bounds
// the number of entries.
func checkGitDir(ctx context.Context, t *tree, gitDir string) error {
	const fix = "submit a plain clone of the repository, or a bundle"
	for _, name := range []string{"objects/info/alternates", "objects/info/http-alternates", "commondir"} {
		if _, err := os.Lstat(filepath.Join(gitDir, filepath.FromSlash(name))); err == nil {
			return t.refuse(fix, "the repository has .git/%s, which points outside it", name)
		}
	}
	n, max := 0, maxGitDirEntries*t.lim.MaxFiles
	return filepath.WalkDir(gitDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if n++; n > max {
			return t.refuse(fix, "the repository's .git directory has more than %d entries", max)
		}
		if typ := typeOf(d.Type()); typ != typeRegular && typ != typeDir {
			rel, _ := filepath.Rel(filepath.Dir(gitDir), p)
			return t.refuse(fix, "%s %s", filepath.ToSlash(rel), refusedTypes[typ])
		}
		return nil
	})
}

// gitRunner runs git commands in a scratch directory with a fixed
// environment.
type gitRunner struct {
	path string
	dir  string
	env  []string
	t    *tree
}

// command returns a git command bounded by ctx and gitTimeout, with its
// stderr kept (the first 8 KiB of it) in stderr.
func (g *gitRunner) command(ctx context.Context, stderr *capWriter, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, g.path, append(append([]string{}, gitConfig...), args...)...)
	cmd.Dir = g.dir
	cmd.Env = g.env
	cmd.Stdin = nil
	cmd.Stderr = stderr
	cmd.WaitDelay = time.Second
	return cmd
}

// run runs git with args and returns its output (at most 1 MiB of it). A
// failure is a refusal quoting git's first line of error, unless ctx ended.
func (g *gitRunner) run(parent context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(parent, gitTimeout)
	defer cancel()
	stderr := &capWriter{max: 8 << 10}
	stdout := &capWriter{max: 1 << 20}
	cmd := g.command(ctx, stderr, args...)
	cmd.Stdout = stdout
	err := cmd.Run()
	if err != nil {
		return nil, g.failed(parent, ctx, gitVerb(args), err, stderr)
	}
	return stdout.buf.Bytes(), nil
}

// archive reads the tree of rev in repo, through 'git archive', into g.t.
func (g *gitRunner) archive(parent context.Context, repo, rev string) error {
	ctx, cancel := context.WithTimeout(parent, gitTimeout)
	defer cancel()
	stderr := &capWriter{max: 8 << 10}
	cmd := g.command(ctx, stderr, "--git-dir="+repo, "archive", "--format=tar", rev)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return g.failed(parent, ctx, "archive", err, stderr)
	}
	readErr := readTar(ctx, g.t, out)
	if readErr == nil {
		// The end of the tar stream is padding; read a little of it, so
		// that git can finish, and no more.
		_, readErr = io.CopyN(io.Discard, out, 1<<20)
		if readErr == io.EOF {
			readErr = nil
		} else if readErr == nil {
			readErr = g.t.refuse(fixGit, "git archive wrote more than a tar archive")
		}
	}
	if readErr != nil {
		if !isRefused(readErr) && ctx.Err() != nil {
			readErr = g.failed(parent, ctx, "archive", readErr, stderr)
		}
		cancel() // stop git, if it is still writing
		cmd.Wait()
		return readErr
	}
	if err := cmd.Wait(); err != nil {
		return g.failed(parent, ctx, "archive", err, stderr)
	}
	return nil
}

// failed turns the failure of a git command into an error: parent's
// error if it ended, a refusal if git ran out of time or failed.
func (g *gitRunner) failed(parent, ctx context.Context, verb string, err error, stderr *capWriter) error {
	if parent.Err() != nil {
		return fmt.Errorf("git %s: %w", verb, parent.Err())
	}
	if ctx.Err() != nil {
		return &RefusedError{Path: g.t.src, Reason: fmt.Sprintf("git %s took longer than %v", verb, gitTimeout),
			Fix: "submit the package folder or a .zip of it", Err: ctx.Err()}
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return fmt.Errorf("running git %s: %w", verb, err)
	}
	msg := strings.TrimSpace(stderr.buf.String())
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" {
		msg = exitErr.String()
	}
	return &RefusedError{Path: g.t.src, Reason: fmt.Sprintf("git %s failed: %q", verb, msg), Fix: fixGit, Err: err}
}

// gitVerb returns the git command among args, for messages.
func gitVerb(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return "git"
}

// capWriter keeps the first max bytes written to it and discards the rest.
type capWriter struct {
	buf bytes.Buffer
	max int
}

func (w *capWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
