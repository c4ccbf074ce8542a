package grader

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/grader/catalog"
)

// TestVerifySymbols checks the static half of verify's proof that a test
// needs only the API it tests, on an exercise whose spec a candidate
// lacking Close would lose a Put/Get test to: the check must fail and
// name the test.
func TestVerifySymbols(t *testing.T) {
	const meta = `{"title": "T", "summary": "S", "difficulty": "easy",
  "suites": {"correctness": {"weight": 40}, "race": {"weight": 20}, "leak": {"weight": 20}, "latency": {"weight": 20}},
  "latency": [{"benchmark": "BenchmarkLatency_Get", "max_ratio": 8}]}`
	const reference = `package box

type Box struct{ n int }

func New() *Box { return &Box{} }

func (b *Box) Put(n int) { b.n = n }

func (b *Box) Get() int { return b.n }

func (b *Box) Close() {}
`
	const spec = `package box_test

import (
	"testing"

	"box"
)

func TestCorrectness_PutGet(t *testing.T) {
	b := box.New()
	defer b.Close()
	b.Put(1)
	if b.Get() != 1 {
		t.Error("Get")
	}
}

func TestRace_Close(t *testing.T) { box.New().Close() }

func TestLeak_Close(t *testing.T) { box.New().Close() }

func BenchmarkLatency_Get(b *testing.B) {
	x := box.New()
	for b.Loop() {
		x.Get()
	}
}
`
	type testCase struct {
		name   string
		spec   string
		want   Check
		reason string
	}
	run := func(t *testing.T, tc testCase) {
		ex := fstest.MapFS{
			"box/exercise.json":                  {Data: []byte(meta)},
			"box/prompt.md":                      {Data: []byte("# Box\n")},
			"box/stub/box.go":                    {Data: []byte(reference)},
			"box/testdata/spec/spec_test.go":     {Data: []byte(tc.spec)},
			"box/testdata/public/public_test.go": {Data: []byte("package box_test\n")},
		}
		cat, err := catalog.Load(ex, fstest.MapFS{"box/box.go": {Data: []byte(reference)}})
		if err != nil {
			t.Fatal(err)
		}
		if b := cat.Broken(); len(b) > 0 {
			t.Fatal(b[0])
		}
		exercise, err := cat.Get("box")
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(Options{Catalog: cat, CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.verifySymbols(context.Background(), exercise, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Check{tc.want}, got); diff != "" {
			t.Errorf("verifySymbols (-want +got):\n%s\n%s", diff, tc.reason)
		}
	}
	tests := []testCase{
		{
			name: "a test that defers a method it does not test",
			spec: spec,
			want: Check{Subject: "api", Claim: "without any one symbol, only the tests that exercise it are removed", OK: false,
				Detail: "without (*Box).Close, TestCorrectness_PutGet would score zero but use it only to clean up: clean up through an interface assertion"},
			reason: "a candidate without Close would lose the Put/Get test",
		},
		{
			name: "every test names what it tests",
			spec: strings.Replace(spec, "\tdefer b.Close()\n", "", 1),
			want: Check{Subject: "api", Claim: "without any one symbol, only the tests that exercise it are removed", OK: true,
				Detail: "5 symbols taken out one at a time"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
