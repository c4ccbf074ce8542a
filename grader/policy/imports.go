package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	// Modules names modules from outside the standard library, by
	// module path without a version ("github.com/golang-jwt/jwt/v5"),
	// whose packages a submission may import: the grader's binary
	// carries their source at the version of the grader's go.mod
	// (package specdeps), and the sandbox module vendors them for this
	// exercise only. A package of such a module is importable only when
	// its own imports are, under this exercise's rule (see
	// [Imports.WithVendored]): a module cannot open a door the exercise
	// keeps shut.
	Modules []string `json:"modules,omitempty"`

	// vendored maps each package of Modules that the grader carries to
	// why a submission may not import it, or "" when it may.
	vendored map[string]string
}

// moduleOf returns the module of im.Modules that holds package p, or "".
func (im Imports) moduleOf(p string) string {
	for _, m := range im.Modules {
		if p == m || strings.HasPrefix(p, m+"/") {
			return m
		}
	}
	return ""
}

// WithVendored returns im with the packages of im.Modules that the
// grader carries: pkgs maps each package the grader carries for
// candidates (those of im.Modules and of the modules they need) to its
// imports. A package of im.Modules is importable when each of its imports
// is: a standard-library package this exercise allows, or a carried
// package whose own imports are (a package of another module only
// through one of im.Modules).
func (im Imports) WithVendored(pkgs map[string][]string) Imports {
	im.vendored = map[string]string{}
	var visit func(p string, path []string) string
	visit = func(p string, path []string) string {
		if why, ok := im.vendored[p]; ok {
			return why
		}
		if slices.Contains(path, p) {
			return "" // an import cycle cannot compile; the build says so
		}
		why := ""
		for _, dep := range pkgs[p] {
			if dep == "C" {
				why = "it uses cgo"
			} else if _, ok := pkgs[dep]; ok && outsideStd(dep, "") {
				if visit(dep, append(path, p)) != "" {
					why = fmt.Sprintf("it imports %q, which this exercise does not allow", dep)
				}
			} else if im.moduleOf(dep) != "" {
				if _, ok := pkgs[dep]; !ok {
					why = fmt.Sprintf("it imports %q, which the grader does not carry", dep)
				} else if visit(dep, append(path, p)) != "" {
					why = fmt.Sprintf("it imports %q, which this exercise does not allow", dep)
				}
			} else if outsideStd(dep, "") || im.refusal(dep, "") != "" {
				why = fmt.Sprintf("it imports %q, which this exercise does not allow", dep)
			}
			if why != "" {
				break
			}
		}
		im.vendored[p] = why
		return why
	}
	for _, p := range slices.Sorted(maps.Keys(pkgs)) {
		if im.moduleOf(p) != "" {
			visit(p, nil)
		}
	}
	return im
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
	if m := im.moduleOf(p); m != "" {
		why, ok := im.vendored[p]
		switch {
		case !ok:
			return fmt.Sprintf("import %q is not allowed: the exercise allows module %s, which has no package %s that the grader carries", p, m, p)
		case why != "":
			return fmt.Sprintf("import %q is not allowed: %s", p, why)
		case slices.Contains(strings.Split(strings.TrimPrefix(p, m), "/"), "internal"):
			return fmt.Sprintf("import %q is not allowed: Go's rules keep internal packages to the code they belong to", p)
		}
		return ""
	}
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
	for i, m := range im.Modules {
		first, _, _ := strings.Cut(m, "/")
		switch {
		case !strings.Contains(first, ".") || strings.ContainsAny(m, "@ ") || strings.HasSuffix(m, "/"):
			errs = append(errs, fmt.Errorf("modules: %q is not a module path: write it as go.mod requires it, without a version (\"github.com/golang-jwt/jwt/v5\")", m))
		case slices.Contains(im.Modules[:i], m):
			errs = append(errs, fmt.Errorf("modules: %q is named twice; keep one", m))
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
