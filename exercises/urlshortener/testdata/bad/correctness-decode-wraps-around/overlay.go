// Defect: Decode does not check for overflow: a code above math.MaxUint64 wraps around to a small number.

package urlshortener

import "errors"

// Decode returns the number s encodes in base62.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, errors.New("urlshortener: empty code")
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := digit(s[i])
		if d < 0 {
			return 0, errors.New("urlshortener: not a base62 digit in " + s)
		}
		n = n*62 + uint64(d) // BUG: wraps around
	}
	return n, nil
}
