package similarity

import (
	"go/scanner"
	"go/token"
	"strings"
)

// A tok is one token of a file after normalisation: its class and the
// lines it starts and ends on.
type tok struct {
	class      token.Token
	line, last int
}

// tokenize scans src with go/scanner and normalises it: comments and
// semicolons (which depend only on line breaks) are dropped, every
// identifier becomes [token.IDENT] and every literal its kind ([token.INT],
// [token.STRING], ...); keywords, operators and punctuation stay as they
// are. A file that does not scan still yields the tokens the scanner could
// read: scanning errors are ignored, since a submission that does not
// compile can still be a copy.
func tokenize(src []byte) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, class, lit := s.Scan()
		if class == token.EOF {
			return toks
		}
		if class == token.SEMICOLON {
			continue
		}
		line := file.Line(pos)
		last := line
		if class == token.STRING || class == token.ILLEGAL {
			// a raw string may span lines
			last += strings.Count(lit, "\n")
		}
		toks = append(toks, tok{class: class, line: line, last: last})
	}
}

// kgramHashes returns the hash of every k consecutive tokens of toks:
// len(toks)-k+1 of them, or none when toks is shorter than k. The hash is
// FNV-1a over the token classes, so it is the same in every run.
func kgramHashes(toks []tok, k int) []uint64 {
	if len(toks) < k {
		return nil
	}
	hashes := make([]uint64, len(toks)-k+1)
	for i := range hashes {
		h := uint64(14695981039346656037)
		for _, t := range toks[i : i+k] {
			h ^= uint64(t.class)
			h *= 1099511628211
		}
		// FNV leaves the low bits poorly mixed for small inputs; a
		// finaliser (splitmix64's) makes the window minimum a fair sample.
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		h ^= h >> 31
		hashes[i] = h
	}
	return hashes
}

// winnow selects fingerprints from hashes by robust winnowing (Schleimer,
// Wilkerson and Aiken 2003, section 4): in every window of w consecutive
// hashes it selects the smallest, on a tie the one the previous window
// selected if it is still in this window or else the rightmost, and
// records it when it is not the position recorded last. It returns the
// positions selected, in increasing order. Every run of w consecutive
// hashes contains a selected position, and two identical runs select the
// same hash value: so two documents that share w+k-1 tokens share a
// fingerprint.
func winnow(hashes []uint64, w int) []int {
	if len(hashes) == 0 {
		return nil
	}
	w = min(w, len(hashes))
	var picks []int
	last := -1
	for start := 0; start+w <= len(hashes); start++ {
		best := -1
		if last >= start {
			// robust winnowing: keep the previous pick while it is in the
			// window and still the minimum; look only at what is new
			best = last
			if i := start + w - 1; hashes[i] < hashes[best] {
				best = i
			}
		} else {
			for i := start; i < start+w; i++ {
				if best < 0 || hashes[i] <= hashes[best] {
					best = i
				}
			}
		}
		if best != last {
			picks = append(picks, best)
			last = best
		}
	}
	return picks
}

// A function is where a function declaration's tokens are in a file:
// its header from the func keyword to the brace that opens its body,
// toks[start:body], and its body after that brace, toks[body:end], which
// ends with the closing brace.
type function struct{ start, body, end int }

// functions returns the top-level function declarations of toks that
// have a body. A type literal's braces in a signature (interface{},
// struct{...}) are part of its header.
func functions(toks []tok) []function {
	var out []function
	depth := 0 // braces outside headers
	for i := 0; i < len(toks); i++ {
		switch toks[i].class {
		case token.LBRACE:
			depth++
			continue
		case token.RBRACE:
			depth--
			continue
		case token.FUNC:
			if depth != 0 {
				continue
			}
		default:
			continue
		}
		body := -1
		parens, literal := 0, 0 // open ( and [; open type-literal braces
		for j := i + 1; j < len(toks) && body < 0; j++ {
			switch c := toks[j].class; {
			case c == token.LPAREN || c == token.LBRACK:
				parens++
			case c == token.RPAREN || c == token.RBRACK:
				parens--
			case c == token.LBRACE && (toks[j-1].class == token.INTERFACE || toks[j-1].class == token.STRUCT || literal > 0):
				literal++
			case c == token.LBRACE && parens == 0:
				body = j + 1
			case c == token.LBRACE:
				literal++
			case c == token.RBRACE && literal > 0:
				literal--
			}
		}
		if body < 0 {
			return out
		}
		end, open := body, 1
		for ; end < len(toks) && open > 0; end++ {
			switch toks[end].class {
			case token.LBRACE:
				open++
			case token.RBRACE:
				open--
			}
		}
		out = append(out, function{i, body, end})
		i = end - 1
	}
	return out
}

// lines splits toks[start:end] into runs of tokens that start on the
// same line, each as its range [i, j) of toks.
func lines(toks []tok, start, end int) [][2]int {
	var out [][2]int
	for i := start; i < end; {
		j := i + 1
		for j < end && toks[j].line == toks[i].line {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// hashRange hashes the token classes of toks, as [kgramHashes] does.
func hashRange(toks []tok) uint64 {
	h := uint64(14695981039346656037)
	for _, t := range toks {
		h ^= uint64(t.class)
		h *= 1099511628211
	}
	return h
}
