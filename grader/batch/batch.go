// Package batch grades a folder of submissions for one exercise, as an
// interviewer does with a round of take-home work, and keeps the results
// in a folder that a later run resumes.
//
// Every entry of the submissions folder is one submission, named after
// the entry ([List]): a folder (a plain one or a git repository), a .zip,
// a .tar.gz or .tgz, or a git .bundle, whose name is the entry's without
// that extension; entries whose names start with a dot are skipped. One
// submission's failure (a refused archive, a grader error, even a panic
// of the grader in that grading) is recorded for it and never stops the
// others.
//
// # The results folder
//
// [Run] keeps everything in one folder, which 'grader report', the
// similarity check and a later [Run] read:
//
//	batch.json        the manifest (see [Manifest]): schema
//	                  "grader.batch/v1", the exercise and the submissions
//	                  folder. A results folder holds one exercise's batch.
//	NAME.json         the scorecard (grader.scorecard/v1, see package
//	                  scorecard) of submission NAME, written atomically
//	                  (a temporary file renamed into place): a NAME.json
//	                  that exists is complete.
//	errors/NAME.json  why NAME has no scorecard (see [Failure]): its
//	                  submission was refused, or the grader failed.
//	                  A submission has a scorecard or an error, never both.
//	src/NAME/*.go     the package files graded for NAME, exactly as
//	                  intake read them (the files submission_sha256 is
//	                  the hash of), for reports and the similarity check.
//	summary.csv       one row per submission (see [Summary.WriteCSV]).
//	summary.md        the same as a Markdown table, for a hiring note.
//	similarity.csv    every pair of graded submissions compared for
//	similarity.json   similarity, advisory (see package similarity; the
//	                  CLI's batch writes them), and their matching regions.
//	.regrade/         a regrade's scorecards, errors and src waiting to
//	                  replace the ones above (see [Options.Regrade]).
//
//	removed/          the files of submissions taken out of the
//	                  submissions folder since an earlier run, moved
//	                  there by the next run (removed/NAME.json,
//	                  removed/errors/NAME.json, removed/src/NAME/):
//	                  kept, but no longer the batch's (see [Report.Removed]).
//
// Files whose names start with a dot are the batch's own temporary files.
// The summaries, and 'grader report' of the folder, list the submissions
// in the folder now.
//
// # Resuming
//
// A submission whose scorecard is present is graded again only when it
// changed: its package files' SHA-256 differs from the scorecard's
// submission_sha256, or the scorecard is of another exercise, grader
// version or selection of suites. So a batch that was stopped (Ctrl-C,
// a machine that went down) is finished by running it again. A
// submission with an error is tried again on every run.
package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hiringtools/grader/grader"
	"github.com/hiringtools/grader/grader/intake"
	"github.com/hiringtools/grader/grader/scorecard"
)

// Entry is one submission of a batch.
type Entry struct {
	Name string // the entry's name without its archive extension: "ada" for ada.zip
	Path string // the entry's path
}

// reservedNames are the names of a results folder's own JSON files
// (NAME.json), which no submission may take.
var reservedNames = []string{"batch", "similarity"}

// archiveExts are the extensions taken off an entry's name, longest first.
var archiveExts = []string{".tar.gz", ".tgz", ".zip", ".bundle"}

// NameOf returns the submission name of a folder entry: its name without
// an archive extension (matched without regard to case).
func NameOf(entry string) string {
	for _, ext := range archiveExts {
		if len(entry) > len(ext) && strings.EqualFold(entry[len(entry)-len(ext):], ext) {
			return entry[:len(entry)-len(ext)]
		}
	}
	return entry
}

