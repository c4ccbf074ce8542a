package apicheck_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hiringtools/grader/grader/apicheck"
)

const reference = `package lim

import "context"

type State int

const (
	Closed State = iota
	Open
)

type Limiter struct{ n int }

type Options struct {
	Rate  int
	Burst int
}

func New(rate int) *Limiter { return &Limiter{n: rate} }

func (l *Limiter) Allow() bool { return true }

func (l *Limiter) Wait(ctx context.Context) error { return nil }

func Max[T int | float64](a T, rest ...T) T { return a }
`

const spec = `package lim_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"lim"
)

func newLimiter() *lim.Limiter { return lim.New(3) }

func TestCorrectness_Allow(t *testing.T) {
	if !newLimiter().Allow() {
		t.Error(cmp.Diff(true, false))
	}
}

func TestCorrectness_Wait(t *testing.T) {
	if err := newLimiter().Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

type waiter struct{ l *lim.Limiter }

func (w waiter) wait() error { return w.l.Wait(context.Background()) }

func TestRace_Wait(t *testing.T) { _ = waiter{newLimiter()}.wait() }

func TestCorrectness_Options(t *testing.T) { _ = lim.Options{Rate: 1, Burst: 2} }

func TestCorrectness_Max(t *testing.T) { _ = lim.Max(1, 2) }

func TestCorrectness_State(t *testing.T) { _ = lim.Open }
`

