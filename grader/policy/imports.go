package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// A Denial keeps a standard-library package out of every submission,
// unless an exercise opens it ([Imports.Allow]).
type Denial struct {
	// Path is an import path, or a path followed by "/..." for that
	// package and every package under it.
	Path string
	// Why it is denied: what the package reaches, in words a candidate
	// reads after "import "x" is not allowed: ".
	Why string
	// Openable reports whether an exercise may open the package for its
	// subject (a service exercise opens net and net/http). The routes
	// around Go's rules and the sandbox's (unsafe, syscall, plugin,
	// internal packages, the test framework, ...) are never opened.
	Openable bool
}

// Denied is the project-wide import rule: the standard library is allowed
// except these packages. Each reaches outside the test process or around
// Go's rules; see the reason of each.
var Denied = []Denial{
	{Path: "unsafe", Why: "it steps around Go's memory safety: it can read and write any memory of the test process, the hidden spec's and the test framework's included"},
	{Path: "syscall", Why: "it calls the kernel directly"},
	{Path: "os", Why: "it reaches the machine: files, the environment, other processes and the process's own exit", Openable: true},
	{Path: "os/exec", Why: "it starts other programs"},
	{Path: "os/signal", Why: "it takes over the process's signals", Openable: true},
	{Path: "os/user", Why: "it reads the machine's user accounts"},
	{Path: "io/ioutil", Why: "it reads and writes files and directories", Openable: true},
	{Path: "path/filepath", Why: "it reads the file system (Walk, Glob, EvalSymlinks, Abs); package path handles slash-separated paths without touching files", Openable: true},
	{Path: "net", Why: "it opens network connections (the sandbox has no network)", Openable: true},
	{Path: "net/http/...", Why: "it serves and fetches over the network (the sandbox has no network)", Openable: true},
	{Path: "net/rpc/...", Why: "it calls and serves over the network (the sandbox has no network)", Openable: true},
	{Path: "net/smtp", Why: "it dials mail servers over the network", Openable: true},
	{Path: "net/textproto", Why: "it dials network connections", Openable: true},
	{Path: "crypto/tls", Why: "it dials and serves network connections", Openable: true},
	{Path: "log/syslog", Why: "it writes to the machine's system log over a socket", Openable: true},
	{Path: "expvar", Why: "it publishes variables on an HTTP server", Openable: true},
	{Path: "plugin", Why: "it loads compiled code from files at run time"},
	{Path: "embed", Why: "it reads files of the build machine into the program (the //go:embed directive is refused too)"},
	{Path: "go/build", Why: "it runs the go command and reads the machine's Go installation"},
	{Path: "go/importer", Why: "it runs the go command and reads compiled packages from the machine"},
	{Path: "debug/...", Why: "it reads executables and their debug information (the test binary holds the hidden spec)"},
	{Path: "runtime/debug", Why: "it changes the runtime settings the grader measures and limits (memory limit, GC, stack size, panics on faults) and writes heap dumps to files"},
	{Path: "runtime/pprof", Why: "it profiles the whole test process and writes the profiles out", Openable: true},
	{Path: "runtime/trace", Why: "it traces the whole test process and writes the trace out", Openable: true},
	{Path: "runtime/coverage", Why: "it writes coverage data to files"},
	{Path: "runtime/cgo", Why: "it is cgo's runtime support; write the solution in Go"},
	{Path: "runtime/race", Why: "it is the race detector's own runtime, which the race suite's verdicts rely on"},
	{Path: "testing/...", Why: "the test framework belongs to the hidden spec: a submission that drives it could register its flags or print the lines the grader reads as results"},
	{Path: "internal/...", Why: "Go's rules keep internal packages to the code they belong to"},
	{Path: "vendor/...", Why: "the standard library's vendored copies are not importable"},
}

