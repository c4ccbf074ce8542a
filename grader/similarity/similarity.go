// Package similarity finds submissions whose code is alike beyond
// chance, as evidence for a person to judge: it is advisory, never a
// verdict, and whatever shows its results must say so.
//
// # Method
//
// Each file is read with go/scanner into tokens, normalised so that
// renaming and reformatting change nothing: comments and semicolons (which
// follow from line breaks) are dropped, every identifier becomes one class
// token and every literal the class of its kind (INT, STRING, ...);
// keywords, operators and punctuation stay as they are. What is not
// evidence (below) is taken out, and every run of K of the tokens left
// (a k-gram) is hashed. Fingerprints are chosen from the hashes by robust
// winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
// for document fingerprinting", SIGMOD 2003, the method behind MOSS and
// Dolos): in every window of W consecutive k-grams, the smallest hash.
// Two files that share a run of at least t = W+K-1 tokens (the guarantee
// threshold) share a fingerprint, and no run shorter than K is ever seen.
//
// Each fingerprint remembers its file and token position, and each token
// its lines. Two documents' shared fingerprints are seeds: each is checked
// token by token (so a hash collision matches nothing) and extended both
// ways while the tokens agree, into a maximal shared run. Runs shorter
// than t are dropped, so what counts does not depend on which k-grams
// winnowing happened to pick: every shared run of t tokens or more is
// found, and nothing shorter counts. The runs are then tiled greedily,
// longest first, so that each token of either document is matched at most
// once (as in JPlag's greedy string tiling); a run that overlaps a tile
// keeps its parts that do not, if they are t tokens or longer. Each tile
// is a [Region]: the lines of one document's file, from the tile's first
// token to its last, beside the other's.
//
// # What is not evidence
//
// Code every submission starts from is not evidence. The exercise's stub
// and public tests are the template ([Options.Template]), and a document
// loses, before anything is compared, every run of K tokens found in the
// template (as MOSS does with a base file) and, in each function whose
// header (from func to the brace that opens its body) is a header of the
// template, that header and every line of its body that is, token for
// token, a line of a template function's body ("return nil, false"). The
// candidate's own code is what is left between those, and a piece left
// shorter than K tokens, such as a lock and its deferred unlock filled in
// where the stub said TODO, is taken out too; the pieces that remain are
// joined, so that a copied function keeps the parts of it on either side
// of a stub line it kept.
//
// And a k-gram found in more than [Options.Common] of the documents (the
// batch and [Options.Against] together, by default one half), and in at
// least [MinCommon] (10) of them, is taken out as well, as Dolos does
// with its maximum fingerprint percentage and MOSS with its -m option
// (by default, a passage in more than 10 programs): what most candidates
// write is the obvious way to write it. The minimum keeps the rule from
// hiding a solution that a few submissions of a small batch share, such
// as one found on the web; so in a batch of fewer than 10 the rule never
// applies.
//
// # Similarity and the flag
//
// A pair's [Pair.Similarity] is the share of the two documents' tokens
// (those left once what is not evidence is out) that lie in its regions:
// 2×tiled / (tokensA + tokensB), from 0 to 1 (JPlag's average similarity;
// Dolos's, over tokens rather than fingerprints). A pair is flagged, alike
// beyond chance, when its similarity is at least [Options.Threshold]
// (by default [DefaultThreshold]).
//
// # Why these parameters
//
// [DefaultK] is 20 tokens and [DefaultW] 16 k-grams, so t is 35 tokens.
// Dolos uses k=23 and w=17, but over tree-sitter syntax trees written out
// as "(node-type ...)", about three tokens a node, where a Go scanner
// token is closer to one node: Dolos's 23 is some 8 to 10 source tokens.
// Our alphabet is smaller (every name is one token), so k is longer: the
// commonest Go idioms, "if err != nil { return err }" (7 tokens once
// normalised) or a lock with its deferred unlock (14), fit in a k-gram
// with room to spare, and 20 tokens are two to three lines of code. A t
// of 35 tokens, four to five lines, is the shortest fragment that counts.
//
// The package tests print the figures they see on this repository's
// catalog (go test -v -run TestCatalog). A copy of a reference solution
// with every unexported name renamed, its declarations in reverse order
// and its comments replaced scores 0.65 to 0.96; a reference with one
// deliberate defect (a known-bad fixture of each exercise), 0.88 to 1. Solutions written independently of the
// reference score 0 to 0.21 against it, and references of different
// exercises at most 0.15 against each other. The 0.21 is a cache that,
// like the reference, keeps expiry times in a container/heap: the heap's
// five methods are written the same way by everyone who follows the
// package's example, which the common-fragment rule takes out of a batch
// where most candidates write them. [DefaultThreshold] is 0.4, about
// halfway between the highest figure by chance and the lowest by copying.
// Other parameters did worse on the same pairs: with k=15 and w=11 the
// independent solutions reach 0.36 and different exercises 0.24; with
// Dolos's k=23 and w=17 (t=39), a disguised copy of the pipeline
// reference falls to 0.45, its short functions no longer counting.
//
// # Limits
//
// It sees shared code, not intent. A copy edited statement by statement
// (loops turned around, statements reordered inside functions, lines
// added every few lines) shares fewer runs of t tokens and scores lower,
// and short functions moved around count for nothing, being shorter than
// t. Two candidates who followed the same example or tutorial are alike
// for that reason alone. A flag says where to look, and the regions what
// to read: the judgement is a person's.
package similarity

