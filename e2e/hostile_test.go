// Package e2e grades a corpus of hostile and broken submissions through the
// real grader binary and checks each scorecard against the case's
// expectation.
//
// A case is one txtar archive, testdata/hostile/NAME.txtar. Its comment
// is the expectation, a JSON object (see [expectation]); its files are
// the submission, a folder sub/ (sub/limiter.go, ...), and any files
// that the expectation's archive entries name. A file named NAME.base64
// holds the base64 of a binary file NAME. The submission may instead be
// a file named by the expectation (a .zip that is not a zip), or be
// built at test time: an archive, a directory or a git repository. The
// runner builds the CLI once, grades every case at each isolation level
// the case allows and the machine offers, at most two gradings at once,
// and checks the exit code, the verdicts, and that no scorecard quotes
// the hidden spec or the grader's environment.
//
// Every grading runs with an empty Go module cache and GOPROXY=off: the
// grader carries everything a build needs.
//
//	go test ./e2e                              every case, at bwrap+cgroup and none
//	go test ./e2e -short                       skipped: every case runs the real CLI
//	go test ./e2e -run 'TestHostile/none/'     one level
//	go test ./e2e -run 'TestHostile/.*/policy-' the policy cases
//	go test ./e2e -e2e.levels=bwrap            other levels
//
// The first run on a machine pays for the reference builds (the standard
// library's race build above all) in the shared cache under the OS temp
// dir; later runs reuse it.
package e2e

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
	"golang.org/x/tools/txtar"

	"github.com/hiringtools/grader/grader/sandbox"
	"github.com/hiringtools/grader/internal/testcache"
)

var (
	levelsFlag = flag.String("e2e.levels", "bwrap+cgroup,none", "comma-separated isolation levels to grade at")
	timeFlag   = flag.Duration("e2e.case-timeout", 4*time.Minute, "the longest one grading may take before the case fails as a hang")
	quickFlag  = flag.Bool("e2e.quick", false, "grade only the policy and intake cases and those whose expectation says short: true")
)

// Paths and values TestMain sets up.
var (
	graderBin string // the CLI under test, in a temporary directory of its own
	cacheDir  string // shared by every grading: the Go build cache is warmed once
	canary    string // set in the grader's environment; never in a scorecard
	modCache  string // the gradings' Go module cache: empty, and it must stay so
	repoRoot  string
)

// gradings bounds how many gradings run at once: the machine has 2 cores,
// and each grading runs tests in parallel itself.
var gradings = make(chan struct{}, 2)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		// TestHostile skips itself: nothing to build.
		os.Exit(m.Run())
	}
	code, err := setup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(3)
	}
	if code == 0 {
		code = m.Run()
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: goroutines left behind:", err)
			code = 1
		}
	}
	if entries, err := os.ReadDir(modCache); code == 0 && (err != nil || len(entries) > 0) {
		fmt.Fprintf(os.Stderr, "e2e: the gradings wrote to the Go module cache %s (%d entries, %v): the grader must carry what builds need\n", modCache, len(entries), err)
		code = 1
	}
	os.RemoveAll(modCache)
	if graderBin != "" {
		os.RemoveAll(filepath.Dir(graderBin))
	}
	os.Exit(code)
}

func setup() (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, err
	}
	repoRoot = filepath.Dir(wd)
	binDir, err := os.MkdirTemp("", "grader-e2e-bin-")
	if err != nil {
		return 0, err
	}
	// The binary must be readable and runnable by the sandbox's users
	// when the grader copies itself as the build-cache helper.
	if err := os.Chmod(binDir, 0o755); err != nil {
		return 0, err
	}
	graderBin = filepath.Join(binDir, "grader")
	build := exec.Command("go", "build", "-o", graderBin, "./cmd/grader")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building the grader: %v\n%s", err, out)
	}
	cacheDir = testcache.Dir()
	if modCache, err = os.MkdirTemp("", "grader-e2e-modcache-"); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return 0, err
	}
	var b [8]byte
	rand.Read(b[:])
	canary = "GRADER_CANARY_" + hex.EncodeToString(b[:])
	return 0, nil
}

