package grader

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"

	"github.com/hiringtools/grader/grader/sandbox"
)

// scratchRE matches a scratch directory's name: its kind, its owner (a
// [sandbox.Owner]) and a random part.
var scratchRE = regexp.MustCompile(`^(?:grading|reference)-(\d+\.\d+)-\d+$`)

// RemoveLeftovers removes what gradings whose grader was killed before
// it could clean up (SIGKILL, a crash, a machine that lost power) left
// behind: their scratch directories, which hold the hidden spec and
// builds, and their cgroups. What belongs to a grader still running is
// kept. It returns the paths and cgroup names it removed.
func (e *Engine) RemoveLeftovers() ([]string, error) {
	var removed []string
	var errs []error
	ents, err := os.ReadDir(e.opts.Scratch)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	for _, ent := range ents {
		m := scratchRE.FindStringSubmatch(ent.Name())
		if m == nil || !ent.IsDir() || sandbox.OwnerAlive(m[1]) {
			continue
		}
		p := filepath.Join(e.opts.Scratch, ent.Name())
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	if e.opts.Sandbox != nil {
		cgs, err := e.opts.Sandbox.RemoveLeftovers()
		removed = append(removed, cgs...)
		errs = append(errs, err)
	}
	return removed, errors.Join(errs...)
}
