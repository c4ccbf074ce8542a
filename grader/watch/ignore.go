package watch

import (
	"path"
	"strings"
)

// Ignored reports whether a change to rel, a slash-separated path relative
// to the watched folder, is one that must not start a grading: something
// an editor, a version-control tool or the operating system writes beside
// the candidate's code, never the code itself. That is anything under a
// hidden folder (.git/, .idea/, .vscode/) or node_modules/, and every
// file named like
//
//	.limiter.go.swp .limiter.go.swx 4913        vim's swap and probe files
//	limiter.go~ limiter.go.bak limiter.go.orig  backups
//	#limiter.go# .#limiter.go                   emacs's auto-save and lock
//	limiter.go___jb_tmp___ limiter.go___jb_old___  JetBrains' safe write
//	limiter.go.tmp limiter.go.kate-swp x.crswap   other editors' temporary files
//	.DS_Store                                   and any other hidden file
//
// A path that is not ignored may still leave the graded package as it was
// (a README, a test file): the loop compares the package's content hash
// before it grades, so such a save only costs a read.
func Ignored(rel string) bool {
	rel = strings.Trim(path.Clean("/"+rel), "/")
	if rel == "" {
		return false
	}
	parts := strings.Split(rel, "/")
	for _, dir := range parts[:len(parts)-1] {
		if strings.HasPrefix(dir, ".") || dir == "node_modules" {
			return true
		}
	}
	base := parts[len(parts)-1]
	switch {
	case strings.HasPrefix(base, "."): // .#lock, .x.swp, .DS_Store, .git
		return true
	case base == "node_modules":
		return true
	case strings.HasPrefix(base, "#") || strings.HasSuffix(base, "#"): // emacs auto-save
		return true
	case strings.HasSuffix(base, "~"): // backups
		return true
	case allDigits(base): // vim's write probe: 4913, 5036, ...
		return true
	}
	for _, suffix := range ignoredSuffixes {
		if strings.HasSuffix(base, suffix) {
			return true
		}
	}
	return false
}

// ignoredSuffixes end the names of temporary, swap and backup files.
var ignoredSuffixes = []string{
	".swp", ".swo", ".swx", ".swpx", // vim, when the name is not hidden
	".tmp", ".temp", ".bak", ".orig", ".rej",
	"___jb_tmp___", "___jb_old___", // JetBrains' safe write
	".kate-swp", ".crswap", ".part",
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