// expectation is a case's expect.json. Zero fields are not checked,
// except exit (always checked) and levels (required).
type expectation struct {
	// Reason says what the case proves, when its name does not.
	Reason string `json:"reason"`
	// Exercise is the slug graded against.
	Exercise string `json:"exercise"`
	// Submission is the path graded, relative to the case folder
	// ("sub" when empty), unless Archive or Git says how to make it.
	Submission string `json:"submission"`
	// Archive describes a submission built at test time.
	Archive *archive `json:"archive"`
	// Git is "repo", "bundle" or "hostile-repo": a git submission made
	// at test time from the files in sub/.
	Git string `json:"git"`
	// Args are added after 'grade SLUG PATH --format json'.
	Args []string `json:"args"`
	// Exit is the grader's exit code.
	Exit int `json:"exit"`
	// Build is build.status ("ok", "failed", "rejected", "not_run").
	Build string `json:"build"`
	// Policy is every policy violation, as "file:line:rule".
	Policy []string `json:"policy"`
	// MissingAPI is every missing_api symbol.
	MissingAPI []string `json:"missing_api"`
	// MinScore and MaxScore bound the total score.
	MinScore *float64 `json:"min_score"`
	MaxScore *float64 `json:"max_score"`
	// Verdicts maps a suite to the verdicts each of its tests may have.
	Verdicts map[string][]string `json:"verdicts"`
	// Require maps a suite to verdicts that at least one test must have.
	Require map[string][]string `json:"require"`
	// Ignored lists paths that ignored_files must name.
	Ignored []string `json:"ignored"`
	// MessageContains must each appear in what the grader says: the
	// scorecard's build output, policy and test messages, and stderr.
	MessageContains []string `json:"message_contains"`
	// NotContains must never appear in stdout or stderr (on top of the
	// canary and the hidden spec, which no case may show).
	NotContains []string `json:"not_contains"`
	// Levels are the isolation levels at which the case is safe to run.
	Levels []string `json:"levels"`
	// Short puts a case that runs code in the -e2e.quick subset; policy
	// and intake cases always are.
	Short bool `json:"short"`
}

// archive is a submission the runner builds at test time.
type archive struct {
	// Kind is "zip", "tar.gz" or "dir".
	Kind    string  `json:"kind"`
	Entries []entry `json:"entries"`
}

// entry is one entry of an archive or file of a directory.
type entry struct {
	Name string `json:"name"`
	// Unquote makes Name a Go string literal body: "bad\\xff.go".
	Unquote bool `json:"unquote"`
	// Exactly one of these gives the content; none means an empty file.
	File     string `json:"file"`     // a file of the case folder
	Data     string `json:"data"`     // literal content
	Zeros    int64  `json:"zeros"`    // this many zero bytes
	Symlink  string `json:"symlink"`  // a symbolic link to this target
	Hardlink string `json:"hardlink"` // a hard link to this entry (tar only)
	// Count repeats the entry, with %d in Name replaced by 0..Count-1.
	Count int `json:"count"`
	// Store writes a zip entry without compression.
	Store bool `json:"store"`
}

type testCase struct {
	name string
	dir  string
	exp  expectation
}

// loadCases reads every case and writes its files into a folder of its
// own under a temporary directory.
func loadCases(t *testing.T) []testCase {
	t.Helper()
	root := filepath.Join("testdata", "hostile")
	archives, err := filepath.Glob(filepath.Join(root, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var cases []testCase
	for _, file := range archives {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatalf("case %s: %v", name, err)
		}
		var exp expectation
		dec := json.NewDecoder(bytes.NewReader(ar.Comment))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&exp); err != nil {
			t.Fatalf("case %s: the comment must be the expectation, in JSON: %v", name, err)
		}
		if exp.Exercise == "" || len(exp.Levels) == 0 {
			t.Fatalf("case %s: the expectation must set exercise and levels", name)
		}
		dir := filepath.Join(tmp, name)
		for _, f := range ar.Files {
			fname, data := f.Name, f.Data
			if base, ok := strings.CutSuffix(fname, ".base64"); ok {
				fname = base
				if data, err = base64.StdEncoding.DecodeString(string(bytes.ReplaceAll(data, []byte("\n"), nil))); err != nil {
					t.Fatalf("case %s: %s: %v", name, f.Name, err)
				}
			}
			p := filepath.Join(dir, filepath.FromSlash(fname))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, testCase{name: name, dir: dir, exp: exp})
	}
	if len(cases) < 72 {
		t.Errorf("the corpus has %d cases; it must keep at least its 72", len(cases))
	}
	return cases
}

