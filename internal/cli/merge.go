package cli

import (
	"bytes"
	"errors"
	"os"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/batch"
)

type mergeOptions struct {
	from      []string
	out       string
	failUnder float64
	against   []string
}

func newMergeCmd(s Streams) *cobra.Command {
	opts := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge RESULTS... --out MERGED",
		Short: "Join the results folders of a batch's shards (grader batch --shard) into one",
		Long: `merge joins the results folders of the shares of one batch, each graded by a copy
of 'grader batch --shard I/N' (a Kubernetes Indexed Job, a CI matrix), into MERGED:
every scorecard, error and src/NAME as its shard wrote it, then the summaries and the
similarity check (advisory) over all of them, as one batch would have written. The
folders must be of one exercise, and no submission may be in two of them.

Exit codes as for 'grader batch': 0 every submission graded; 1 one below --fail-under;
2 bad usage or a refused submission; 3 the grader failed on one.`,
		Example: `  grader merge results-1 results-2 results-3 --out results
  grader merge shards/* --out results --fail-under 70`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("usage: grader merge RESULTS... --out MERGED")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.from = args
			return runMerge(cmd, s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "the merged results folder (created if missing; required)")
	f.Float64Var(&opts.failUnder, "fail-under", 0, "exit with status 1 when any score (0 to 100) is below this")
	f.StringSliceVar(&opts.against, "against", nil, "also compare for similarity (advisory) with an earlier round: its results folder or folder of submissions (repeatable)")
	cmd.MarkFlagDirname("out")
	return cmd
}

func runMerge(cmd *cobra.Command, s Streams, opts *mergeOptions) error {
	if opts.out == "" {
		return usagef("--out is required: name the merged results folder, such as --out results")
	}
	if opts.failUnder < 0 || opts.failUnder > 100 {
		return usagef("--fail-under %g: use 0 to 100", opts.failUnder)
	}
	for _, f := range opts.from {
		fi, err := os.Stat(f)
		if err != nil || !fi.IsDir() {
			return usagef("%s is not a results folder; name the folders 'grader batch --shard' wrote", f)
		}
		if oi, err := os.Stat(opts.out); err == nil && os.SameFile(fi, oi) {
			return usagef("--out %s is one of the folders merged; name a new folder", opts.out)
		}
		if _, err := batch.ReadManifest(f); err != nil {
			return usagef("%v; name the folders 'grader batch --shard' wrote", err)
		}
	}
	if err := checkAgainst(opts.against, opts.out, opts.out); err != nil {
		return err
	}
	rs, slug, err := batch.Merge(opts.out, opts.from)
	if err != nil {
		if errors.Is(err, batch.ErrOtherExercise) {
			return usageError{err}
		}
		return err
	}
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	ex, err := cat.Get(slug)
	if err != nil {
		return err
	}
	sum := batch.Summarize(slug, opts.failUnder, rs)
	simil, err := batchSimilarity(cmd.Context(), ex, opts.out, opts.against, rs, sum, s.Err)
	if err != nil {
		return err
	}
	if err := batch.WriteSummaries(opts.out, sum); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := sum.WriteText(&out); err != nil {
		return err
	}
	if err := writeSimilarity(&out, simil, opts.out); err != nil {
		return err
	}
	if _, err := out.WriteTo(s.Out); err != nil {
		return err
	}
	return batchExit(s, sum.Counts(), &batchOptions{out: opts.out, failUnder: opts.failUnder})
}
