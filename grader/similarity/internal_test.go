package similarity

import (
	"go/token"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func classes(src string) []token.Token {
	var out []token.Token
	for _, t := range tokenize([]byte(src)) {
		out = append(out, t.class)
	}
	return out
}

func TestTokenizeIgnoresNamesCommentsAndFormatting(t *testing.T) {
	const original = `package cache

// Get returns the value.
func (c *Cache) Get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[key] // the entry
	return v, ok
}
`
	tests := []struct {
		name, src string
	}{
		{"renamed", `package store

// Get looks it up.
func (s *Store) Get(name string) (int, bool) {
	s.lock.Lock()
	defer s.lock.Unlock()
	val, found := s.entries[name]
	return val, found
}
`},
		{"reformatted and uncommented", `package cache
func (c *Cache) Get(key string) (int, bool) { c.mu.Lock(); defer c.mu.Unlock()
	v, ok := c.items[key]; return v, ok }
`},
		{"other literals of the same kinds", `package cache

/* a block
comment */
func (c *Cache) Get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[key]
	return v, ok
}
`},
	}
	want := classes(original)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(want, classes(tc.src)); diff != "" {
				t.Errorf("classes differ from the original's (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("literals", func(t *testing.T) {
		got := classes("x := 1 + 2.5 + 'c' + \"s\" + `raw` + 3i")
		want := []token.Token{token.IDENT, token.DEFINE, token.INT, token.ADD, token.FLOAT, token.ADD, token.CHAR, token.ADD,
			token.STRING, token.ADD, token.STRING, token.ADD, token.IMAG}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("raw string spans lines", func(t *testing.T) {
		got := tokenize([]byte("x := `a\nb\nc`\ny"))
		want := []tok{{token.IDENT, 1, 1}, {token.DEFINE, 1, 1}, {token.STRING, 1, 3}, {token.IDENT, 4, 4}}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(tok{})); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestWinnow(t *testing.T) {
	tests := []struct {
		name   string
		hashes []uint64
		w      int
		want   []int
		reason string
	}{
		{
			name:   "the paper's example",
			hashes: []uint64{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98},
			w:      4,
			want:   []int{3, 6, 8, 11, 15},
			reason: "Schleimer et al. 2003, figure 2: [17,3] [17,6] [8,8] [39,11] [17,15]",
		},
		{
			name:   "robust on ties",
			hashes: []uint64{5, 1, 1, 1, 5},
			w:      2,
			want:   []int{1, 3},
			reason: "window [1,1] keeps position 1, chosen before, rather than taking the rightmost",
		},
		{
			name:   "shorter than a window",
			hashes: []uint64{9, 3, 7},
			w:      8,
			want:   []int{1},
		},
		{name: "empty", hashes: nil, w: 4, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, winnow(tc.hashes, tc.w)); diff != "" {
				t.Errorf("winnow(%v, %d) (-want +got):\n%s%s", tc.hashes, tc.w, diff, tc.reason)
			}
		})
	}
}

// TestWinnowGuarantee checks the property the package relies on: every
// window of w hashes holds a selected position.
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		n, w := 1+r.IntN(200), 1+r.IntN(20)
		hashes := make([]uint64, n)
		for i := range hashes {
			hashes[i] = uint64(r.IntN(30)) // small values: many ties
		}
		picks := winnow(hashes, w)
		selected := make(map[int]bool)
		for i, p := range picks {
			if i > 0 && p <= picks[i-1] {
				t.Fatalf("winnow(%v, %d) = %v: not increasing", hashes, w, picks)
			}
			selected[p] = true
		}
	window:
		for start := 0; start+min(w, n) <= n; start++ {
			for i := start; i < start+min(w, n); i++ {
				if selected[i] {
					continue window
				}
			}
			t.Fatalf("winnow(%v, %d) = %v: window at %d selects nothing", hashes, w, picks, start)
		}
	}
}