// runsCode reports whether grading the case runs submitted code: its
// expected build status is "ok" or it is graded without a policy
// rejection, a refusal or a compile failure.
func (tc testCase) runsCode() bool {
	return tc.exp.Exit != 2 && tc.exp.Build != "rejected" && tc.exp.Build != "failed"
}

func (tc testCase) inQuick() bool {
	return tc.exp.Short || !tc.runsCode()
}

func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("every case grades through the real CLI; skipped with -short (-e2e.quick runs a subset)")
	}
	cases := loadCases(t)
	for _, level := range strings.Split(*levelsFlag, ",") {
		t.Run(level, func(t *testing.T) {
			if level != "none" {
				if _, err := exec.LookPath("bwrap"); err != nil {
					t.Skipf("level %s needs bubblewrap, and bwrap is not on PATH (%v); install it to grade in the sandbox", level, err)
				}
			}
			if msg := probeLevel(level); msg != "" {
				t.Skipf("level %s is not available on this machine: %s", level, msg)
			}
			var selected []testCase
			for _, tc := range cases {
				if slices.Contains(tc.exp.Levels, level) && (!*quickFlag || tc.inQuick()) {
					selected = append(selected, tc)
				}
			}
			warm(t, level, selected)
			before := scratchEntries(t)
			t.Run("cases", func(t *testing.T) {
				for _, tc := range selected {
					t.Run(tc.name, func(t *testing.T) {
						t.Parallel()
						run(t, tc, level)
					})
				}
			})
			// Only a directory whose grader has exited is left behind: the
			// cache may be shared with gradings that are still running
			// (another run of these tests on the same machine).
			var left []string
			for _, name := range scratchEntries(t) {
				m := scratchOwnerRE.FindStringSubmatch(name)
				if !slices.Contains(before, name) && (m == nil || !sandbox.OwnerAlive(m[1])) {
					left = append(left, name)
				}
			}
			if len(left) > 0 {
				t.Errorf("the grader left scratch directories behind in %s: %v", filepath.Join(cacheDir, "scratch"), left)
			}
		})
	}
}

// probeLevel asks the grader for the level with a path that does not
// exist: the sandbox is set up before the submission is read, so a
// missing level says so and an available one fails at intake.
func probeLevel(level string) string {
	cmd := exec.Command(graderBin, "--cache", cacheDir, "--isolation", level, "grade", "ratelimiter", "/nonexistent-e2e-probe")
	out, _ := cmd.CombinedOutput()
	if strings.Contains(string(out), "grader doctor") {
		return strings.TrimSpace(string(out))
	}
	return ""
}

// warm grades each exercise's reference once before the cases run in
// parallel, so that two gradings never build the same reference at once;
// it also checks that the reference scores the full correctness suite.
func warm(t *testing.T, level string, cases []testCase) {
	seen := map[string]bool{}
	for _, tc := range cases {
		if !tc.runsCode() || seen[tc.exp.Exercise] {
			continue
		}
		seen[tc.exp.Exercise] = true
		ref := filepath.Join(repoRoot, "solutions", tc.exp.Exercise)
		res := grade(t, level, []string{tc.exp.Exercise, ref, "--format", "json", "--suites", "correctness"}, 10*time.Minute)
		if res.exit != 0 || res.card == nil {
			t.Fatalf("warming up %s: the reference graded with exit %d\n%s", tc.exp.Exercise, res.exit, res.stderr)
		}
		if s := res.card.suite("correctness"); s == nil || s.Score != s.MaxScore {
			t.Fatalf("warming up %s: the reference does not score the full correctness suite:\n%s", tc.exp.Exercise, res.stdout)
		}
	}
}

// scratchOwnerRE reads the owner (sandbox.Owner) out of a scratch
// directory's name.
var scratchOwnerRE = regexp.MustCompile(`^[a-z]+-(\d+\.\d+)-`)