import (
	"cmp"
	"fmt"
	"slices"
)

// The defaults, chosen as the package doc explains.
const (
	DefaultK         = 20  // tokens per k-gram: the noise threshold
	DefaultW         = 16  // k-grams per winnowing window
	DefaultCommon    = 0.5 // a k-gram in more than this share of the documents is common
	DefaultThreshold = 0.4 // a pair at or above this similarity is flagged
	MinCommon        = 10  // a k-gram in fewer documents than this is never common
	maxOccurrences   = 16  // seeds kept per fingerprint per document
	// MaxTokens bounds the work on a huge document: of its tokens that
	// count, only the first MaxTokens are compared.
	MaxTokens = 100_000
)

// File is one Go source file: its name (a base name or a path inside the
// document; regions name it) and its contents.
type File struct {
	Name string
	Data []byte
}

// Doc is one document to compare: a submission's package (its Go source
// files), named by Name, which must be unique among the documents of one
// [Compare] call.
type Doc struct {
	Name  string
	Files []File
}

// Options tune [Compare]. The zero value compares the documents with
// each other with the defaults and no template.
type Options struct {
	// Template is the code every submission starts from (the exercise's
	// stub and public tests): what of it a document keeps is not
	// evidence (see the package doc).
	Template []File
	// Against are documents of earlier rounds: each document is compared
	// with each of them as well, but they are not compared with each
	// other. They count towards what is common.
	Against []Doc
	// K is the length of a k-gram in tokens, W the winnowing window in
	// k-grams; zero means DefaultK and DefaultW, and a negative value
	// panics.
	K, W int
	// Common is the share of the documents above which a k-gram is common
	// and ignored (zero means DefaultCommon; 1 or more turns the rule off).
	Common float64
	// Threshold is the similarity from which a pair is flagged (zero means
	// DefaultThreshold).
	Threshold float64
}

// Pair is what two documents share. A is a document of the batch; B is
// another document of the batch whose name sorts after A's, or a document
// of [Options.Against].
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
	// Similarity is the share of the two documents' tokens that lie in
	// Regions, from 0 to 1, counting only the tokens that are evidence
	// (see the package doc).
	Similarity float64 `json:"similarity"`
	// Longest is the length in lines of the longest region: the larger
	// of its two spans' line counts; 0 when there is none.
	Longest int `json:"longest"`
	// Regions are the shared fragments, in the order of A's files and
	// lines.
	Regions []Region `json:"regions"`
	// Flagged says the pair is alike beyond chance: Similarity is at
	// least the threshold. It is advisory.
	Flagged bool `json:"flagged"`
}

// Region is one shared fragment: a span of lines in A's file beside the
// span of B's that holds the same normalised tokens. A span runs from the
// fragment's first token to its last, so it includes the lines between
// them that are not evidence (a stub's function header, say).
type Region struct {
	A      Span `json:"a"`
	B      Span `json:"b"`
	Tokens int  `json:"tokens"` // normalised tokens shared, those that are evidence
}