func TestCompareAndPrune(t *testing.T) {
	m, err := apicheck.NewModel("lim", []apicheck.File{{Name: "lim.go", Data: []byte(reference)}},
		[]apicheck.File{{Name: "spec_test.go", Data: []byte(spec)}}, apicheck.DefaultImporter())
	if err != nil {
		t.Fatal(err)
	}
	type testCase struct {
		name      string
		candidate string
		want      []string            // missing or mismatched symbols
		dropped   map[string][]string // tests removed from the spec
	}
	run := func(t *testing.T, tc testCase) {
		files := []apicheck.File{{Name: "c.go", Data: []byte(tc.candidate)}}
		if errs := m.TypeErrors(files); len(errs) > 0 {
			t.Fatalf("candidate does not type-check: %v", errs)
		}
		var got []string
		for _, mm := range m.Compare(files) {
			got = append(got, mm.Symbol)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Compare (-want +got):\n%s", diff)
		}
		pruned, dropped, err := m.Prune(got)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.dropped, dropped); diff != "" {
			t.Errorf("Prune dropped (-want +got):\n%s", diff)
		}
		for name := range tc.dropped {
			if strings.Contains(string(pruned[0].Data), "func "+name+"(") {
				t.Errorf("pruned spec still declares %s", name)
			}
		}
	}
	full := strings.Replace(reference, "New(rate int) *Limiter { return &Limiter{n: rate} }", "New(r int) *Limiter { return &Limiter{n: r} }", 1) // parameter names do not matter
	tests := []testCase{
		{name: "complete", candidate: full, dropped: map[string][]string{}},
		{
			name:      "generic type parameter renamed",
			candidate: strings.Replace(full, "Max[T int | float64](a T, rest ...T) T", "Max[E int | float64](a E, rest ...E) E", 1),
			dropped:   map[string][]string{},
		},
		{
			name:      "missing method",
			candidate: strings.Replace(full, "func (l *Limiter) Wait(ctx context.Context) error { return nil }", "var _ context.Context", 1),
			want:      []string{"(*Limiter).Wait"},
			dropped:   map[string][]string{"TestCorrectness_Wait": {"(*Limiter).Wait"}, "TestRace_Wait": {"(*Limiter).Wait"}},
		},
		{
			name:      "mismatched function",
			candidate: strings.Replace(full, "func New(r int) *Limiter { return &Limiter{n: r} }", "func New(r float64) *Limiter { return &Limiter{n: int(r)} }", 1),
			want:      []string{"New"},
			dropped: map[string][]string{
				"TestCorrectness_Allow": {"New"}, "TestCorrectness_Wait": {"New"}, "TestRace_Wait": {"New"},
			},
		},
		{
			name:      "missing field",
			candidate: strings.Replace(full, "Burst int", "", 1),
			want:      []string{"Options.Burst"},
			dropped:   map[string][]string{"TestCorrectness_Options": {"Options.Burst"}},
		},
		{
			name:      "constant with another value",
			candidate: strings.Replace(full, "Closed State = iota", "Closed State = iota + 1", 1),
			want:      []string{"Closed", "Open"},
			dropped:   map[string][]string{"TestCorrectness_State": {"Open"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

const genericReference = `package gen

import "cmp"

type Set[T comparable] struct{ m map[T]struct{} }

type Pair[K comparable, V any] struct {
	Key   K
	Value V
	n     int
}

func Min[T cmp.Ordered](a T, rest ...T) T { return a }

func NewSet[T comparable](items ...T) *Set[T] { return &Set[T]{} }

func (s *Set[T]) Add(v T) {}
`

// TestMismatchMessages checks what a scorecard shows of a mismatch: Go
// syntax with the declared type parameter names, and for struct types the
// fields a candidate must write, never the reference's own.
func TestMismatchMessages(t *testing.T) {
	m, err := apicheck.NewModel("gen", []apicheck.File{{Name: "gen.go", Data: []byte(genericReference)}}, nil, apicheck.DefaultImporter())
	if err != nil {
		t.Fatal(err)
	}
	type testCase struct {
		name      string
		candidate string
		want      []apicheck.Mismatch
		reason    string
	}
	run := func(t *testing.T, tc testCase) {
		got := m.Compare([]apicheck.File{{Name: "c.go", Data: []byte(tc.candidate)}})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Compare (-want +got):\n%s\n%s", diff, tc.reason)
		}
	}
	const rest = `
type Pair[K comparable, V any] struct {
	Key   K
	Value V
}

func NewSet[T comparable](items ...T) *Set[T] { return &Set[T]{} }

func (s *Set[T]) Add(v T) {}
`
	tests := []testCase{
		{
			name: "type parameters by name",
			candidate: "package gen\n\ntype Set[E comparable] struct{ items []E }\n" + rest +
				"\nfunc Min[E comparable](a, b E) E { return a }\n",
			want: []apicheck.Mismatch{{
				Symbol:   "Min",
				Expected: "func Min[T cmp.Ordered](a T, rest ...T) T",
				Found:    "func Min[E comparable](a E, b E) E",
			}},
			reason: "type parameters are compared by position but shown by the name each side declares, never as a placeholder",
		},
		{
			name:      "missing struct type",
			candidate: "package gen\n\nimport \"cmp\"\n" + rest[:0] + "\nfunc Min[T cmp.Ordered](a T, rest ...T) T { return a }\n",
			want: []apicheck.Mismatch{
				{Symbol: "NewSet", Expected: "func NewSet[T comparable](items ...T) *Set[T]"},
				{Symbol: "Pair", Expected: "type Pair[K comparable, V any] struct { Key K; Value V; /* your fields */ }"},
				{Symbol: "Pair.Key", Expected: "Pair.Key K"},
				{Symbol: "Pair.Value", Expected: "Pair.Value V"},
				{Symbol: "Set", Expected: "type Set[T comparable] struct { /* your fields */ }"},
				{Symbol: "(*Set).Add", Expected: "func (*Set[T]).Add(v T)"},
			},
			reason: "the reference's unexported fields are its own; the prompt says /* your fields */",
		},
		{
			name:      "struct type of another kind",
			candidate: "package gen\n\nimport \"cmp\"\n\ntype Set[T comparable] map[T]bool\n" + rest[:0] + strings.Replace(rest, "{ return &Set[T]{} }", "{ return nil }", 1)[1:] + "\nfunc Min[T cmp.Ordered](a T, rest ...T) T { return a }\n",
			want: []apicheck.Mismatch{{
				Symbol:   "Set",
				Expected: "type Set[T comparable] struct { /* your fields */ }",
				Found:    "type Set[T comparable] map[T]bool",
			}},
		},
		{
			name: "compared although the body does not compile",
			candidate: "package gen\n\ntype Set[T comparable] struct{ m map[T]bool }\n" + rest +
				"\nfunc Min[T comparable](a, b T) T {\n\tif a < b {\n\t\treturn a\n\t}\n\treturn b\n}\n",
			want: []apicheck.Mismatch{{
				Symbol:   "Min",
				Expected: "func Min[T cmp.Ordered](a T, rest ...T) T",
				Found:    "func Min[T comparable](a T, b T) T",
			}},
			reason: "a < b on a comparable T is a type error, but Min's declaration type-checks and says what differs from the prompt",
		},
		{
			name: "a declaration that does not type-check is not judged",
			candidate: "package gen\n\nimport \"cmp\"\n\ntype Set[T comparable] struct{ m map[T]bool }\n" + rest +
				"\nfunc Min[T cmp.Ordered](a T, rest ...Undefined) T { return a }\n",
			reason: "its compiler error (undefined: Undefined) says what is wrong",
		},
		{
			name:      "nothing is judged when the files do not parse",
			candidate: "package gen\n\nfunc Min(",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

const closerReference = `package box

type Box struct{ n int }

func New() *Box { return &Box{} }

func (b *Box) Put(n int) { b.n = n }

func (b *Box) Get() int { return b.n }

func (b *Box) Close() {}
`

// TestWithout checks the proof that a test needs only the API it tests:
// taking a symbol out of the reference must remove only the tests that
// exercise it, and leave a spec that compiles.
func TestWithout(t *testing.T) {
	type testCase struct {
		name   string
		spec   string
		symbol string
		want   apicheck.Removal // Symbol, Mismatches, Exercising, CleanupOnly, SpecErrors, Asserted
		reason string
	}
	run := func(t *testing.T, tc testCase) {
		m, err := apicheck.NewModel("box", []apicheck.File{{Name: "box.go", Data: []byte(closerReference)}},
			[]apicheck.File{{Name: "spec_test.go", Data: []byte(tc.spec)}}, apicheck.DefaultImporter())
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Without(tc.symbol)
		if err != nil {
			t.Fatal(err)
		}
		if errs := m.TypeErrors(got.Files); len(errs) > 0 {
			t.Errorf("the reference without %s does not type-check: %v", tc.symbol, errs)
		}
		opts := cmpopts.IgnoreFields(apicheck.Removal{}, "Files", "Spec", "Dropped")
		if diff := cmp.Diff(tc.want, *got, opts); diff != "" {
			t.Errorf("Without(%s) (-want +got):\n%s\n%s", tc.symbol, diff, tc.reason)
		}
	}
	const header = "package box_test\n\nimport (\n\t\"math/rand/v2\"\n\t\"testing\"\n\n\t\"box\"\n)\n\n"
	tests := []testCase{
		{
			name: "a test that defers the missing method is caught",
			spec: header + `func TestCorrectness_PutGet(t *testing.T) {
	b := box.New()
	defer b.Close()
	b.Put(1)
	if b.Get() != 1 {
		t.Error("Get")
	}
}

func TestCorrectness_Close(t *testing.T) { box.New().Close() }

func TestCorrectness_Random(t *testing.T) { box.New().Put(rand.IntN(3)) }
`,
			symbol: "(*Box).Close",
			want: apicheck.Removal{Symbol: "(*Box).Close", Mismatches: []string{"(*Box).Close"},
				Exercising: []string{"TestCorrectness_Close"}, CleanupOnly: []string{"TestCorrectness_PutGet"}},
			reason: "TestCorrectness_PutGet tests Put and Get; it only cleans up with Close",
		},
		{
			name: "clean-up in a helper's Cleanup callback is caught",
			spec: header + `func newBox(t *testing.T) *box.Box {
	b := box.New()
	t.Cleanup(b.Close)
	return b
}

func TestCorrectness_PutGet(t *testing.T) {
	b := newBox(t)
	b.Put(1)
	_ = b.Get()
}

func TestCorrectness_Random(t *testing.T) { box.New().Put(rand.IntN(3)) }
`,
			symbol: "(*Box).Close",
			want: apicheck.Removal{Symbol: "(*Box).Close", Mismatches: []string{"(*Box).Close"},
				CleanupOnly: []string{"TestCorrectness_PutGet"}},
		},
		{
			name: "clean-up through an interface assertion keeps the test",
			spec: header + `func closeBox(b any) {
	if c, ok := b.(interface{ Close() }); ok {
		c.Close()
	}
}

func TestCorrectness_PutGet(t *testing.T) {
	b := box.New()
	defer closeBox(b)
	b.Put(1)
	_ = b.Get()
}

func TestCorrectness_Random(t *testing.T) { box.New().Put(rand.IntN(3)) }
`,
			symbol: "(*Box).Close",
			want:   apicheck.Removal{Symbol: "(*Box).Close", Mismatches: []string{"(*Box).Close"}, Asserted: true},
			reason: "nothing names Close; the grading of the reference without it shows what a run does",
		},
		{
			name: "the pruned spec keeps an import whose name is not its path's last element",
			spec: header + `func TestCorrectness_Get(t *testing.T) { _ = box.New().Get() }

func TestCorrectness_Random(t *testing.T) { box.New().Put(rand.IntN(3)) }
`,
			symbol: "(*Box).Get",
			want: apicheck.Removal{Symbol: "(*Box).Get", Mismatches: []string{"(*Box).Get"},
				Exercising: []string{"TestCorrectness_Get"}},
			reason: `"math/rand/v2" is package rand; pruning took it for unused and the spec did not compile`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestPruneGenericMethod checks that a test calling a missing method of a
// generic type is removed: the spec's call resolves to the method of an
// instance, which is keyed by the method the reference declares.
func TestPruneGenericMethod(t *testing.T) {
	const spec = "package gen_test\n\nimport (\n\t\"testing\"\n\n\t\"gen\"\n)\n\nfunc TestCorrectness_Add(t *testing.T) { gen.NewSet[int]().Add(1) }\n\nfunc TestCorrectness_New(t *testing.T) { _ = gen.NewSet[int]() }\n"
	m, err := apicheck.NewModel("gen", []apicheck.File{{Name: "gen.go", Data: []byte(genericReference)}},
		[]apicheck.File{{Name: "spec_test.go", Data: []byte(spec)}}, apicheck.DefaultImporter())
	if err != nil {
		t.Fatal(err)
	}
	_, dropped, err := m.Prune([]string{"(*Set).Add"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string][]string{"TestCorrectness_Add": {"(*Set).Add"}}, dropped); diff != "" {
		t.Errorf("Prune dropped (-want +got):\n%s", diff)
	}
}