func scratchEntries(t *testing.T) []string {
	entries, err := os.ReadDir(filepath.Join(cacheDir, "scratch"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// card is the part of the scorecard the expectations read.
type card struct {
	Schema string  `json:"schema"`
	Score  float64 `json:"score"`
	Suites []struct {
		Name     string  `json:"name"`
		Score    float64 `json:"score"`
		MaxScore float64 `json:"max_score"`
		Status   string  `json:"status"`
		Tests    []struct {
			Name    string `json:"name"`
			Verdict string `json:"verdict"`
			Message string `json:"message"`
		} `json:"tests"`
	} `json:"suites"`
	MissingAPI []struct {
		Symbol string `json:"symbol"`
	} `json:"missing_api"`
	Build struct {
		Status string `json:"status"`
		Output string `json:"output"`
	} `json:"build"`
	Policy []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Rule    string `json:"rule"`
		Message string `json:"message"`
	} `json:"policy"`
	IgnoredFiles []struct {
		Path string `json:"path"`
	} `json:"ignored_files"`
	Isolation struct {
		Level string `json:"level"`
	} `json:"isolation"`
}

func (c *card) suite(name string) *struct {
	Name     string  `json:"name"`
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Status   string  `json:"status"`
	Tests    []struct {
		Name    string `json:"name"`
		Verdict string `json:"verdict"`
		Message string `json:"message"`
	} `json:"tests"`
} {
	for i := range c.Suites {
		if c.Suites[i].Name == name {
			return &c.Suites[i]
		}
	}
	return nil
}

// text is everything the scorecard says in words.
func (c *card) text() string {
	var b strings.Builder
	b.WriteString(c.Build.Output + "\n")
	for _, p := range c.Policy {
		fmt.Fprintf(&b, "%s:%d: %s: %s\n", p.File, p.Line, p.Rule, p.Message)
	}
	for _, s := range c.Suites {
		for _, t := range s.Tests {
			b.WriteString(t.Message + "\n")
		}
	}
	return b.String()
}

type result struct {
	exit           int
	stdout, stderr string
	card           *card
}

// grade runs 'grader grade' with args at level, holding one of the
// grading slots, and bounded by limit.
func grade(t *testing.T, level string, args []string, limit time.Duration) result {
	t.Helper()
	gradings <- struct{}{}
	defer func() { <-gradings }()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	argv := append([]string{"--cache", cacheDir, "--isolation", level, "grade"}, args...)
	cmd := exec.CommandContext(ctx, graderBin, argv...)
	cmd.Env = append(os.Environ(), "GRADER_CANARY="+canary, "E2E_SECRET="+canary, "NO_COLOR=1",
		"GOMODCACHE="+modCache, "GOPROXY=off", "GOFLAGS=-mod=mod")
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("the grader did not finish within %s (a hang); stderr:\n%s", limit, stderr.String())
	}
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.exit = exit.ExitCode()
	case err != nil:
		t.Fatalf("running the grader: %v", err)
	}
	if res.stdout != "" {
		res.card = &card{}
		if err := json.Unmarshal(stdout.Bytes(), res.card); err != nil {
			t.Fatalf("stdout is not a JSON scorecard: %v\n%s", err, trimOut(res.stdout))
		}
	}
	return res
}

// gradeArgs puts the slug and path first, as 'grader grade' wants.
func gradeArgs(exp expectation, path string) []string {
	return append([]string{exp.Exercise, path, "--format", "json"}, exp.Args...)
}

