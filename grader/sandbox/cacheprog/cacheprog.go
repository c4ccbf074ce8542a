// Package cacheprog is a GOCACHEPROG program: a Go build cache in layers,
// so that a sandboxed build can read a shared cache without being able to
// write to it.
//
// The go command starts the program named by GOCACHEPROG and speaks a JSON
// protocol with it over stdin and stdout (see 'go doc cmd/go' and
// cmd/go/internal/cacheprog). [Serve] implements that protocol over
// directories: puts go to [Config.WriteDir]; gets look in WriteDir, then
// in each of [Config.ReadDirs] in order, which are never written. The
// grader runs a trusted warm-up build with WriteDir set to the shared
// cache, and each candidate build with ReadDirs = [shared] and a per-run
// WriteDir, with the shared directory mounted read-only (at the same path)
// in the candidate's sandbox.
//
// # Layout
//
// A directory holds a/<xx>/<action id in hex>, one line "v1 <output id in
// hex> <size> <unix nanoseconds>", and o/<xx>/<output id in hex>, the
// output itself, where xx is the first two hex digits. Files are written
// to a temporary name and renamed, so a reader never sees half a file;
// they are world-readable (0644, directories 0755) because the next
// reader is another sandbox user. The layout is private to this package
// and may change; nothing trims it.
package cacheprog

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config says where the cache lives. Every path must be absolute, and as
// the go command will see it: DiskPath answers are paths in these
// directories.
type Config struct {
	// ReadDirs are read-only layers, searched in order after WriteDir.
	// A directory that does not exist is an empty layer.
	ReadDirs []string
	// WriteDir is where puts go. It is created if needed.
	WriteDir string
}

// request is cmd/go/internal/cacheprog.Request on the wire.
type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

// response is cmd/go/internal/cacheprog.Response on the wire.
type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// Serve answers the go command's requests from r on w until the go
// command sends "close" (then it returns nil), r ends (nil), ctx is done
// (checked between requests; ctx.Err()) or the stream is broken (an
// error). A request that fails, such as a put on a full disk, is answered
// with an error for the go command and does not end Serve.
func Serve(ctx context.Context, r io.Reader, w io.Writer, cfg Config) error {
	if cfg.WriteDir == "" || !filepath.IsAbs(cfg.WriteDir) {
		return fmt.Errorf("cacheprog: write directory %q is not an absolute path; pass --write with an absolute directory", cfg.WriteDir)
	}
	for _, d := range cfg.ReadDirs {
		if !filepath.IsAbs(d) {
			return fmt.Errorf("cacheprog: read directory %q is not an absolute path; pass --read with an absolute directory", d)
		}
	}
	c := &cache{cfg: cfg}
	dec := json.NewDecoder(bufio.NewReader(r))
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	send := func(res response) error {
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("cacheprog: writing to the go command: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("cacheprog: writing to the go command: %w", err)
		}
		return nil
	}
	if err := send(response{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("cacheprog: reading a request from the go command: %w", err)
		}
		var res response
		switch req.Command {
		case "get":
			res = c.get(req)
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil {
					return fmt.Errorf("cacheprog: reading the body of put %d: %w", req.ID, err)
				}
			}
			res = c.put(req, body)
		case "close":
			return send(response{ID: req.ID})
		default:
			res = response{ID: req.ID, Err: fmt.Sprintf("unknown command %q", req.Command)}
		}
		if err := send(res); err != nil {
			return err
		}
	}
}

type cache struct {
	cfg Config
}

func shard(dir, kind string, id []byte) string {
	h := hex.EncodeToString(id)
	if len(h) < 2 {
		h = "00" + h
	}
	return filepath.Join(dir, kind, h[:2], h)
}

// entry is a parsed action file.
type entry struct {
	outputID []byte
	size     int64
	time     time.Time
}

func readEntry(path string) (entry, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return entry{}, false
	}
	f := strings.Fields(string(b))
	if len(f) != 4 || f[0] != "v1" {
		return entry{}, false
	}
	out, err1 := hex.DecodeString(f[1])
	size, err2 := strconv.ParseInt(f[2], 10, 64)
	ns, err3 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || len(out) == 0 {
		return entry{}, false
	}
	return entry{outputID: out, size: size, time: time.Unix(0, ns)}, true
}

func (c *cache) layers() []string {
	return append([]string{c.cfg.WriteDir}, c.cfg.ReadDirs...)
}

// findOutput returns the path of an output of the given size in any layer.
func (c *cache) findOutput(outputID []byte, size int64) (string, bool) {
	for _, d := range c.layers() {
		p := shard(d, "o", outputID)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == size {
			return p, true
		}
	}
	return "", false
}

func (c *cache) get(req request) response {
	if len(req.ActionID) == 0 {
		return response{ID: req.ID, Err: "get without an ActionID"}
	}
	for _, d := range c.layers() {
		e, ok := readEntry(shard(d, "a", req.ActionID))
		if !ok {
			continue
		}
		p, ok := c.findOutput(e.outputID, e.size)
		if !ok {
			continue
		}
		t := e.time
		return response{ID: req.ID, OutputID: e.outputID, Size: e.size, Time: &t, DiskPath: p}
	}
	return response{ID: req.ID, Miss: true}
}

func (c *cache) put(req request, body []byte) response {
	if len(req.ActionID) == 0 || len(req.OutputID) == 0 {
		return response{ID: req.ID, Err: "put without an ActionID or OutputID"}
	}
	if int64(len(body)) != req.BodySize {
		return response{ID: req.ID, Err: fmt.Sprintf("put body is %d bytes, BodySize says %d", len(body), req.BodySize)}
	}
	p, ok := c.findOutput(req.OutputID, req.BodySize)
	if !ok {
		p = shard(c.cfg.WriteDir, "o", req.OutputID)
		if err := writeAtomic(p, body); err != nil {
			return response{ID: req.ID, Err: err.Error()}
		}
	}
	line := fmt.Sprintf("v1 %x %d %d\n", req.OutputID, req.BodySize, time.Now().UnixNano())
	if err := writeAtomic(shard(c.cfg.WriteDir, "a", req.ActionID), []byte(line)); err != nil {
		return response{ID: req.ID, Err: err.Error()}
	}
	return response{ID: req.ID, DiskPath: p}
}

// writeAtomic writes data to path through a temporary file in the same
// directory, world-readable.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cacheprog: %w", err)
	}
	// Whatever the umask, the next reader (another uid) must get in.
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(dir), 0o755)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cacheprog: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cacheprog: writing %s: %w", path, err)
	}
	return nil
}
