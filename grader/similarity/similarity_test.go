package similarity_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hiringtools/grader/exercises"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/similarity"
	"github.com/hiringtools/grader/solutions"
)

// catalogOnce loads the catalog once for every test: loading applies
// every overlay, which is slow under -race.
var catalogOnce = sync.OnceValues(func() (*catalog.Catalog, error) { return catalog.Load(exercises.FS, solutions.FS) })

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalogOnce()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Broken()) > 0 {
		t.Fatalf("broken exercises: %v", cat.Broken())
	}
	return cat
}

func files(fs []catalog.File) []similarity.File {
	var out []similarity.File
	for _, f := range fs {
		out = append(out, similarity.File{Name: f.Name, Data: f.Data})
	}
	return out
}

// template is what every submission of e starts from.
func template(e *catalog.Exercise) []similarity.File {
	return files(slices.Concat(e.Stub, e.Public))
}

// testdata reads the .go files of a folder under testdata.
func testdata(t *testing.T, dir string) []similarity.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in testdata/%s (%v)", dir, err)
	}
	var out []similarity.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, similarity.File{Name: filepath.Base(p), Data: data})
	}
	return out
}

func fixture(t *testing.T, e *catalog.Exercise, name string) []similarity.File {
	t.Helper()
	for _, f := range slices.Concat(e.Fixtures, e.Good) {
		if f.Name == name {
			return files(f.Files)
		}
	}
	t.Fatalf("exercise %s has no fixture %s", e.Slug, name)
	return nil
}

