package apicheck_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