// List returns the submissions of dir, in name order: every entry except
// those whose names start with a dot and the folder skip (the results
// folder, when it is inside dir). Two entries with the same submission
// name (ada and ada.zip, or Ada and ada) are an error, since their results
// would clash, and so is a submission named "batch" or "similarity"
// (the results folder's own batch.json and similarity.json).
func List(dir, skip string) ([]Entry, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	skipInfo, _ := os.Stat(skip)
	var out []Entry
	by := map[string]string{}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if skipInfo != nil {
			if fi, err := os.Stat(p); err == nil && os.SameFile(fi, skipInfo) {
				continue
			}
		}
		name := NameOf(e.Name())
		if slices.ContainsFunc(reservedNames, func(r string) bool { return strings.EqualFold(name, r) }) {
			return nil, fmt.Errorf("%s would be named %q, whose scorecard would clash with the results' %s.json; rename it", e.Name(), name, strings.ToLower(name))
		}
		if prev, ok := by[strings.ToLower(name)]; ok {
			return nil, fmt.Errorf("%s and %s would both be named %q in the results; rename one", prev, e.Name(), name)
		}
		by[strings.ToLower(name)] = e.Name()
		out = append(out, Entry{Name: name, Path: p})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Failure is why a submission has no scorecard: the JSON of
// errors/NAME.json in a results folder.
type Failure struct {
	Schema        string `json:"schema"`          // FailureSchema
	Name          string `json:"name"`            // the submission's name
	Submission    string `json:"submission"`      // its path
	Exercise      string `json:"exercise"`        // the exercise's slug
	Kind          string `json:"kind"`            // FailureRefused or FailureError
	Error         string `json:"error"`           // the message, as 'grader grade' would print it
	Stack         string `json:"stack,omitempty"` // for a panic of the grader: where, for its maintainers
	SHA256        string `json:"submission_sha256,omitempty"`
	At            string `json:"at"` // when it failed, RFC 3339 in UTC
	GraderVersion string `json:"grader_version"`
}

// FailureSchema is the schema of a [Failure].
const FailureSchema = "grader.batch-error/v1"

// The kinds of [Failure].
const (
	// FailureRefused is a submission refused as bad input (a corrupt or
	// hostile archive, no Go files): what 'grader grade' exits 2 for.
	FailureRefused = "refused"
	// FailureError is a failure of the grader itself (exit 3 for 'grader
	// grade'), a panic included.
	FailureError = "error"
)

// Result is how one submission of a batch ended.
type Result struct {
	Name string
	// Card is the submission's scorecard, nil when it failed.
	Card *scorecard.Scorecard
	// Failure says why there is no scorecard.
	Failure *Failure
	// UpToDate is set when the scorecard was graded by an earlier run
	// and the submission has not changed since.
	UpToDate bool
}

// Progress follows a batch. Its methods may be called from several
// goroutines at once.
type Progress interface {
	// Plan is called once, before any grading starts: grade submissions
	// are to be graded (or have failed already: refused at intake), and
	// upToDate need no grading.
	Plan(grade, upToDate int)
	// Start is called when the grading of a submission starts.
	Start(name string)
	// Event is called with each event of a submission's grading.
	Event(name string, ev grader.Event)
	// Finish is called when a submission is graded or has failed, and
	// for each up-to-date one (r.UpToDate).
	Finish(r Result)
}

// GradeFunc grades a submission already read; [grader.Engine.GradeSubmission]
// is one.
type GradeFunc func(ctx context.Context, cfg grader.Config, sub *intake.Submission) (*scorecard.Scorecard, error)

// Options are a batch.
type Options struct {
	// Dir holds the submissions, Results the results (created if missing).
	Dir, Results string
	// Config is what every grading shares: Exercise, Suites, Seed,
	// Threshold, Limits. Submission, Candidate and Handler are set per
	// submission (Candidate to its name).
	Config grader.Config
	// Grade grades one submission. It must honour ctx.
	Grade GradeFunc
	// Jobs is how many submissions are graded at once (default 2).
	Jobs int
	// Regrade grades every submission again, up to date or not, into
	// Results/.regrade, whose scorecards a later regrade resumes from
	// like a batch does. Nothing outside .regrade is replaced unless
	// Apply is set too: then the regrade's files replace the old ones
	// and .regrade is removed.
	Regrade, Apply bool
	// Progress follows the batch; nil means none.
	Progress Progress
	// Version is the grader version an up-to-date scorecard must have;
	// "" means grader.Version.
	Version string
	// Limits bound the intake of each submission; zero means
	// intake.DefaultLimits.
	Limits intake.Limits
	// Shard, when its Count is set, grades only one share of the
	// submissions (see [Shard]), for schedulers that run several copies
	// of one batch, each into its own results folder; [Merge] joins them.
	Shard Shard
}

// Shard is share Index (1 to Count) of Count of a batch: the submissions
// whose places in name order are Index-1, Index-1+Count, and so on. Every
// copy lists the same folder, so the shares are disjoint and cover it.
type Shard struct{ Index, Count int }

// Of returns the share of entries (in name order) s holds; all of them
// when s.Count is 0.
func (s Shard) Of(entries []Entry) []Entry {
	if s.Count <= 0 {
		return entries
	}
	var out []Entry
	for i, e := range entries {
		if i%s.Count == s.Index-1 {
			out = append(out, e)
		}
	}
	return out
}

// Report is what [Run] did.
type Report struct {
	// Results are the batch's submissions, in name order.
	Results []Result
	// Moves, for a regrade, compare every submission's new result with
	// the one it replaces (or would replace, without Apply).
	Moves []Move
	// Graded is how many submissions this run graded (or tried to).
	Graded int
	// Removed are the submissions, in name order, whose results this run
	// moved to removed/: an earlier run graded them, and they are no
	// longer in the submissions folder.
	Removed []string
}

// Manifest is the JSON of a results folder's batch.json.
type Manifest struct {
	Schema      string `json:"schema"`      // ManifestSchema
	Exercise    string `json:"exercise"`    // the exercise's slug
	Submissions string `json:"submissions"` // the submissions folder, absolute
}

// ManifestSchema is the schema of a [Manifest].
const ManifestSchema = "grader.batch/v1"

// ErrOtherExercise is returned by [Run] when the results folder holds
// another exercise's batch.
var ErrOtherExercise = errors.New("the results folder holds a batch of another exercise")

// stagingDir is where a regrade's files wait for --apply.
const stagingDir = ".regrade"

// Run grades the batch. It returns an error only when the batch itself
// cannot go on (the folders cannot be read or written) or ctx is done;
// then the scorecards already written stay, and the next Run resumes
// from them. A submission's own failure is in its [Result].
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Jobs <= 0 {
		opts.Jobs = 2
	}
	if opts.Version == "" {
		opts.Version = grader.Version
	}
	if opts.Progress == nil {
		opts.Progress = nopProgress{}
	}
	if opts.Apply && !opts.Regrade {
		return nil, errors.New("apply needs a regrade")
	}
	entries, err := List(opts.Dir, opts.Results)
	if err != nil {
		return nil, fmt.Errorf("reading the submissions: %w", err)
	}
	results := &store{dir: opts.Results}
	if err := results.open(opts.Config.Exercise, opts.Dir); err != nil {
		return nil, err
	}
	var removed []string
	if !opts.Regrade || opts.Apply { // a regrade without apply changes nothing
		if removed, err = results.removeGone(entries); err != nil {
			return nil, err
		}
	}
	entries = opts.Shard.Of(entries)
	target := results
	if opts.Regrade {
		target = &store{dir: filepath.Join(opts.Results, stagingDir)}
		if err := target.mkdirs(); err != nil {
			return nil, err
		}
	}

	// First read every submission, to know what is up to date.
	type job struct {
		entry Entry
		sub   *intake.Submission
		res   Result
		todo  bool
	}
	jobs := make([]*job, len(entries))
	selected := selectedSuites(opts.Config.Suites)
	for i, en := range entries {
		j := &job{entry: en, res: Result{Name: en.Name}}
		jobs[i] = j
		sub, err := intake.Load(ctx, en.Path, opts.Limits)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			j.res.Failure = failure(opts, en, err)
			j.todo = true
			continue
		}
		j.sub = sub
		if card, ok := target.card(en.Name); ok && upToDate(card, sub, opts.Config.Exercise, opts.Version, selected) {
			card.Tally(opts.Config.Threshold) // the pass mark may be another
			j.res.Card, j.res.UpToDate = card, true
			// src/ of an older run may be missing.
			if err := target.ensureSrc(en.Name, sub); err != nil {
				return nil, err
			}
			continue
		}
		j.todo = true
	}
	todo := 0
	for _, j := range jobs {
		if j.todo {
			todo++
		}
	}
	opts.Progress.Plan(todo, len(jobs)-todo)
	for _, j := range jobs {
		if !j.todo {
			opts.Progress.Finish(j.res)
		}
	}

	// Then grade what is not, Jobs at a time.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		fatal   error
		pending = make(chan *job)
	)
	for range opts.Jobs {
		wg.Go(func() {
			for j := range pending {
				if ctx.Err() != nil {
					continue // stopped before it started
				}
				if j.res.Failure == nil {
					opts.Progress.Start(j.entry.Name)
					card, f := gradeOne(ctx, opts, j.entry, j.sub)
					if ctx.Err() != nil && card == nil {
						continue // stopped: nothing is recorded
					}
					j.res.Card, j.res.Failure = card, f
				}
				var err error
				if j.res.Card != nil {
					err = target.putCard(j.entry.Name, j.res.Card, j.sub)
				} else {
					err = target.putFailure(j.entry.Name, j.res.Failure)
				}
				if err != nil {
					mu.Lock()
					fatal = cmpErr(fatal, err)
					mu.Unlock()
				}
				opts.Progress.Finish(j.res)
			}
		})
	}
	graded := 0