// TestCatalog compares pairs of submissions of one exercise, with its
// stub and public tests as the template: copies must be flagged, and
// independent solutions must not. go test -v prints every figure.
func TestCatalog(t *testing.T) {
	cat := loadCatalog(t)
	type testCase struct {
		name   string
		slug   string
		a, b   func(e *catalog.Exercise) []similarity.File
		want   bool // flagged
		reason string
	}
	// The reference solution: an exercise that grades tests has the model
	// answer's tests (its Reference is the code they test, in the stub).
	solution := func(e *catalog.Exercise) []catalog.File {
		if e.GradesTests() {
			return e.Spec
		}
		return e.Reference
	}
	ref := func(e *catalog.Exercise) []similarity.File { return files(solution(e)) }
	fix := func(name string) func(e *catalog.Exercise) []similarity.File {
		return func(e *catalog.Exercise) []similarity.File { return fixture(t, e, name) }
	}
	mine := func(e *catalog.Exercise) []similarity.File { return testdata(t, "independent/"+e.Slug) }

	var tests []testCase
	for _, e := range cat.List() {
		tests = append(tests, testCase{
			name: "disguised copy/" + e.Slug, slug: e.Slug, a: ref,
			b:      func(e *catalog.Exercise) []similarity.File { return disguise(t, files(solution(e))) },
			want:   true,
			reason: "unexported names renamed, declarations reversed, comments replaced",
		})
	}
	for _, f := range []string{
		"circuitbreaker/race-state-without-lock",
		"fanout/latency-polling-sleep",
		"firstof/correctness-no-cancel",
		"generics/correctness-max-starts-from-zero",
		"lrucache/race-get-under-read-lock",
		"pipeline/race-generator-shares-slice",
		"ratelimiter/race-unlocked-fast-path",
		"retry/correctness-sleep-ignores-ctx",
		"semaphore/race-unlocked-held-read",
		"ttlcache/race-getnolock",
		"workerpool/race-err-reads-unlocked",
	} {
		slug, name, _ := strings.Cut(f, "/")
		tests = append(tests, testCase{
			name: "defect/" + f, slug: slug, a: ref, b: fix(name), want: true,
			reason: "a known-bad fixture is the reference with one defect",
		})
	}
	tests = append(tests,
		testCase{
			name: "derived/ratelimiter/fmt-errorf", slug: "ratelimiter", a: ref, b: fix("fmt-errorf"), want: true,
			reason: "the good fixture is the reference with fmt.Errorf for one error",
		},
		testCase{
			name: "derived/ttlcache/maphash-shards", slug: "ttlcache", a: ref, b: fix("maphash-shards"), want: true,
			reason: "the good fixture shards the reference: its heap, Set, Get and sweep are the reference's, per shard",
		},
		testCase{
			name: "independent/ratelimiter/xtime-rate", slug: "ratelimiter", a: ref, b: fix("xtime-rate"),
			reason: "golang.org/x/time/rate vendored, and a wrapper",
		},
		testCase{
			name: "independent/semaphore/xsync", slug: "semaphore", a: ref, b: fix("xsync"),
			reason: "golang.org/x/sync/semaphore vendored, and a wrapper",
		},
		testCase{
			name: "independent/lrucache/mine", slug: "lrucache", a: ref, b: mine,
			reason: "written from the prompt alone: a hand-made list",
		},
		testCase{
			name: "independent/ttlcache/mine", slug: "ttlcache", a: ref, b: mine,
			reason: "written from the prompt alone; shares only container/heap's textbook methods",
		},
		testCase{
			name: "independent/ttlcache/mine-vs-maphash-shards", slug: "ttlcache", a: fix("maphash-shards"), b: mine,
		},
	)

	run := func(t *testing.T, tc testCase) {
		e, err := cat.Get(tc.slug)
		if err != nil {
			t.Fatal(err)
		}
		docs := []similarity.Doc{{Name: "a", Files: tc.a(e)}, {Name: "b", Files: tc.b(e)}}
		pairs := similarity.Compare(docs, similarity.Options{Template: template(e)})
		if len(pairs) != 1 {
			t.Fatalf("Compare returned %d pairs, want 1", len(pairs))
		}
		p := pairs[0]
		t.Logf("similarity %.3f, longest %d lines, %d regions, flagged %v", p.Similarity, p.Longest, len(p.Regions), p.Flagged)
		if diff := cmp.Diff(tc.want, p.Flagged); diff != "" {
			t.Errorf("flagged (-want +got):\n%s\nsimilarity %.3f; %s", diff, p.Similarity, tc.reason)
		}
		if p.Flagged && (p.Longest == 0 || len(p.Regions) == 0) {
			t.Errorf("a flagged pair without regions: %+v", p)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestCatalogAcrossExercises compares the references of different
// exercises, with no template: none of them is a copy of another.
func TestCatalogAcrossExercises(t *testing.T) {
	cat := loadCatalog(t)
	var docs []similarity.Doc
	for _, e := range cat.List() {
		docs = append(docs, similarity.Doc{Name: e.Slug, Files: files(e.Reference)})
	}
	pairs := similarity.Compare(docs, similarity.Options{})
	if want := len(docs) * (len(docs) - 1) / 2; len(pairs) != want {
		t.Fatalf("Compare returned %d pairs, want %d", len(pairs), want)
	}
	var flagged []string
	for _, p := range pairs {
		if p.Flagged {
			flagged = append(flagged, fmt.Sprintf("%s %s %.3f", p.A, p.B, p.Similarity))
		}
	}
	t.Logf("highest: %s %s %.3f", pairs[0].A, pairs[0].B, pairs[0].Similarity)
	if diff := cmp.Diff([]string(nil), flagged); diff != "" {
		t.Errorf("flagged pairs (-want +got):\n%s", diff)
	}
}

// TestTemplate compares two ttlcache stubs, each barely filled in the
// same obvious way: alike only in what the stub gave them.
func TestTemplate(t *testing.T) {
	e, err := loadCatalog(t).Get("ttlcache")
	if err != nil {
		t.Fatal(err)
	}
	stub := string(e.Stub[0].Data)
	fill := func(fields, lock string) []similarity.File {
		src := strings.NewReplacer(
			`import "time"`, "import (\n\t\"sync\"\n\t\"time\"\n)",
			"type Cache struct {\n\t// TODO\n}", "type Cache struct {\n"+fields+"}",
			"\t// TODO\n", lock,
		).Replace(stub)
		if src == stub {
			t.Fatal("the ttlcache stub changed: update the test's replacements")
		}
		return []similarity.File{{Name: "ttlcache.go", Data: []byte(src)}}
	}
	docs := []similarity.Doc{
		{Name: "ada", Files: fill("\tmu sync.Mutex\n\titems map[string]interface{}\n", "\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n")},
		{Name: "bob", Files: fill("\tlock sync.Mutex\n\tdata map[string]interface{}\n", "\tc.lock.Lock()\n\tdefer c.lock.Unlock()\n")},
	}
	tests := []struct {
		name     string
		template []similarity.File
		want     bool
	}{
		{name: "without the template", template: nil, want: true},
		{name: "with the stub and public tests as template", template: template(e), want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := similarity.Compare(docs, similarity.Options{Template: tc.template})[0]
			t.Logf("similarity %.3f, %d regions", p.Similarity, len(p.Regions))
			if diff := cmp.Diff(tc.want, p.Flagged); diff != "" {
				t.Errorf("flagged (-want +got):\n%s", diff)
			}
		})
	}
}

// flaggedPairs lists the flagged pairs as "A B".
func flaggedPairs(pairs []similarity.Pair) []string {
	var out []string
	for _, p := range pairs {
		if p.Flagged {
			out = append(out, p.A+" "+p.B)
		}
	}
	slices.Sort(out)
	return out
}

// TestCommonFragments gives every submission of a batch the same large
// file (as if each had vendored one library), beside its own code.
func TestCommonFragments(t *testing.T) {
	cat := loadCatalog(t)
	ref := func(slug string) []similarity.File {
		e, err := cat.Get(slug)
		if err != nil {
			t.Fatal(err)
		}
		return files(e.Reference)
	}
	vendored := ref("generics")
	vendored[0].Name = "vendored.go"
	doc := func(name string, own []similarity.File) similarity.Doc {
		return similarity.Doc{Name: name, Files: append(slices.Clone(own), vendored...)}
	}
	// Each its own code: a reference of another exercise; and fay a
	// disguised copy of the firstof reference.
	var batch []similarity.Doc
	for _, e := range cat.List() {
		batch = append(batch, doc(e.Slug, ref(e.Slug)))
	}
	batch = append(batch, doc("fay", disguise(t, ref("firstof"))))
	if len(batch) < similarity.MinCommon {
		t.Fatalf("%d documents: the rule needs %d", len(batch), similarity.MinCommon)
	}
	everyPairOf := func(docs []similarity.Doc) []string {
		var out []string
		for i, a := range docs {
			for _, b := range docs[i+1:] {
				out = append(out, min(a.Name, b.Name)+" "+max(a.Name, b.Name))
			}
		}
		slices.Sort(out)
		return out
	}
	everyPair := everyPairOf(batch)

	type testCase struct {
		name   string
		docs   []similarity.Doc
		opts   similarity.Options
		want   []string
		reason string
	}
	tests := []testCase{
		{
			name: "a file in every submission is ignored",
			docs: batch, want: []string{"fay firstof"},
			reason: "only fay's copy of the firstof reference is evidence",
		},
		{
			name: "without the rule every pair is alike",
			docs: batch, opts: similarity.Options{Common: 1}, want: everyPair,
		},
		{
			name: "a file in most of a small batch still counts",
			docs: batch[:similarity.MinCommon-1], opts: similarity.Options{}, want: everyPairOf(batch[:similarity.MinCommon-1]),
			reason: "the vendored file is in every document, but in fewer than MinCommon",
		},
	}
	run := func(t *testing.T, tc testCase) {
		pairs := similarity.Compare(tc.docs, tc.opts)
		for _, p := range pairs {
			t.Logf("%s %s %.3f", p.A, p.B, p.Similarity)
		}
		if diff := cmp.Diff(tc.want, flaggedPairs(pairs)); diff != "" {
			t.Errorf("flagged pairs (-want +got):\n%s%s", diff, tc.reason)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestAgainst compares a batch with an earlier round's submissions.
func TestAgainst(t *testing.T) {
	cat := loadCatalog(t)
	ref := func(slug string) []similarity.File {
		e, err := cat.Get(slug)
		if err != nil {
			t.Fatal(err)
		}
		return files(e.Reference)
	}
	docs := []similarity.Doc{{Name: "bob", Files: ref("fanout")}, {Name: "ada", Files: ref("firstof")}}
	opts := similarity.Options{Against: []similarity.Doc{
		{Name: "round1/cy", Files: disguise(t, ref("firstof"))},
		{Name: "round1/dee", Files: disguise(t, ref("firstof"))},
	}}
	type pair struct {
		A, B    string
		Flagged bool
	}
	var got []pair
	for _, p := range similarity.Compare(docs, opts) {
		got = append(got, pair{p.A, p.B, p.Flagged})
	}
	slices.SortFunc(got, func(x, y pair) int { return strings.Compare(x.A+" "+x.B, y.A+" "+y.B) })
	want := []pair{
		{"ada", "bob", false},
		{"ada", "round1/cy", true},
		{"ada", "round1/dee", true},
		{"bob", "round1/cy", false},
		{"bob", "round1/dee", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pairs (-want +got):\n%s\nthe earlier round's documents are not compared with each other", diff)
	}
}

// statsA is a function, and statsB a copy of it renamed, commented,
// reformatted and moved below other code.
const statsA = `package stats

// Mean returns the mean of the positive values.
func Mean(values []float64) (float64, bool) {
	sum, n := 0.0, 0
	for _, v := range values {
		if v <= 0 {
			continue
		}
		sum += v
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}
`

const statsB = `package numbers

import "strings"

func Join(parts []string) string { return strings.Join(parts, ", ") }

/*
   Average: my own averaging, written from scratch.
*/
func Average(xs []float64) (float64, bool) {
	total, count := 0.0, 0
	for _, x := range xs {
		if x <= 0 { continue } // skip non-positive values
		total += x
		count++
	}
	if count == 0 { return 0, false }
	return total / float64(count), true
}
`

// TestRegions checks a shared fragment's lines on both sides.
func TestRegions(t *testing.T) {
	a, b := statsA, statsB
	// Tokens shared, from "func" to the last "}": the header (14: func
	// Mean ( values [ ] float64 ) ( float64 , bool ) {), the first
	// assignment (7), the loop's header (8), "if v <= 0" (4), its block
	// (3: { continue }), the two updates (3 and 2), the loop's closing
	// brace (1), the second if (10: if n == 0 { return 0 , false }), the
	// last return (9: return sum / float64 ( n ) , true) and the closing
	// brace (1).
	const shared = 14 + 7 + 8 + 4 + 3 + 3 + 2 + 1 + 10 + 9 + 1
	// a: "package stats" and the function. b: "package numbers", the
	// import (2), Join (20: func Join ( parts [ ] string ) string {
	// return strings . Join ( parts , ", " ) }) and the function.
	const countA, countB = 2 + shared, 2 + 2 + 20 + shared
	want := similarity.Pair{
		A: "a", B: "b",
		Similarity: float64(2*shared) / float64(countA+countB),
		Longest:    14,
		Regions: []similarity.Region{{
			A:      similarity.Span{File: "a.go", Start: 4, End: 17},
			B:      similarity.Span{File: "b.go", Start: 10, End: 19},
			Tokens: shared,
		}},
		Flagged: true,
	}
	docs := []similarity.Doc{
		{Name: "b", Files: []similarity.File{{Name: "b.go", Data: []byte(b)}}},
		{Name: "a", Files: []similarity.File{{Name: "a.go", Data: []byte(a)}}},
	}
	got := similarity.Compare(docs, similarity.Options{})
	if diff := cmp.Diff([]similarity.Pair{want}, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
}

// TestGuaranteeThreshold checks that a shared run of t = K+W-1 tokens
// counts and one of t-1 does not, wherever winnowing picks.
func TestGuaranteeThreshold(t *testing.T) {
	const t35 = similarity.DefaultK + similarity.DefaultW - 1
	cycle := strings.Fields(`a + 1 - 2.0 * 'c' / "s" % 3i & b | c ^ d << e >> f &^ g && h || i == j != k < l > m <= n >= o`)
	shared := func(n int) string {
		var toks []string
		for i := range n {
			toks = append(toks, cycle[i%len(cycle)])
		}
		return strings.Join(toks, " ")
	}
	type testCase struct {
		name string
		n    int
		want []similarity.Region
	}
	tests := []testCase{
		{"t tokens", t35, []similarity.Region{{A: similarity.Span{"a.go", 2, 2}, B: similarity.Span{"b.go", 3, 3}, Tokens: t35}}},
		{"t-1 tokens", t35 - 1, nil},
		{"t+1 tokens", t35 + 1, []similarity.Region{{A: similarity.Span{"a.go", 2, 2}, B: similarity.Span{"b.go", 3, 3}, Tokens: t35 + 1}}},
	}
	run := func(t *testing.T, tc testCase) {
		// Different tokens on either side of the shared run: if/else and for/go.
		a := "package p\nif " + shared(tc.n) + " else\n"
		b := "package q\n\nfor " + shared(tc.n) + " go\n"
		got := similarity.Compare([]similarity.Doc{
			{Name: "a", Files: []similarity.File{{Name: "a.go", Data: []byte(a)}}},
			{Name: "b", Files: []similarity.File{{Name: "b.go", Data: []byte(b)}}},
		}, similarity.Options{})
		if diff := cmp.Diff(tc.want, got[0].Regions); diff != "" {
			t.Errorf("regions (-want +got):\n%s", diff)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestDeterministic compares the same documents given in other orders.
func TestDeterministic(t *testing.T) {
	cat := loadCatalog(t)
	var docs []similarity.Doc
	for _, e := range cat.List() {
		docs = append(docs, similarity.Doc{Name: e.Slug, Files: files(e.Reference)})
		docs = append(docs, similarity.Doc{Name: e.Slug + "-copy", Files: disguise(t, files(e.Reference))})
		for _, f := range e.Good {
			docs = append(docs, similarity.Doc{Name: e.Slug + "-" + f.Name, Files: files(f.Files)})
		}
	}
	opts := similarity.Options{Common: 0.3}
	want := similarity.Compare(docs, opts)
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	for i := range reversed {
		reversed[i].Files = slices.Clone(reversed[i].Files)
		slices.Reverse(reversed[i].Files)
	}
	if diff := cmp.Diff(want, similarity.Compare(reversed, opts)); diff != "" {
		t.Errorf("Compare of the documents reversed (-first +reversed):\n%s", diff)
	}
	if !slices.IsSortedFunc(want, func(x, y similarity.Pair) int {
		if x.Similarity != y.Similarity {
			return -cmpFloat(x.Similarity, y.Similarity)
		}
		return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B)
	}) {
		t.Error("pairs are not sorted by similarity, then A, then B")
	}
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func TestDuplicateNamePanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), `two documents are named "ada"`) {
			t.Errorf("recovered %v, want a panic naming the duplicate", r)
		}
	}()
	similarity.Compare([]similarity.Doc{{Name: "ada"}, {Name: "bob"}}, similarity.Options{Against: []similarity.Doc{{Name: "ada"}}})
}
