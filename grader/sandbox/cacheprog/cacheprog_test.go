package cacheprog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

// The test binary doubles as the GOCACHEPROG program: with
// CACHEPROG_TEST_WRITE set it serves the cache instead of running tests.
func TestMain(m *testing.M) {
	if w := os.Getenv("CACHEPROG_TEST_WRITE"); w != "" {
		var read []string
		if r := os.Getenv("CACHEPROG_TEST_READ"); r != "" {
			read = strings.Split(r, string(os.PathListSeparator))
		}
		if err := Serve(context.Background(), os.Stdin, os.Stdout, Config{ReadDirs: read, WriteDir: w}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// session runs Serve over the given request lines and returns the response
// lines with volatile fields (Time) dropped and DiskPath made relative to
// the first layer it is in.
func session(t *testing.T, cfg Config, lines ...string) []string {
	t.Helper()
	in := strings.Join(lines, "\n") + "\n"
	var out bytes.Buffer
	if err := Serve(context.Background(), strings.NewReader(in), &out, cfg); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	var got []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var res response
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			t.Fatalf("bad response line %q: %v", sc.Text(), err)
		}
		res.Time = nil
		for i, d := range append([]string{cfg.WriteDir}, cfg.ReadDirs...) {
			if rel, ok := strings.CutPrefix(res.DiskPath, d+"/"); ok {
				res.DiskPath = fmt.Sprintf("layer%d:%s", i, rel)
				break
			}
		}
		b, _ := json.Marshal(res)
		got = append(got, string(b))
	}
	return got
}

const hello = `"aGVsbG8="` // base64 of "hello"

func TestProtocol(t *testing.T) {
	shared := t.TempDir()
	// Fill the shared layer: action 0a.. -> output 0b.. = "hello".
	session(t, Config{WriteDir: shared},
		`{"ID":1,"Command":"put","ActionID":"CgE=","OutputID":"CwE=","BodySize":5}`, hello,
		`{"ID":2,"Command":"close"}`)

	type testCase struct {
		name   string
		read   []string
		lines  []string
		want   []string
		reason string
	}
	const caps = `{"ID":0,"KnownCommands":["get","put","close"]}`
	tests := []testCase{
		{
			name:  "miss",
			lines: []string{`{"ID":1,"Command":"get","ActionID":"AAA="}`, `{"ID":2,"Command":"close"}`},
			want:  []string{caps, `{"ID":1,"Miss":true}`, `{"ID":2}`},
		},
		{
			name:  "hit in a read layer",
			read:  []string{shared},
			lines: []string{`{"ID":1,"Command":"get","ActionID":"CgE="}`},
			want:  []string{caps, `{"ID":1,"OutputID":"CwE=","Size":5,"DiskPath":"layer1:o/0b/0b01"}`},
		},
		{
			name:   "put then get in the write layer",
			read:   []string{shared},
			lines:  []string{`{"ID":1,"Command":"put","ActionID":"DAE=","OutputID":"DQE=","BodySize":5}`, hello, `{"ID":2,"Command":"get","ActionID":"DAE="}`},
			want:   []string{caps, `{"ID":1,"DiskPath":"layer0:o/0d/0d01"}`, `{"ID":2,"OutputID":"DQE=","Size":5,"DiskPath":"layer0:o/0d/0d01"}`},
			reason: "a put answers with the path it wrote",
		},
		{
			name:   "put of an output a read layer has",
			read:   []string{shared},
			lines:  []string{`{"ID":1,"Command":"put","ActionID":"DgE=","OutputID":"CwE=","BodySize":5}`, hello},
			want:   []string{caps, `{"ID":1,"DiskPath":"layer1:o/0b/0b01"}`},
			reason: "the output is not copied; only the action entry is written",
		},
		{
			name:  "empty body",
			lines: []string{`{"ID":1,"Command":"put","ActionID":"DwE=","OutputID":"DwI="}`, `{"ID":2,"Command":"get","ActionID":"DwE="}`},
			want:  []string{caps, `{"ID":1,"DiskPath":"layer0:o/0f/0f02"}`, `{"ID":2,"OutputID":"DwI=","DiskPath":"layer0:o/0f/0f02"}`},
		},
		{
			name:  "unknown command",
			lines: []string{`{"ID":1,"Command":"get2"}`},
			want:  []string{caps, `{"ID":1,"Err":"unknown command \"get2\""}`},
		},
	}
	run := func(t *testing.T, tc testCase) {
		before := snapshot(t, shared)
		got := session(t, Config{ReadDirs: tc.read, WriteDir: t.TempDir()}, tc.lines...)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("responses (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(before, snapshot(t, shared)); diff != "" {
			t.Errorf("the read-only layer changed (-before +after):\n%s", diff)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestServeRejectsRelativeDirs(t *testing.T) {
	for _, cfg := range []Config{{WriteDir: "rel"}, {WriteDir: "/abs", ReadDirs: []string{"rel"}}} {
		err := Serve(context.Background(), strings.NewReader(""), &bytes.Buffer{}, cfg)
		if err == nil || !strings.Contains(err.Error(), "absolute") {
			t.Errorf("Serve(%+v) = %v; want an error about absolute paths", cfg, err)
		}
	}
}

// snapshot lists every file under dir with its size, mode and mtime.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %v %d", fi.Size(), fi.Mode(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stdLayer is a read layer with the standard library compiled (plain and
// -race), kept between test runs because compiling it takes a minute on a
// small machine. It is filled through Serve like any layer.
func stdLayer(t *testing.T) string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatalf("go env GOVERSION: %v", err)
	}
	return filepath.Join(base, "grader-cacheprog-test", strings.TrimSpace(string(out)))
}

const (
	modFile  = "module example.com/m\n\ngo 1.26\n"
	codeFile = "package m\n\nfunc Add(a, b int) int { return a + b }\n"
	testFile = "package m\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"1+2 != 3\")\n\t}\n}\n"
)

// goCmd runs the go command in dir with the test binary as GOCACHEPROG
// over the given layers, and returns its stderr (with -x, the commands it
// ran).
func goCmd(t *testing.T, dir string, read []string, write string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GOCACHEPROG="+os.Args[0],
		"CACHEPROG_TEST_WRITE="+write,
		"CACHEPROG_TEST_READ="+strings.Join(read, string(os.PathListSeparator)),
		"GOCACHE="+t.TempDir(),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"CGO_ENABLED=1",
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil {
		t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return stderr.String()
}

// compiles counts the compiler runs in go -x output.
func compiles(xout string) int {
	n := 0
	for _, line := range strings.Split(xout, "\n") {
		if strings.Contains(line, "/compile ") && !strings.Contains(line, "-V=full") {
			n++
		}
	}
	return n
}

func writeModule(t *testing.T, dir, code string) {
	t.Helper()
	for name, text := range map[string]string{"go.mod": modFile, "m.go": code, "m_test.go": testFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGoBuildThroughLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with the go command")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("-race needs cgo and gcc; install gcc")
	}
	std := stdLayer(t)
	shared := t.TempDir()
	mod := t.TempDir()
	writeModule(t, mod, codeFile)

	// Warm-up (trusted): the standard library goes to the kept std layer
	// once, the module's packages to the shared layer.
	for _, race := range []string{"-race=false", "-race"} {
		start := time.Now()
		goCmd(t, mod, nil, std, "test", "-c", race, "-o", os.DevNull, "./...")
		t.Logf("std layer %s: %v", race, time.Since(start))
		goCmd(t, mod, []string{std}, shared, "test", "-c", race, "-o", os.DevNull, "./...")
	}

	t.Run("second build hits", func(t *testing.T) {
		start := time.Now()
		x := goCmd(t, mod, []string{shared, std}, t.TempDir(), "test", "-x", "-c", "-o", os.DevNull, "./...")
		if n := compiles(x); n != 0 {
			t.Errorf("the second build compiled %d packages; want all from the cache", n)
		}
		t.Logf("cached build: %v", time.Since(start))
	})

	t.Run("candidate build leaves shared alone", func(t *testing.T) {
		before := snapshot(t, shared)
		cand := t.TempDir()
		writeModule(t, cand, "package m\n\n// Add adds, differently.\nfunc Add(a, b int) int { return b + a }\n")
		scratch := t.TempDir()
		for _, race := range []string{"-race=false", "-race"} {
			bin := filepath.Join(t.TempDir(), "m.test")
			x := goCmd(t, cand, []string{shared, std}, scratch, "test", "-x", "-c", race, "-o", bin, ".")
			if n := compiles(x); n == 0 || n > 2 {
				t.Errorf("go test -c %s compiled %d packages; want the candidate's package and its test main only", race, n)
			}
			out, err := exec.Command(bin, "-test.v").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "PASS: TestAdd") {
				t.Errorf("the %s test binary: %v\n%s", race, err, out)
			}
		}
		if diff := cmp.Diff(before, snapshot(t, shared)); diff != "" {
			t.Errorf("a candidate build changed the shared layer (-before +after):\n%s", diff)
		}
		if len(snapshot(t, scratch)) < 3 {
			t.Errorf("the candidate build put nothing in its own layer")
		}
	})
}
