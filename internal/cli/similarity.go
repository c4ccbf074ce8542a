package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hiringtools/grader/grader/batch"
	"github.com/hiringtools/grader/grader/catalog"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/similarity"
	"github.com/hiringtools/grader/internal/atomicfile"
)

// similarFlag is the flag a summary row gets when its submission is
// alike beyond chance with another: advisory, as it says.
const similarFlag = "similar (advisory)"

// checkAgainst checks the --against folders of a batch: each exists, is
// not the batch itself, and has a name of its own (it prefixes the names
// of its submissions).
func checkAgainst(against []string, dir, out string) error {
	seen := map[string]string{}
	for _, a := range against {
		fi, err := os.Stat(a)
		switch {
		case err != nil:
			return usagef("--against: %v; name an earlier round's results folder or folder of submissions", err)
		case !fi.IsDir():
			return usagef("--against %s is not a folder; name an earlier round's results folder or folder of submissions", a)
		}
		for _, self := range []string{dir, out} {
			if si, err := os.Stat(self); err == nil && os.SameFile(fi, si) {
				return usagef("--against %s is this batch; name an earlier round's folder", a)
			}
		}
		prefix := againstPrefix(a)
		if prev, ok := seen[prefix]; ok {
			return usagef("--against %s and %s have the same name %q, which prefixes their submissions' names; give one another name", prev, a, prefix)
		}
		seen[prefix] = a
	}
	return nil
}

// againstPrefix is what the names of an earlier round's submissions
// start with: its folder's name.
func againstPrefix(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Base(abs)
}

// batchSimilarity compares the graded submissions of a batch (their
// package files, kept in results/src/NAME) with each other and with the
// submissions of the earlier rounds in against, with the exercise's stub
// and public tests as the template. It writes similarity.csv and
// similarity.json in results, and flags the summary's rows of the
// submissions of a flagged pair. A submission whose files are missing,
// and what it could not read of an earlier round, are reported on warn
// and left out.
func batchSimilarity(ctx context.Context, e *catalog.Exercise, results string, against []string, rs []batch.Result, sum *batch.Summary, warn io.Writer) (*similarity.Report, error) {
	var docs []similarity.Doc
	for _, r := range rs {
		if r.Card == nil {
			continue
		}
		files, err := goFilesIn(filepath.Join(results, "src", r.Name))
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(warn, "grader: similarity: %s left out: its package files are not in %s\n", r.Name, filepath.Join(results, "src"))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading the package files of %s for the similarity check: %w", r.Name, err)
		}
		docs = append(docs, similarity.Doc{Name: r.Name, Files: files})
	}
	var earlier []similarity.Doc
	for _, dir := range against {
		round, err := readRound(ctx, dir, warn)
		if err != nil {
			return nil, err
		}
		earlier = append(earlier, round...)
	}
	var template []similarity.File
	for _, f := range slices.Concat(e.Stub, e.Public) {
		template = append(template, similarity.File{Name: f.Name, Data: f.Data})
	}
	opts := similarity.Options{Template: template, Against: earlier}
	rep := similarity.NewReport(e.Slug, opts, similarity.Compare(docs, opts))
	rep.Against = against

	var csvBuf, jsonBuf bytes.Buffer
	if err := rep.WriteCSV(&csvBuf); err != nil {
		return nil, err
	}
	if err := rep.WriteJSON(&jsonBuf); err != nil {
		return nil, err
	}
	for name, data := range map[string][]byte{"similarity.csv": csvBuf.Bytes(), "similarity.json": jsonBuf.Bytes()} {
		if err := atomicfile.Write(filepath.Join(results, name), data, 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	for _, p := range rep.Pairs {
		if p.Flagged {
			sum.Flag(p.A, similarFlag)
			sum.Flag(p.B, similarFlag)
		}
	}
	return rep, nil
}

// readRound reads an earlier round: a results folder (it has src/, whose
// folders are the package files graded) or a folder of submissions (read
// as a batch reads them). Each submission is named after the round's
// folder and its own name: "round1/ada".
func readRound(ctx context.Context, dir string, warn io.Writer) ([]similarity.Doc, error) {
	prefix := againstPrefix(dir)
	src := filepath.Join(dir, "src")
	if fi, err := os.Stat(src); err == nil && fi.IsDir() {
		ents, err := os.ReadDir(src)
		if err != nil {
			return nil, fmt.Errorf("reading the earlier round %s: %w", dir, err)
		}
		var docs []similarity.Doc
		for _, ent := range ents {
			if !ent.IsDir() || strings.HasPrefix(ent.Name(), ".") {
				continue
			}
			files, err := goFilesIn(filepath.Join(src, ent.Name()))
			if err != nil {
				return nil, fmt.Errorf("reading the earlier round %s: %w", dir, err)
			}
			docs = append(docs, similarity.Doc{Name: prefix + "/" + ent.Name(), Files: files})
		}
		return docs, nil
	}
	entries, err := batch.List(dir, "")
	if err != nil {
		return nil, usagef("--against %s: %v", dir, err)
	}
	var docs []similarity.Doc
	for _, en := range entries {
		sub, err := intake.Load(ctx, en.Path, intake.Limits{})
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			fmt.Fprintf(warn, "grader: similarity: %s/%s left out: %v\n", prefix, en.Name, err)
			continue
		}
		var files []similarity.File
		for _, f := range sub.Files {
			files = append(files, similarity.File{Name: f.Name, Data: f.Data})
		}
		docs = append(docs, similarity.Doc{Name: prefix + "/" + en.Name, Files: files})
	}
	return docs, nil
}

// goFilesIn reads the .go files of dir, in name order.
func goFilesIn(dir string) ([]similarity.File, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []similarity.File
	for _, ent := range ents {
		if !ent.Type().IsRegular() || filepath.Ext(ent.Name()) != ".go" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			return nil, err
		}
		files = append(files, similarity.File{Name: ent.Name(), Data: data})
	}
	return files, nil
}

// writeSimilarity tells the interviewer which pairs are alike beyond
// chance, and that this is advisory.
func writeSimilarity(w io.Writer, rep *similarity.Report, results string) error {
	var flagged []similarity.Pair
	for _, p := range rep.Pairs {
		if p.Flagged {
			flagged = append(flagged, p)
		}
	}
	where := filepath.Join(results, "similarity.csv")
	if len(flagged) == 0 {
		_, err := fmt.Fprintf(w, "\nSimilarity (advisory): no two submissions alike beyond chance; every pair is in %s.\n", where)
		return err
	}
	fmt.Fprintf(w, "\nSimilarity (%s):\n", rep.Advisory)
	for _, p := range flagged {
		fmt.Fprintf(w, "  %s and %s: %.0f%% alike, longest shared fragment %d lines\n", p.A, p.B, 100*p.Similarity, p.Longest)
	}
	_, err := fmt.Fprintf(w, "Every pair is in %s; the matching regions, side by side, in %s and 'grader report %s --format html'.\n",
		where, filepath.Join(results, "similarity.json"), results)
	return err
}