// Imports are an exercise's exceptions to the project-wide import rule,
// the "imports" object of its exercise.json. The zero value means the rule
// as it is.
type Imports struct {
	// Allow opens packages of [Denied] that the exercise's subject needs,
	// by exact import path (opening "net/http" does not open
	// "net/http/pprof"). Only Openable denials may be opened.
	Allow []string `json:"allow,omitempty"`
	// Forbid keeps more standard-library packages out of this exercise
	// only, each with the reason, which the prompt must say: only where
	// using the package would defeat the exercise (a heap exercise
	// forbidding container/heap).
	Forbid map[string]string `json:"forbid,omitempty"`
}

// denial returns the denial of import path p, if one applies.
func denial(p string) (Denial, bool) {
	for _, d := range Denied {
		if prefix, ok := strings.CutSuffix(d.Path, "/..."); ok {
			if p == prefix || strings.HasPrefix(p, prefix+"/") {
				return d, true
			}
		} else if p == d.Path {
			return d, true
		}
	}
	return Denial{}, false
}

// outsideStd reports whether p cannot be a standard-library path: its
// first element has a dot (a module path), or it names the submission's
// own package or module.
func outsideStd(p, pkg string) bool {
	first, _, _ := strings.Cut(p, "/")
	return strings.Contains(first, ".") || first == pkg
}

// refusal returns why a submission of package pkg may not import p under
// im, or "" if it may.
func (im Imports) refusal(p, pkg string) string {
	if outsideStd(p, pkg) {
		return fmt.Sprintf("import %q is not allowed: only the standard library may be imported (a submission is one package, graded alone); copy what you need into your package", p)
	}
	if why, ok := im.Forbid[p]; ok {
		return fmt.Sprintf("import %q is not allowed in this exercise: %s", p, why)
	}
	if slices.Contains(im.Allow, p) {
		return ""
	}
	if d, ok := denial(p); ok {
		return fmt.Sprintf("import %q is not allowed: %s", p, d.Why)
	}
	if slices.Contains(strings.Split(p, "/"), "internal") {
		return fmt.Sprintf("import %q is not allowed: Go's rules keep internal packages to the code they belong to", p)
	}
	return ""
}

// Validate reports an exercise author's mistake in im: opening a package
// that is not denied or may never be opened, or forbidding one without a
// reason, one outside the standard library or one denied already.
func (im Imports) Validate() error {
	var errs []error
	for _, p := range im.Allow {
		d, ok := denial(p)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("allow: %q is allowed already (the standard library is, except the packages policy.Denied lists); remove it", p))
		case !d.Openable:
			errs = append(errs, fmt.Errorf("allow: %q may never be opened: %s", p, d.Why))
		}
	}
	keys := make([]string, 0, len(im.Forbid))
	for p := range im.Forbid {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		_, denied := denial(p)
		switch {
		case strings.TrimSpace(im.Forbid[p]) == "":
			errs = append(errs, fmt.Errorf("forbid: %q needs a reason: why using it would defeat the exercise", p))
		case outsideStd(p, ""), p == "C":
			errs = append(errs, fmt.Errorf("forbid: %q is not a standard-library package; only those are allowed at all", p))
		case denied:
			errs = append(errs, fmt.Errorf("forbid: %q is denied to every exercise already; remove it", p))
		case slices.Contains(im.Allow, p):
			errs = append(errs, fmt.Errorf("forbid: %q is also in allow; keep one", p))
		}
	}
	return errors.Join(errs...)
}

// UnmarshalJSON reads the "imports" object of exercise.json, strictly,
// and explains the list form of earlier versions.
func (im *Imports) UnmarshalJSON(b []byte) error {
	if t := strings.TrimSpace(string(b)); strings.HasPrefix(t, "[") {
		return errors.New(`imports is no longer a list: the standard library is allowed except what policy.Denied lists; remove the field, or give {"allow": [...], "forbid": {...}} (see docs/exercise-format.md)`)
	}
	type plain Imports
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v plain
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("imports: %w", err)
	}
	*im = Imports(v)
	return nil
}