feed:
	for _, j := range jobs {
		if !j.todo {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case pending <- j:
			graded++
		case <-ctx.Done():
			break feed
		}
	}
	close(pending)
	wg.Wait()
	if fatal != nil {
		return nil, fatal
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	rep := &Report{Graded: graded, Removed: removed}
	for _, j := range jobs {
		rep.Results = append(rep.Results, j.res)
	}
	if opts.Regrade {
		rep.Moves = moves(results, rep.Results)
		if opts.Apply {
			if err := apply(results, target, rep.Results); err != nil {
				return nil, err
			}
		}
	}
	return rep, nil
}

func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}

// gradeOne grades one submission, turning a panic of the grader into the
// submission's failure.
func gradeOne(ctx context.Context, opts Options, en Entry, sub *intake.Submission) (card *scorecard.Scorecard, f *Failure) {
	defer func() {
		if r := recover(); r != nil {
			card = nil
			f = failure(opts, en, fmt.Errorf("the grader panicked: %v; please report this", r))
			f.Stack = string(debug.Stack())
			f.SHA256 = sub.SHA256
		}
	}()
	cfg := opts.Config
	cfg.Submission = en.Path
	cfg.Candidate = en.Name
	cfg.Handler = grader.HandlerFunc(func(ev grader.Event) { opts.Progress.Event(en.Name, ev) })
	card, err := opts.Grade(ctx, cfg, sub)
	if err != nil {
		f := failure(opts, en, err)
		f.SHA256 = sub.SHA256
		return nil, f
	}
	return card, nil
}