// Span is a range of lines of one file, from Start to End, counting from
// 1 and both included.
type Span struct {
	File  string `json:"file"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Lines is the number of lines of s.
func (s Span) Lines() int { return s.End - s.Start + 1 }

// Compare compares every two documents of docs, and each of them with
// every document of opts.Against. It returns one [Pair] for each
// comparison, regions or not, most similar first (then by A, then by B),
// and the same pairs for the same input on every run. It panics when two
// documents (of docs and opts.Against together) have the same name.
func Compare(docs []Doc, opts Options) []Pair {
	k, w := cmp.Or(opts.K, DefaultK), cmp.Or(opts.W, DefaultW)
	if k < 1 || w < 1 {
		panic(fmt.Sprintf("similarity: Options.K (%d) and Options.W (%d) must be positive, or zero for the defaults", opts.K, opts.W))
	}
	threshold := cmp.Or(opts.Threshold, DefaultThreshold)
	common := cmp.Or(opts.Common, DefaultCommon)

	seen := make(map[string]bool)
	for _, d := range slices.Concat(docs, opts.Against) {
		if seen[d.Name] {
			panic(fmt.Sprintf("similarity: two documents are named %q; give each a unique name (prefix an earlier round's with its folder)", d.Name))
		}
		seen[d.Name] = true
	}

	tmpl := template{kgrams: make(map[uint64]bool), headers: make(map[uint64]bool), lines: make(map[uint64]bool)}
	for _, f := range opts.Template {
		toks := tokenize(f.Data)
		for _, h := range kgramHashes(toks, k) {
			tmpl.kgrams[h] = true
		}
		for _, fn := range functions(toks) {
			tmpl.headers[hashRange(toks[fn.start:fn.body])] = true
			for _, l := range lines(toks, fn.body, fn.end-1) {
				if l[1]-l[0] > 1 {
					tmpl.lines[hashRange(toks[l[0]:l[1]])] = true
				}
			}
		}
	}

	all := make([]*doc, 0, len(docs)+len(opts.Against))
	for _, d := range slices.Concat(docs, opts.Against) {
		all = append(all, newDoc(d, k))
	}

	// What most documents hold is not evidence.
	var ignore map[uint64]bool
	if common < 1 && len(all) >= MinCommon {
		ignore = commonHashes(all, common)
	}
	for _, d := range all {
		d.sift(tmpl, ignore, k)
		d.fingerprint(k, w)
	}

	t := w + k - 1
	var pairs []Pair
	batch, against := all[:len(docs)], all[len(docs):]
	for i, a := range batch {
		for _, b := range batch[i+1:] {
			if b.name < a.name {
				pairs = append(pairs, compare(b, a, k, t, threshold))
			} else {
				pairs = append(pairs, compare(a, b, k, t, threshold))
			}
		}
		for _, b := range against {
			pairs = append(pairs, compare(a, b, k, t, threshold))
		}
	}
	slices.SortFunc(pairs, func(x, y Pair) int {
		return cmp.Or(cmp.Compare(y.Similarity, x.Similarity), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return pairs
}

// doc is a document read and fingerprinted.
type doc struct {
	name    string
	files   []*file
	counted int                // tokens that count: in the files' streams
	index   map[uint64][]where // fingerprints: hash -> where it is
}

type file struct {
	name   string
	toks   []tok
	hashes []uint64 // the hash of each k-gram of toks, to find what is common
	stream []tok    // the tokens that count, in order
}

// where is the position of a k-gram: a file of a document and the index
// in its stream of its first token.
type where struct{ file, pos int }

func newDoc(d Doc, k int) *doc {
	files := slices.SortedFunc(slices.Values(d.Files), func(x, y File) int { return cmp.Compare(x.Name, y.Name) })
	out := &doc{name: d.Name}
	for _, f := range files {
		toks := tokenize(f.Data)
		out.files = append(out.files, &file{name: f.Name, toks: toks, hashes: kgramHashes(toks, k)})
	}
	return out
}

// commonHashes returns every k-gram hash found in more than share of the
// documents and in at least MinCommon of them.
func commonHashes(docs []*doc, share float64) map[uint64]bool {
	count := make(map[uint64]int)
	for _, d := range docs {
		mine := make(map[uint64]bool)
		for _, f := range d.files {
			for _, h := range f.hashes {
				if !mine[h] {
					mine[h] = true
					count[h]++
				}
			}
		}
	}
	ignore := make(map[uint64]bool)
	for h, n := range count {
		if n >= MinCommon && float64(n) > share*float64(len(docs)) {
			ignore[h] = true
		}
	}
	return ignore
}

// template is what the template's files hold: the hashes of their
// k-grams, of their functions' headers, and of the lines of those
// functions' bodies, without the closing brace, that hold more than one
// token (a lone brace is everywhere).
type template struct{ kgrams, headers, lines map[uint64]bool }

// sift sets each file's stream to the tokens that count: it takes out
// the tokens of every k-gram of the template or common to most documents
// and of every function header found in the template, and then every
// stretch left between two of those that is shorter than k.
func (d *doc) sift(tmpl template, common map[uint64]bool, k int) {
	for _, f := range d.files {
		out := make([]bool, len(f.toks))
		for _, fn := range functions(f.toks) {
			if !tmpl.headers[hashRange(f.toks[fn.start:fn.body])] {
				continue
			}
			for j := fn.start; j < fn.body; j++ {
				out[j] = true
			}
			for _, l := range lines(f.toks, fn.body, fn.end-1) {
				if tmpl.lines[hashRange(f.toks[l[0]:l[1]])] {
					for j := l[0]; j < l[1]; j++ {
						out[j] = true
					}
				}
			}
		}
		for i, h := range f.hashes {
			if tmpl.kgrams[h] || common[h] {
				for j := i; j < i+k; j++ {
					out[j] = true
				}
			}
		}
		for i := 0; i < len(f.toks); {
			j := i
			for j < len(f.toks) && !out[j] {
				j++
			}
			if j-i >= k {
				f.stream = append(f.stream, f.toks[i:j]...)
			}
			i = j + 1
		}
		f.stream = f.stream[:min(len(f.stream), MaxTokens-d.counted)]
		d.counted += len(f.stream)
	}
}

func (d *doc) fingerprint(k, w int) {
	d.index = make(map[uint64][]where)
	for fi, f := range d.files {
		hashes := kgramHashes(f.stream, k)
		for _, pos := range winnow(hashes, w) {
			h := hashes[pos]
			if len(d.index[h]) < maxOccurrences {
				d.index[h] = append(d.index[h], where{fi, pos})
			}
		}
	}
}

// run is a maximal shared run of tokens: n tokens from a's file fa at pa
// and b's file fb at pb.
type run struct{ fa, pa, fb, pb, n int }

// compare finds what a and b share.
func compare(a, b *doc, k, t int, threshold float64) Pair {
	p := Pair{A: a.name, B: b.name}
	runs := sharedRuns(a, b, k, t)

	// Greedy tiling, longest first: no token is matched twice.
	slices.SortFunc(runs, func(x, y run) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.fa, y.fa), cmp.Compare(x.pa, y.pa), cmp.Compare(x.fb, y.fb), cmp.Compare(x.pb, y.pb))
	})
	usedA, usedB := make(map[int][]bool), make(map[int][]bool)
	used := func(m map[int][]bool, files []*file, fi int) []bool {
		if m[fi] == nil {
			m[fi] = make([]bool, len(files[fi].stream))
		}
		return m[fi]
	}
	tiled := 0
	for _, r := range runs {
		ua, ub := used(usedA, a.files, r.fa), used(usedB, b.files, r.fb)
		start := -1
		for i := 0; i <= r.n; i++ {
			free := i < r.n && !ua[r.pa+i] && !ub[r.pb+i]
			if free && start < 0 {
				start = i
			}
			if !free && start >= 0 {
				if n := i - start; n >= t {
					for j := start; j < i; j++ {
						ua[r.pa+j], ub[r.pb+j] = true, true
					}
					p.Regions = append(p.Regions, region(a, b, run{r.fa, r.pa + start, r.fb, r.pb + start, n}))
					tiled += n
				}
				start = -1
			}
		}
	}
	slices.SortFunc(p.Regions, func(x, y Region) int {
		return cmp.Or(cmp.Compare(x.A.File, y.A.File), cmp.Compare(x.A.Start, y.A.Start), cmp.Compare(x.B.File, y.B.File), cmp.Compare(x.B.Start, y.B.Start))
	})
	for _, r := range p.Regions {
		p.Longest = max(p.Longest, r.A.Lines(), r.B.Lines())
	}
	if total := a.counted + b.counted; total > 0 {
		p.Similarity = float64(2*tiled) / float64(total)
	}
	p.Flagged = p.Similarity >= threshold
	return p
}

// sharedRuns returns the maximal runs of t or more unmasked tokens that a
// and b share, found from their shared fingerprints.
func sharedRuns(a, b *doc, k, t int) []run {
	type diagonal struct{ fa, fb, offset int }
	found := make(map[diagonal][]run)
	var runs []run
	for h, inA := range a.index {
		inB, ok := b.index[h]
		if !ok {
			continue
		}
		for _, x := range inA {
			for _, y := range inB {
				fa, fb := a.files[x.file], b.files[y.file]
				diag := diagonal{x.file, y.file, x.pos - y.pos}
				if slices.ContainsFunc(found[diag], func(r run) bool { return r.pa <= x.pos && x.pos < r.pa+r.n }) {
					continue // already part of a run
				}
				same := func(i, j int) bool {
					return i >= 0 && j >= 0 && i < len(fa.stream) && j < len(fb.stream) &&
						fa.stream[i].class == fb.stream[j].class
				}
				n := 0
				for n < k && same(x.pos+n, y.pos+n) {
					n++
				}
				if n < k {
					continue // a hash collision
				}
				start := 0
				for same(x.pos+start-1, y.pos+start-1) {
					start--
				}
				for same(x.pos+n, y.pos+n) {
					n++
				}
				r := run{x.file, x.pos + start, y.file, y.pos + start, n - start}
				found[diag] = append(found[diag], r)
				if r.n >= t {
					runs = append(runs, r)
				}
			}
		}
	}
	return runs
}

func region(a, b *doc, r run) Region {
	span := func(f *file, pos int) Span {
		return Span{File: f.name, Start: f.stream[pos].line, End: f.stream[pos+r.n-1].last}
	}
	return Region{A: span(a.files[r.fa], r.pa), B: span(b.files[r.fb], r.pb), Tokens: r.n}
}