func run(t *testing.T, tc testCase, level string) {
	exp := tc.exp
	work := t.TempDir()
	if err := os.Chmod(work, 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(work, "submission")
	switch {
	case exp.Archive != nil:
		sub = makeArchive(t, tc.dir, work, *exp.Archive)
	case exp.Git != "":
		sub = makeGit(t, tc.dir, work, exp.Git)
	default:
		src := exp.Submission
		if src == "" {
			src = "sub"
		}
		src = filepath.Join(tc.dir, src)
		if info, err := os.Stat(src); err == nil && !info.IsDir() {
			// A file keeps its name: its extension says what it is.
			sub = filepath.Join(work, filepath.Base(src))
		}
		copyTree(t, src, sub)
	}
	beforeWork := listTree(t, work)

	res := grade(t, level, gradeArgs(exp, sub), *timeFlag)
	if res.stderr != "" {
		t.Logf("stderr: %s", trimOut(res.stderr))
	}

	// What the expectation names, as found; lists of problems are empty
	// when all is well.
	type outcome struct {
		Exit       int
		Build      string
		Policy     []string
		MissingAPI []string
		Problems   []string
	}
	want := outcome{Exit: exp.Exit, Build: exp.Build, Policy: sorted(exp.Policy), MissingAPI: sorted(exp.MissingAPI)}
	got := outcome{Exit: res.exit}
	var problems []string
	said := res.stderr
	c := res.card
	if c != nil {
		said += "\n" + c.text()
		if c.Schema != "grader.scorecard/v1" {
			problems = append(problems, "schema is "+strconv.Quote(c.Schema))
		}
		if c.Isolation.Level != level {
			problems = append(problems, fmt.Sprintf("isolation.level is %q, want %q", c.Isolation.Level, level))
		}
		if exp.Build != "" {
			got.Build = c.Build.Status
		}
		if exp.Policy != nil {
			got.Policy = []string{}
			for _, p := range c.Policy {
				got.Policy = append(got.Policy, fmt.Sprintf("%s:%d:%s", p.File, p.Line, p.Rule))
			}
			got.Policy = sorted(got.Policy)
		}
		if exp.MissingAPI != nil {
			got.MissingAPI = []string{}
			for _, m := range c.MissingAPI {
				got.MissingAPI = append(got.MissingAPI, m.Symbol)
			}
			got.MissingAPI = sorted(got.MissingAPI)
		}
		if exp.MinScore != nil && c.Score < *exp.MinScore-1e-9 {
			problems = append(problems, fmt.Sprintf("score %.1f is below min_score %.1f", c.Score, *exp.MinScore))
		}
		if exp.MaxScore != nil && c.Score > *exp.MaxScore+1e-9 {
			problems = append(problems, fmt.Sprintf("score %.1f is above max_score %.1f", c.Score, *exp.MaxScore))
		}
		for _, suite := range sortedKeys(exp.Verdicts) {
			s := c.suite(suite)
			if s == nil {
				problems = append(problems, "no suite "+suite)
				continue
			}
			if len(s.Tests) == 0 {
				problems = append(problems, suite+" has no tests")
			}
			for _, tt := range s.Tests {
				if !slices.Contains(exp.Verdicts[suite], tt.Verdict) {
					problems = append(problems, fmt.Sprintf("%s/%s: verdict %q, want one of %v (%s)", suite, tt.Name, tt.Verdict, exp.Verdicts[suite], firstLine(tt.Message)))
				}
			}
		}
		for _, suite := range sortedKeys(exp.Require) {
			s := c.suite(suite)
			for _, v := range exp.Require[suite] {
				found := false
				if s != nil {
					for _, tt := range s.Tests {
						found = found || tt.Verdict == v
					}
				}
				if !found {
					problems = append(problems, fmt.Sprintf("%s: no test has verdict %q", suite, v))
				}
			}
		}
		for _, p := range exp.Ignored {
			if !slices.ContainsFunc(c.IgnoredFiles, func(ig struct {
				Path string `json:"path"`
			}) bool {
				return ig.Path == p
			}) {
				problems = append(problems, fmt.Sprintf("ignored_files does not list %q", p))
			}
		}
	} else if exp.Exit != 2 {
		problems = append(problems, "no scorecard on stdout")
	}
	for _, s := range exp.MessageContains {
		if !strings.Contains(said, s) {
			problems = append(problems, fmt.Sprintf("the grader never says %q", s))
		}
	}
	all := res.stdout + "\n" + res.stderr
	for _, s := range append(forbidden(t, exp.Exercise), exp.NotContains...) {
		if strings.Contains(all, s) {
			problems = append(problems, fmt.Sprintf("the output shows %q", trimOut(s)))
		}
	}
	if exp.Exit == 2 {
		if res.stdout != "" {
			problems = append(problems, "a refused submission printed a scorecard")
		}
		if strings.TrimSpace(res.stderr) == "" {
			problems = append(problems, "a refused submission got no message")
		}
	}
	// Intake writes nothing outside its own scratch directory: the
	// case's work folder is as the runner left it.
	if afterWork := listTree(t, work); !slices.Equal(beforeWork, afterWork) {
		problems = append(problems, fmt.Sprintf("the grading changed the case's folder: %s", cmp.Diff(beforeWork, afterWork)))
	}
	if exp.Archive != nil {
		problems = append(problems, escaped(exp.Archive)...)
	}
	if exp.Git == "hostile-repo" {
		if _, err := os.Stat(filepath.Join(work, "pwned")); err == nil {
			problems = append(problems, "a hook or a command in the candidate's git config ran: "+filepath.Join(work, "pwned")+" exists")
		}
	}
	got.Problems = problems
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grading %s at %s (-want +got):\n%s\nstderr:\n%s\nscorecard:\n%s", tc.name, level, diff, trimOut(res.stderr), summary(c))
	}
}

