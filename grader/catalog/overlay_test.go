package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refSrc is the reference of most cases: a package doc, imports, a
// generic type with methods, a function, a var block and a constant.
const refSrc = `// Package p is the reference.
package p

import (
	"errors"
	"sync"
)

// ErrEmpty is returned by Pop on an empty stack.
var ErrEmpty = errors.New("empty")

// Stack is a stack.
type Stack[T any] struct {
	mu    sync.Mutex
	items []T
}

// Push pushes v.
func (s *Stack[T]) Push(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, v)
}

// Pop pops.
func (s *Stack[T]) Pop() (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero T
	if len(s.items) == 0 {
		return zero, ErrEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

var (
	a = 1
	b = 2
)

const limit = 10 // the most

// Len is a function.
func Len[T any](s *Stack[T]) int { return len(s.items) }
`

func TestApplyOverlay(t *testing.T) {
	type testCase struct {
		name    string
		ref     []File // default: p.go holding refSrc
		overlay string
		want    map[string]string // file name to contents, for the files that change
		wantErr string
	}
	run := func(t *testing.T, tc testCase) {
		ref := tc.ref
		if ref == nil {
			ref = []File{{Name: "p.go", Data: []byte(refSrc)}}
		}
		got, err := applyOverlay(ref, File{Name: OverlayName, Data: []byte(tc.overlay)})
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if diff := cmp.Diff(tc.wantErr, gotErr); diff != "" {
			t.Fatalf("error (-want +got):\n%s", diff)
		}
		if err != nil {
			return
		}
		var want []File
		for _, f := range ref {
			if s, ok := tc.want[f.Name]; ok {
				want = append(want, File{Name: f.Name, Data: []byte(s)})
			} else {
				want = append(want, f)
			}
		}
		if diff := cmp.Diff(want, got, cmp.Transformer("string", func(b []byte) string { return string(b) })); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
	}
	for _, tc := range []testCase{
		{
			name: "a method replaced, an import added and one dropped",
			overlay: `// Defect: Push does not lock.

package p

import "fmt"

// Push pushes v, unlocked.
func (s *Stack[T]) Push(v T) {
	fmt.Println("push")
	s.items = append(s.items, v)
}
`,
			want: map[string]string{"p.go": `// Defect: Push does not lock.

// Package p is the reference.
package p

import (
	"errors"
	"fmt"
	"sync"
)

// ErrEmpty is returned by Pop on an empty stack.
var ErrEmpty = errors.New("empty")

// Stack is a stack.
type Stack[T any] struct {
	mu    sync.Mutex
	items []T
}

// Push pushes v, unlocked.
func (s *Stack[T]) Push(v T) {
	fmt.Println("push")
	s.items = append(s.items, v)
}

// Pop pops.
func (s *Stack[T]) Pop() (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero T
	if len(s.items) == 0 {
		return zero, ErrEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

var (
	a = 1
	b = 2
)

const limit = 10 // the most

// Len is a function.
func Len[T any](s *Stack[T]) int { return len(s.items) }
`},
		},
		{
			name: "new declarations go next to their neighbours, deletions and a block",
			overlay: `//grader:delete ErrEmpty Len
// Defect: Pop panics on an empty stack.

package p

// peek is new, before the first replacement.
//
//grader:new
func peek() {}

// Pop pops.
func (s *Stack[T]) Pop() (T, error) {
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

//grader:new
var extra = 3

var (
	a = 1
	b = 3
	c = 4
)

const limit = 20 // the most, doubled
`,
			want: map[string]string{"p.go": `// Defect: Pop panics on an empty stack.

// Package p is the reference.
package p

import "sync"

// Stack is a stack.
type Stack[T any] struct {
	mu    sync.Mutex
	items []T
}

// Push pushes v.
func (s *Stack[T]) Push(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, v)
}

// peek is new, before the first replacement.
func peek() {}

// Pop pops.
func (s *Stack[T]) Pop() (T, error) {
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

var extra = 3

var (
	a = 1
	b = 3
	c = 4
)

const limit = 20 // the most, doubled
`},
		},
		{
			name: "only new declarations go at the end; a package doc replaces the reference's",
			overlay: `// Defect: an extra goroutine.

// Package p is a known-bad copy.
package p

import "time"

//grader:new
func init() { go time.Sleep(time.Hour) }
`,
			want: map[string]string{"p.go": `// Defect: an extra goroutine.

// Package p is a known-bad copy.
package p

import (
	"errors"
	"sync"
	"time"
)

// ErrEmpty is returned by Pop on an empty stack.
var ErrEmpty = errors.New("empty")

// Stack is a stack.
type Stack[T any] struct {
	mu    sync.Mutex
	items []T
}

// Push pushes v.
func (s *Stack[T]) Push(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, v)
}

// Pop pops.
func (s *Stack[T]) Pop() (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero T
	if len(s.items) == 0 {
		return zero, ErrEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

var (
	a = 1
	b = 2
)

const limit = 10 // the most

// Len is a function.
func Len[T any](s *Stack[T]) int { return len(s.items) }

func init() { go time.Sleep(time.Hour) }
`},
		},
		{
			name: "a reference of two files: only the one changed is rewritten",
			ref: []File{
				{Name: "a.go", Data: []byte("package p\n\nimport \"math/rand/v2\"\n\nfunc A() int { return rand.IntN(3) }\n")},
				{Name: "b.go", Data: []byte("package p\n\nimport \"strings\"\n\nfunc B() string { return strings.Repeat(\"b\", 2) }\n")},
			},
			overlay: "// Defect: B is short.\n\npackage p\n\nimport \"math/rand/v2\"\n\nfunc B() string { return string(rune('a' + rand.IntN(3))) }\n",
			want: map[string]string{
				"b.go": "// Defect: B is short.\n\npackage p\n\nimport \"math/rand/v2\"\n\nfunc B() string { return string(rune('a' + rand.IntN(3))) }\n",
			},
		},
		{
			name: "a directive in a package doc comment leaves no empty line behind",
			overlay: `// Defect: no Len.
//
//grader:delete Len
package p
`,
			want: map[string]string{"p.go": strings.Replace(strings.TrimSuffix(refSrc, `
// Len is a function.
func Len[T any](s *Stack[T]) int { return len(s.items) }
`), "// Package p is the reference.", "// Defect: no Len.", 1)},
		},
		{
			name:    "an overlay that does not parse",
			overlay: "package p\n\nfunc (s *Stack[T]) Push(v T) {\n",
			wantErr: "does not parse: overlay.go:3:32: expected '}', found 'EOF'; an overlay is a Go file: a package clause, imports and whole declarations",
		},
		{
			name:    "a declaration the reference does not have",
			overlay: "package p\n\nfunc (s *Stack[T]) Peek() T { var z T; return z }\n",
			wantErr: "Stack.Peek: the reference has no Stack.Peek; if the fixture adds it, put //grader:new on a line of its own in its doc comment; if it replaces a declaration, use the reference's name (Type.Method for a method)",
		},
		{
			name:    "marked new but the reference has it",
			overlay: "package p\n\n//grader:new\nfunc Len() int { return 0 }\n",
			wantErr: "Len: marked //grader:new, but the reference declares Len; remove the mark to replace the reference's",
		},
		{
			name:    "a block that leaves a name out",
			overlay: "package p\n\nvar (\n\ta = 5\n)\n",
			wantErr: "a: replaces the reference's block of a, b but leaves out b; write the whole block, with b in it",
		},
		{
			name:    "a block across two declarations",
			overlay: "package p\n\nvar (\n\ta, b = 5, 6\n\tErrEmpty error\n)\n",
			wantErr: "a, b, ErrEmpty: replaces two declarations of the reference (a, b and ErrEmpty); write one declaration for each",
		},
		{
			name:    "replaced twice",
			overlay: "package p\n\nfunc Len() int { return 0 }\n\nfunc Len() int { return 1 }\n",
			wantErr: "Len: the reference's declaration of Len is already replaced; replace it once",
		},
		{
			name:    "deleted and replaced",
			overlay: "//grader:delete Len\n\npackage p\n\nfunc Len() int { return 0 }\n",
			wantErr: "Len: the reference's declaration of Len is already deleted; replace it once",
		},
		{
			name:    "deleting what the reference does not have",
			overlay: "//grader:delete Stack.Peek\n\npackage p\n",
			wantErr: "Stack.Peek: //grader:delete: the reference has no Stack.Peek; name a declaration of the reference (Type.Method for a method)",
		},
		{
			name:    "deleting one name of a block",
			overlay: "//grader:delete a\n\npackage p\n",
			wantErr: "a: //grader:delete: the reference declares a in a block with a, b; write the block without it instead",
		},
		{
			name:    "an ambiguous name",
			ref:     []File{{Name: "p.go", Data: []byte("package p\n\nfunc init() {}\n\nfunc init() {}\n")}},
			overlay: "package p\n\nfunc init() { panic(1) }\n",
			wantErr: "init: the reference declares init more than once, so an overlay cannot say which it replaces; make this fixture whole files",
		},
		{
			name:    "an unknown directive",
			overlay: "//grader:remove Len\n\npackage p\n",
			wantErr: "line 1: unknown directive //grader:remove; an overlay knows //grader:new and //grader:delete",
		},
		{
			name:    "a new mark outside a doc comment",
			overlay: "//grader:new\n\npackage p\n",
			wantErr: "line 1: //grader:new stands alone on a line of the doc comment of the declaration it marks",
		},
		{
			name:    "another package",
			overlay: "package q\n\nfunc Len() int { return 0 }\n",
			wantErr: `package q: the reference is package p; write "package p"`,
		},
		{
			name:    "nothing changed",
			overlay: "// Defect: none.\n\npackage p\n\nimport \"fmt\"\n",
			wantErr: "changes nothing in the reference; an overlay holds the declarations the fixture changes",
		},
		{
			name:    "a reference that does not parse",
			ref:     []File{{Name: "p.go", Data: []byte("package p\n\nfunc Len( {}\n")}},
			overlay: "package p\n\nfunc Len() int { return 0 }\n",
			wantErr: "the reference p.go does not parse: p.go:3:11: expected ')', found '{'",
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
