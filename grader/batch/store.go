package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
	"github.com/hiringtools/grader/internal/atomicfile"
)

// store is a results folder (or a regrade's staging folder in one).
type store struct{ dir string }

func (s *store) cardPath(name string) string    { return filepath.Join(s.dir, name+".json") }
func (s *store) failurePath(name string) string { return filepath.Join(s.dir, "errors", name+".json") }
func (s *store) srcPath(name string) string     { return filepath.Join(s.dir, "src", name) }

func (s *store) mkdirs() error {
	for _, d := range []string{s.dir, filepath.Join(s.dir, "errors"), filepath.Join(s.dir, "src")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("creating the results folder: %w", err)
		}
	}
	return nil
}

// open creates the results folder, or checks that it holds a batch of
// exercise, and writes its manifest.
func (s *store) open(exercise, submissions string) error {
	if err := s.mkdirs(); err != nil {
		return err
	}
	path := filepath.Join(s.dir, "batch.json")
	if data, err := os.ReadFile(path); err == nil {
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil || m.Schema != ManifestSchema {
			return fmt.Errorf("%s is not a batch manifest (%s); choose another results folder", path, ManifestSchema)
		}
		if m.Exercise != exercise {
			return fmt.Errorf("%w: %s holds %s; choose another results folder", ErrOtherExercise, s.dir, m.Exercise)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	abs, err := filepath.Abs(submissions)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(Manifest{Schema: ManifestSchema, Exercise: exercise, Submissions: abs}, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o644)
}

// card returns the scorecard of name, if there is a readable one.
func (s *store) card(name string) (*scorecard.Scorecard, bool) {
	f, err := os.Open(s.cardPath(name))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	c, err := scorecard.ReadJSON(f)
	return c, err == nil
}

// failure returns the recorded failure of name, if any.
func (s *store) failure(name string) (*Failure, bool) {
	data, err := os.ReadFile(s.failurePath(name))
	if err != nil {
		return nil, false
	}
	var f Failure
	if json.Unmarshal(data, &f) != nil || f.Schema != FailureSchema {
		return nil, false
	}
	return &f, true
}

// putCard records name's scorecard and package files, and removes its
// failure. The files go first: a scorecard that exists has its src.
func (s *store) putCard(name string, c *scorecard.Scorecard, sub *intake.Submission) error {
	if err := s.putSrc(name, sub); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := scorecard.WriteJSON(&buf, c); err != nil {
		return err
	}
	if err := atomicfile.Write(s.cardPath(name), buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the scorecard of %s: %w", name, err)
	}
	return removeIfThere(s.failurePath(name))
}

// putFailure records name's failure, and removes its scorecard and src.
func (s *store) putFailure(name string, f *Failure) error {
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(s.failurePath(name), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the error of %s: %w", name, err)
	}
	if err := removeIfThere(s.cardPath(name)); err != nil {
		return err
	}
	return os.RemoveAll(s.srcPath(name))
}

// ensureSrc writes name's package files if they are missing.
func (s *store) ensureSrc(name string, sub *intake.Submission) error {
	if _, err := os.Stat(s.srcPath(name)); err == nil {
		return nil
	}
	return s.putSrc(name, sub)
}

// putSrc replaces src/NAME with the package files of sub, through a
// temporary folder beside it.
func (s *store) putSrc(name string, sub *intake.Submission) error {
	src := filepath.Join(s.dir, "src")
	tmp, err := os.MkdirTemp(src, "."+name+".*")
	if err != nil {
		return fmt.Errorf("writing the files of %s: %w", name, err)
	}
	defer os.RemoveAll(tmp)
	for _, f := range sub.Files {
		if err := os.WriteFile(filepath.Join(tmp, filepath.Base(f.Name)), f.Data, 0o644); err != nil {
			return fmt.Errorf("writing the files of %s: %w", name, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(s.srcPath(name)); err != nil {
		return err
	}
	return os.Rename(tmp, s.srcPath(name))
}

func removeIfThere(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// apply moves a regrade's files from staging into results, for every
// result, and removes the staging folder.
func apply(results, staging *store, rs []Result) error {
	for _, r := range rs {
		var err error
		if r.Card != nil {
			err = renameOver(staging.srcPath(r.Name), results.srcPath(r.Name))
			if err == nil {
				err = renameOver(staging.cardPath(r.Name), results.cardPath(r.Name))
			}
			if err == nil {
				err = removeIfThere(results.failurePath(r.Name))
			}
		} else {
			err = renameOver(staging.failurePath(r.Name), results.failurePath(r.Name))
			if err == nil {
				err = removeIfThere(results.cardPath(r.Name))
			}
			if err == nil {
				err = os.RemoveAll(results.srcPath(r.Name))
			}
		}
		if err != nil {
			return fmt.Errorf("applying the regrade of %s: %w", r.Name, err)
		}
	}
	return os.RemoveAll(staging.dir)
}

// renameOver moves from to to, replacing a folder at to.
func renameOver(from, to string) error {
	if fi, err := os.Stat(to); err == nil && fi.IsDir() {
		if err := os.RemoveAll(to); err != nil {
			return err
		}
	}
	return os.Rename(from, to)
}

// WriteSummaries writes s as summary.csv and summary.md in the results
// folder dir, each atomically.
func WriteSummaries(dir string, s *Summary) error {
	var csvBuf, mdBuf bytes.Buffer
	if err := s.WriteCSV(&csvBuf); err != nil {
		return err
	}
	if err := s.WriteMarkdown(&mdBuf); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, "summary.csv"), csvBuf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the summary: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "summary.md"), mdBuf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the summary: %w", err)
	}
	return nil
}

// removedDir holds the files of submissions no longer in the batch.
const removedDir = "removed"

// removeGone moves the files of every submission of s that is not among
// entries (the whole submissions folder, not a shard of it) to removed/,
// replacing what an earlier removal left there under the same name, and
// returns their names.
func (s *store) removeGone(entries []Entry) ([]string, error) {
	names, err := s.names()
	if err != nil {
		return nil, fmt.Errorf("reading the results folder: %w", err)
	}
	present := map[string]bool{}
	for _, en := range entries {
		present[en.Name] = true
	}
	gone := &store{dir: filepath.Join(s.dir, removedDir)}
	var out []string
	for _, name := range names {
		if present[name] {
			continue
		}
		if err := gone.mkdirs(); err != nil {
			return nil, err
		}
		for _, p := range [][2]string{
			{s.cardPath(name), gone.cardPath(name)},
			{s.failurePath(name), gone.failurePath(name)},
			{s.srcPath(name), gone.srcPath(name)},
		} {
			if err := os.RemoveAll(p[1]); err != nil {
				return nil, fmt.Errorf("moving %s's results to %s: %w", name, gone.dir, err)
			}
			if err := os.Rename(p[0], p[1]); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("moving %s's results to %s: %w", name, gone.dir, err)
			}
		}
		out = append(out, name)
	}
	return out, nil
}
