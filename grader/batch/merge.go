package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hiringtools/grader/internal/atomicfile"
)

// ReadManifest reads the manifest of the results folder dir.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, "batch.json"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s has no batch.json: it is not a batch's results folder", dir)
		}
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil || m.Schema != ManifestSchema {
		return nil, fmt.Errorf("%s/batch.json is not a batch manifest (%s)", dir, ManifestSchema)
	}
	return &m, nil
}

// Merge joins the results folders from, the shares of one batch (see
// [Shard]), into the results folder dst: each submission's scorecard and
// src/NAME, or its error, as the share that graded it wrote them. The
// folders must hold batches of one exercise, and no submission may be in
// two of them. It returns the merged results in name order; the
// summaries and the similarity check are the caller's, as for [Run].
func Merge(dst string, from []string) ([]Result, string, error) {
	if len(from) == 0 {
		return nil, "", errors.New("nothing to merge")
	}
	var exercise, submissions string
	for _, dir := range from {
		m, err := ReadManifest(dir)
		if err != nil {
			return nil, "", err
		}
		if exercise == "" {
			exercise, submissions = m.Exercise, m.Submissions
		} else if m.Exercise != exercise {
			return nil, "", fmt.Errorf("%w: %s holds %s and %s holds %s; merge the shares of one batch", ErrOtherExercise, from[0], exercise, dir, m.Exercise)
		}
	}
	out := &store{dir: dst}
	if err := out.open(exercise, submissions); err != nil {
		return nil, "", err
	}
	seen := map[string]string{}
	var rs []Result
	for _, dir := range from {
		in := &store{dir: dir}
		names, err := in.names()
		if err != nil {
			return nil, "", err
		}
		for _, name := range names {
			if prev, ok := seen[name]; ok {
				return nil, "", fmt.Errorf("%s is in both %s and %s; merge the shares of one batch, each graded once", name, prev, dir)
			}
			seen[name] = dir
			r := Result{Name: name}
			if card, ok := in.card(name); ok {
				r.Card = card
				if err := copyDir(in.srcPath(name), out.srcPath(name)); err != nil {
					return nil, "", fmt.Errorf("merging %s: %w", name, err)
				}
				data, err := os.ReadFile(in.cardPath(name))
				if err == nil {
					err = atomicfile.Write(out.cardPath(name), data, 0o644)
				}
				if err == nil {
					err = removeIfThere(out.failurePath(name))
				}
				if err != nil {
					return nil, "", fmt.Errorf("merging %s: %w", name, err)
				}
			} else if f, ok := in.failure(name); ok {
				r.Failure = f
				if err := out.putFailure(name, f); err != nil {
					return nil, "", err
				}
			} else {
				continue
			}
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
	return rs, exercise, nil
}

// names lists the submissions with a scorecard or an error in s.
func (s *store) names() ([]string, error) {
	set := map[string]bool{}
	for _, d := range []string{s.dir, filepath.Join(s.dir, "errors")} {
		ents, err := os.ReadDir(d)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".json") {
				continue
			}
			n = strings.TrimSuffix(n, ".json")
			if d == s.dir && (n == "batch" || n == "similarity") {
				continue
			}
			set[n] = true
		}
	}
	var out []string
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// copyDir replaces to with a copy of the files of from, through a
// temporary folder beside it; a missing from leaves to absent.
func copyDir(from, to string) error {
	ents, err := os.ReadDir(from)
	if errors.Is(err, fs.ErrNotExist) {
		return os.RemoveAll(to)
	}
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(to), "."+filepath.Base(to)+".*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(to); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