// forbidden is what no output may show: the canary, and the hidden
// spec's file names and source lines.
func forbidden(t *testing.T, slug string) []string {
	specOnce.Do(func() { specText = map[string][]string{} })
	specMu.Lock()
	defer specMu.Unlock()
	if s, ok := specText[slug]; ok {
		return append([]string{canary}, s...)
	}
	var out []string
	dir := filepath.Join(repoRoot, "exercises", slug, "testdata", "spec")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no hidden spec for %s in %s", slug, dir)
	}
	for _, f := range files {
		out = append(out, filepath.Base(f))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			l = strings.TrimSpace(l)
			// Long code lines are the spec's own; short ones and comments
			// could be anyone's.
			if len(l) >= 40 && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, "t.Errorf(") && !strings.HasPrefix(l, "t.Fatalf(") {
				out = append(out, l)
			}
		}
	}
	specText[slug] = out
	return append([]string{canary}, out...)
}

var (
	specOnce sync.Once
	specMu   sync.Mutex
	specText map[string][]string
)

func summary(c *card) string {
	if c == nil {
		return "(none)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "score %.1f, build %s: %s\n", c.Score, c.Build.Status, firstLine(c.Build.Output))
	for _, p := range c.Policy {
		fmt.Fprintf(&b, "policy %s:%d %s: %s\n", p.File, p.Line, p.Rule, p.Message)
	}
	for _, m := range c.MissingAPI {
		fmt.Fprintf(&b, "missing %s\n", m.Symbol)
	}
	for _, ig := range c.IgnoredFiles {
		fmt.Fprintf(&b, "ignored %s\n", ig.Path)
	}
	for _, s := range c.Suites {
		if s.Status == "skipped" {
			continue
		}
		fmt.Fprintf(&b, "%s %.1f/%.1f %s\n", s.Name, s.Score, s.MaxScore, s.Status)
		for _, tt := range s.Tests {
			fmt.Fprintf(&b, "  %s %s: %s\n", tt.Name, tt.Verdict, trimOut(firstLine(tt.Message)))
		}
	}
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func trimOut(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func sorted(s []string) []string {
	if s == nil {
		return nil
	}
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// listTree lists every path under root with its size, to tell whether a
// grading wrote anything there.
func listTree(t *testing.T, root string) []string {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, fmt.Sprintf("%s %v %d", rel, info.Mode().Type(), info.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the submission: %v", err)
	}
}

// expand returns the entries with Count expanded and names unquoted.
func expand(t *testing.T, caseDir string, entries []entry) []entry {
	t.Helper()
	var out []entry
	for _, e := range entries {
		if e.Unquote {
			name, err := strconv.Unquote(`"` + e.Name + `"`)
			if err != nil {
				t.Fatalf("entry %q: %v", e.Name, err)
			}
			e.Name = name
		}
		if e.File != "" {
			data, err := os.ReadFile(filepath.Join(caseDir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			e.Data, e.File = string(data), ""
		}
		if e.Zeros > 0 {
			e.Data, e.Zeros = string(make([]byte, e.Zeros)), 0
		}
		if e.Count == 0 {
			out = append(out, e)
			continue
		}
		for i := range e.Count {
			c := e
			c.Name, c.Count = strings.ReplaceAll(e.Name, "%d", strconv.Itoa(i)), 0
			out = append(out, c)
		}
	}
	return out
}

// makeArchive builds the case's archive (or directory) in work and
// returns its path.
func makeArchive(t *testing.T, caseDir, work string, a archive) string {
	t.Helper()
	entries := expand(t, caseDir, a.Entries)
	switch a.Kind {
	case "dir":
		dir := filepath.Join(work, "submission")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			var err error
			if e.Symlink != "" {
				err = os.Symlink(e.Symlink, p)
			} else {
				err = os.WriteFile(p, []byte(e.Data), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return dir
	case "zip":
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range entries {
			h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
			if e.Store {
				h.Method = zip.Store
			}
			h.SetMode(0o644)
			data := e.Data
			if e.Symlink != "" {
				h.SetMode(fs.ModeSymlink | 0o777)
				data = e.Symlink
			}
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(work, "submission.zip")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	case "tar.gz":
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		for _, e := range entries {
			h := &tar.Header{Name: e.Name, Mode: 0o644, Size: int64(len(e.Data)), Typeflag: tar.TypeReg, ModTime: time.Unix(1e9, 0)}
			switch {
			case e.Symlink != "":
				h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, e.Symlink, 0
			case e.Hardlink != "":
				h.Typeflag, h.Linkname, h.Size = tar.TypeLink, e.Hardlink, 0
			}
			if err := tw.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
			if h.Size > 0 {
				if _, err := tw.Write([]byte(e.Data)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := gz.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(work, "submission.tar.gz")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Fatalf("archive kind %q: use zip, tar.gz or dir", a.Kind)
	return ""
}

// escaped reports entries that name a place outside the submission
// (an absolute path) which now exists: intake must never write there.
func escaped(a *archive) []string {
	var out []string
	for _, e := range a.Entries {
		if filepath.IsAbs(e.Name) {
			if _, err := os.Lstat(e.Name); err == nil {
				out = append(out, "the grading wrote "+e.Name)
			}
		}
	}
	return out
}

// makeGit makes a git submission from the case's sub/ folder: a
// repository, a bundle of one, or a repository whose configuration runs
// commands (hooks, core.fsmonitor, a filter, ...) that would create the
// file "pwned" in work if git ran them.
func makeGit(t *testing.T, caseDir, work, kind string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skipf("git submissions need the git CLI, which is not on PATH (%v)", err)
	}
	repo := filepath.Join(work, "repo")
	copyTree(t, filepath.Join(caseDir, "sub"), repo)
	home := filepath.Join(work, "githome")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
			"GIT_AUTHOR_NAME=e2e", "GIT_AUTHOR_EMAIL=e2e@example.com", "GIT_COMMITTER_NAME=e2e",
			"GIT_COMMITTER_EMAIL=e2e@example.com", "GIT_AUTHOR_DATE=2001-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2001-01-01T00:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "submission")
	switch kind {
	case "repo":
		return repo
	case "bundle":
		bundle := filepath.Join(work, "submission.bundle")
		git("bundle", "create", "-q", bundle, "HEAD", "main")
		if err := os.RemoveAll(repo); err != nil {
			t.Fatal(err)
		}
		return bundle
	case "hostile-repo":
		// Set up after the commit, so that the runner's own git never
		// runs them.
		pwn := "touch " + filepath.Join(work, "pwned")
		for _, kv := range [][2]string{
			{"core.fsmonitor", pwn},
			{"core.hooksPath", filepath.Join(repo, ".git", "evilhooks")},
			{"core.sshCommand", pwn},
			{"core.pager", pwn},
			{"core.editor", pwn},
			{"core.askPass", pwn},
			{"filter.evil.smudge", pwn},
			{"filter.evil.clean", pwn},
			{"filter.evil.process", pwn},
			{"filter.evil.required", "true"},
			{"diff.external", pwn},
			{"uploadpack.packObjectsHook", pwn},
			{"protocol.allow", "always"},
			{"include.path", filepath.Join(repo, ".git", "evil.config")},
		} {
			git("config", kv[0], kv[1])
		}
		evil := []byte("[core]\n\tfsmonitor = " + pwn + "\n[alias]\n\tarchive = !" + pwn + "\n")
		if err := os.WriteFile(filepath.Join(repo, ".git", "evil.config"), evil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, ".gitattributes"), []byte("* filter=evil\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, dir := range []string{filepath.Join(repo, ".git", "hooks"), filepath.Join(repo, ".git", "evilhooks")} {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, hook := range []string{"pre-upload", "post-checkout", "post-merge", "pre-commit", "reference-transaction",
				"pre-auto-gc", "post-index-change", "fsmonitor-watchman", "pre-push", "push-to-checkout"} {
				script := []byte("#!/bin/sh\n" + pwn + "\n")
				if err := os.WriteFile(filepath.Join(dir, hook), script, 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}
		return repo
	}
	t.Fatalf("git %q: use repo, bundle or hostile-repo", kind)
	return ""
}
