package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Hash identifies what grading a submission for e depends on: its
// metadata (weights, timeouts, budgets, limits, imports), its hidden
// spec and its reference solution, as the hex SHA-256 of each file's
// kind, name, length and contents in name order, after the metadata's
// JSON. The prompt, the stub, the public tests and the fixtures are not
// part of it: they change no score. Two catalogs whose exercise has the
// same Hash grade it alike, which is what a queue worker checks before
// it takes a job (see package queue).
func (e *Exercise) Hash() string {
	h := sha256.New()
	meta, err := json.Marshal(e.Meta)
	if err != nil {
		panic(fmt.Sprintf("catalog: the metadata of %s cannot be encoded: %v", e.Slug, err))
	}
	fmt.Fprintf(h, "meta\x00%d\x00", len(meta))
	h.Write(meta)
	for _, set := range []struct {
		kind  string
		files []File
	}{{"spec", e.Spec}, {"reference", e.Reference}} {
		files := slices.Clone(set.files)
		slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
		for _, f := range files {
			fmt.Fprintf(h, "%s\x00%s\x00%d\x00", set.kind, f.Name, len(f.Data))
			h.Write(f.Data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
