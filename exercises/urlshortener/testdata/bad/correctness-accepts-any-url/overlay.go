// Defect: POST /shorten accepts any non-empty string as a URL, where an absolute http or https URL is due (400 otherwise).

package urlshortener

// valid reports whether raw is non-empty.
func valid(raw string) bool {
	return raw != "" // BUG: no scheme or host check
}