// failure records err as en's failure.
func failure(opts Options, en Entry, err error) *Failure {
	kind := FailureError
	var refused *intake.RefusedError
	var input *grader.InputError
	if errors.As(err, &refused) || errors.As(err, &input) {
		kind = FailureRefused
	}
	return &Failure{
		Schema: FailureSchema, Name: en.Name, Submission: en.Path, Exercise: opts.Config.Exercise,
		Kind: kind, Error: err.Error(), At: time.Now().UTC().Format(time.RFC3339), GraderVersion: opts.Version,
	}
}

// selectedSuites is what a scorecard's selected_suites holds for a
// grading of names: scorecard order, all four for none.
func selectedSuites(names []string) []string {
	var out []string
	for _, n := range scorecard.SuiteNames {
		if len(names) == 0 || slices.Contains(names, n) {
			out = append(out, n)
		}
	}
	return out
}

// upToDate reports whether card is a grading of sub as this batch would
// grade it.
func upToDate(card *scorecard.Scorecard, sub *intake.Submission, exercise, version string, selected []string) bool {
	return card.Exercise == exercise && card.GraderVersion == version && card.SHA256 == sub.SHA256 &&
		slices.Equal(card.Selected, selected)
}

type nopProgress struct{}

func (nopProgress) Plan(int, int)              {}
func (nopProgress) Start(string)               {}
func (nopProgress) Event(string, grader.Event) {}
func (nopProgress) Finish(Result)              {}
