package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hiringtools/grader/grader/scorecard"
)

// cmpOr is cmp.Or for strings.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"pct":  func(v float64) string { return strconv.FormatFloat(v*100, 'f', 0, 64) + "%" },
	"f1":   func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	"f2":   func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) },
	"secs": func(ms int64) string { return strconv.FormatFloat(float64(ms)/1000, 'f', 1, 64) + "s" },
}).Parse(pageTemplate))

// The page's view model: everything is computed here, so that the
// template only lays it out and escapes it.
type htmlPage struct {
	Title       string
	Batch       bool
	Exercises   string
	Suites      []string
	Leaderboard []htmlRow
	Dists       []htmlDist
	Pairs       []htmlPair
	Failures    []Failure
	Cards       []htmlCard
}

type htmlRow struct {
	Rank   int
	ID     string
	Label  string
	Score  float64
	Cells  []htmlBar
	Build  string
	Flags  []string
	Passed bool
}

// htmlBar is one suite's score as a bar.
type htmlBar struct {
	Name   string
	Score  float64
	Max    float64
	W, MW  float64 // the bar's width on a track of 300 and of 60
	Y      float64 // its row's top
	Status string
	Text   string
}

type htmlCard struct {
	ID         string
	Name       string
	Card       *scorecard.Scorecard
	Title      string
	Meta       []string
	Bars       []htmlBar
	BarsHeight int
	Policy     []htmlFinding
	Build      []htmlSeg
	Missing    []scorecard.MissingAPI
	Failures   []htmlFailure
	Causes     []string
	Latency    *htmlChart
	Sources    []htmlSource
	Ignored    []scorecard.Ignored
	Warnings   []string
	Footer     string
	Threshold  string
	ScoreClass string
	Open       bool
}

type htmlFinding struct {
	Where string
	Href  string
	Text  string
}

// htmlSeg is a piece of a message: text, or a file:line that links to
// that line of the candidate's code shown below.
type htmlSeg struct {
	Text string
	Href string
}

type htmlFailure struct {
	Description string
	Suite       string
	Test        string
	Verdict     string
	Pass        bool
	Message     []htmlSeg
}

type htmlSource struct {
	Name  string
	Lines []htmlLine
	Hits  int
}

type htmlLine struct {
	N        int
	ID       string
	Text     string
	Findings []string
	Shared   bool
	Differs  bool // a line of a similar region that is not the same text on the other side
}

// htmlChart is the latency chart: per benchmark, the ratio's interval
// and point against the budget, on a logarithmic axis.
type htmlChart struct {
	Width, Height float64
	Left          float64
	Ticks         []htmlTick
	Rows          []htmlLatRow
}

type htmlTick struct {
	X     float64
	Label string
}

type htmlLatRow struct {
	Y, Mid, BandY, Lo, BandW, X, BudgetX, Left float64
	Name, Text                                 string
	Pass                                       bool
}

// htmlDist is the distribution of one suite's (or the total's) scores
// across a batch, as a histogram of ten bins.
type htmlDist struct {
	Name  string
	Max   float64
	Bins  []htmlBin
	Label string
}

type htmlBin struct {
	X, W, Y, H float64
	N          int
	Range      string
}

type htmlPair struct {
	A, B       string
	ALabel     string
	BLabel     string
	AID, BID   string
	Similarity float64
	Longest    int
	Regions    []htmlRegion
}

type htmlRegion struct {
	A, B         string // "file.go:10-32"
	ALines       []htmlLine
	BLines       []htmlLine
	ACut, BCut   bool
	NoteA, NoteB string
}

// renderHTML writes one self-contained page: inline CSS and SVG, no
// script and nothing fetched (its Content-Security-Policy forbids both).
func renderHTML(w io.Writer, in *Input, _ Options) error {
	p := htmlPage{Batch: in.Batch || len(in.Entries) > 1, Suites: suitesOf(in)}
	var exs []string
	for _, e := range in.Entries {
		if !slices.Contains(exs, e.Card.Exercise) {
			exs = append(exs, e.Card.Exercise)
		}
	}
	p.Exercises = strings.Join(exs, ", ")
	ids := map[string]string{}
	for i, e := range in.Entries {
		ids[e.Name] = fmt.Sprintf("s%d", i+1)
	}
	sim := flagged(in)
	for _, e := range in.Entries {
		// One scorecard shows its code; a batch's are folded.
		p.Cards = append(p.Cards, htmlCardOf(e, ids[e.Name], in, !p.Batch))
	}
	if p.Batch {
		p.Title = batchTitle(in)
		for i, e := range ranked(in) {
			row := htmlRow{Rank: i + 1, ID: ids[e.Name], Label: clean(e.Label()), Score: e.Card.Score, Build: e.Card.Build.Status,
				Flags: entryFlags(in, e, sim), Passed: e.Card.Passed}
			row.Cells = bars(e.Card)
			p.Leaderboard = append(p.Leaderboard, row)
		}
		p.Dists = dists(in)
		p.Pairs = pairs(in, ids)
		p.Failures = in.Failures
	} else {
		c := in.Entries[0].Card
		p.Title = fmt.Sprintf("%s: %.1f/%g", c.Exercise, c.Score, c.MaxScore)
	}
	return page.Execute(w, p)
}

func bars(c *scorecard.Scorecard) []htmlBar {
	var out []htmlBar
	for _, n := range scorecard.SuitesIn(c) {
		s := c.Suite(n)
		if s == nil {
			out = append(out, htmlBar{Name: n, Status: "none", Text: "–"})
			continue
		}
		b := htmlBar{Name: n, Score: s.Score, Max: s.MaxScore, Status: s.Status}
		if s.MaxScore > 0 {
			b.W = math.Round(3000*s.Score/s.MaxScore) / 10
			b.MW = math.Round(600*s.Score/s.MaxScore) / 10
		}
		switch {
		case s.Gated:
			b.Text = "withheld"
		case s.Status == scorecard.StatusSkipped:
			b.Text = "skipped"
		default:
			b.Text = fmt.Sprintf("%.1f/%g", s.Score, s.MaxScore)
		}
		out = append(out, b)
	}
	for i := range out {
		out[i].Y = float64(22 * i)
	}
	return out
}

// fileLine finds file:line references in messages: the candidate's
// frames and compiler positions ("cache.go:41", "./cache.go:41:2").
var fileLine = regexp.MustCompile(`([A-Za-z0-9_.\-]+\.go):([0-9]+)`)

func htmlCardOf(e Entry, id string, in *Input, open bool) htmlCard {
	c := e.Card
	hc := htmlCard{ID: id, Name: clean(e.Name), Card: c, Open: open}
	hc.Title = clean(e.Label())
	if c.Candidate != "" {
		hc.Meta = append(hc.Meta, "candidate "+clean(c.Candidate))
	}
	hc.Meta = append(hc.Meta, "submission "+clean(c.Submission))
	if c.Commit != "" {
		m := "commit " + c.Commit
		if c.Dirty {
			m += " (working tree, with changes not in the commit)"
		}
		hc.Meta = append(hc.Meta, m)
	}
	if c.GradedAt != "" {
		hc.Meta = append(hc.Meta, "graded "+c.GradedAt)
	}
	if c.View == scorecard.ViewCandidate {
		hc.Meta = append(hc.Meta, "candidate view: failure details of the hidden tests left out")
	}
	if c.Threshold > 0 {
		hc.Threshold = fmt.Sprintf("pass mark %g: %s", c.Threshold, map[bool]string{true: "passed", false: "below"}[c.Passed])
	}
	hc.Bars = bars(c)
	switch {
	case c.Threshold > 0 && !c.Passed, c.Build.Status == scorecard.BuildFailed, c.Build.Status == scorecard.BuildRejected:
		hc.ScoreClass = "fail"
	case c.Score < c.MaxScore:
		hc.ScoreClass = "withheld"
	default:
		hc.ScoreClass = "pass"
	}
	hc.BarsHeight = 22 * len(hc.Bars)
	hc.Missing = c.MissingAPI
	hc.Ignored = c.IgnoredFiles
	for _, w := range c.Warnings {
		hc.Warnings = append(hc.Warnings, clean(w))
	}
	hc.Footer = fmt.Sprintf("isolation %s · seed %d · %s · grader %s · %.1fs", c.Isolation.Level, c.Seed, c.GoVersion, c.GraderVersion, float64(c.DurationMS)/1000)

	// The candidate's files, and the findings at their lines.
	byName := map[string]int{}
	for _, s := range e.Sources {
		hs := htmlSource{Name: s.Name}
		for i, l := range strings.Split(strings.TrimRight(clean(s.Text), "\n"), "\n") {
			hs.Lines = append(hs.Lines, htmlLine{N: i + 1, ID: lineID(id, s.Name, i+1), Text: l})
		}
		byName[s.Name] = len(hc.Sources)
		hc.Sources = append(hc.Sources, hs)
	}
	find := func(file string, line int, what string) string {
		k, ok := byName[path.Base(file)]
		if !ok || line < 1 || line > len(hc.Sources[k].Lines) {
			return ""
		}
		l := &hc.Sources[k].Lines[line-1]
		if !slices.Contains(l.Findings, what) {
			if len(l.Findings) == 0 {
				hc.Sources[k].Hits++
			}
			l.Findings = append(l.Findings, what)
		}
		return "#" + l.ID
	}
	segs := func(msg, what string) []htmlSeg {
		var out []htmlSeg
		last := 0
		for _, m := range fileLine.FindAllStringSubmatchIndex(msg, -1) {
			n, _ := strconv.Atoi(msg[m[4]:m[5]])
			href := find(msg[m[2]:m[3]], n, what)
			if href == "" {
				continue
			}
			out = append(out, htmlSeg{Text: msg[last:m[0]]}, htmlSeg{Text: msg[m[0]:m[1]], Href: href})
			last = m[1]
		}
		return append(out, htmlSeg{Text: msg[last:]})
	}

	for _, v := range c.Policy {
		what := "policy: " + clean(v.Message)
		hc.Policy = append(hc.Policy, htmlFinding{Where: fmt.Sprintf("%s:%d", clean(v.File), v.Line), Href: find(v.File, v.Line, what), Text: clean(v.Message)})
	}
	if c.Build.Status == scorecard.BuildFailed {
		out := clean(c.Build.Output)
		for _, l := range strings.Split(out, "\n") {
			if m := fileLine.FindStringSubmatch(l); m != nil {
				n, _ := strconv.Atoi(m[2])
				find(m[1], n, "build: "+firstLine(l[strings.Index(l, m[0])+len(m[0]):], 160))
			}
		}
		hc.Build = segs(out, "build")
	}
	counted := map[scorecard.Verdict]int{}
	for _, s := range c.Suites {
		for _, t := range s.Tests {
			if t.Status == scorecard.StatusSkipped || notRun(s, t) != "" {
				continue
			}
			if _, ok := causes[t.Verdict]; ok {
				counted[t.Verdict]++
				continue
			}
			if t.Status == scorecard.StatusPass {
				continue
			}
			f := htmlFailure{Suite: s.Name, Test: t.Name, Verdict: string(t.Verdict), Description: t.Description}
			if t.Message != "" || t.Description == "" {
				msg := testMessage(t)
				f.Message = segs(msg, s.Name+" · "+t.Name+": "+firstLine(msg, 160))
			}
			hc.Failures = append(hc.Failures, f)
		}
		for _, ev := range s.Evidence {
			msg := clean(ev)
			hc.Failures = append(hc.Failures, htmlFailure{Suite: s.Name, Test: "a race seen outside the race tests", Verdict: "race",
				Message: segs(msg, s.Name+": "+firstLine(msg, 160))})
		}
	}
	for _, v := range []scorecard.Verdict{scorecard.VerdictPolicy, scorecard.VerdictBuildFailed, scorecard.VerdictMissingAPI} {
		if n := counted[v]; n > 0 {
			hc.Causes = append(hc.Causes, fmt.Sprintf("%d hidden test(s) could not run: %s.", n, causes[v]))
		}
	}
	hc.Latency = latencyChart(c)
	markShared(&hc, e.Name, in)
	return hc
}

func lineID(card, file string, n int) string {
	return fmt.Sprintf("%s-%s-L%d", card, strings.NewReplacer(".", "_", "/", "_").Replace(file), n)
}

// markShared marks the lines of e's sources that a similarity region
// names.
func markShared(hc *htmlCard, name string, in *Input) {
	for _, p := range in.Pairs {
		for _, r := range p.Regions {
			var sp Span
			switch name {
			case p.A:
				sp = r.A
			case p.B:
				sp = r.B
			default:
				continue
			}
			for k := range hc.Sources {
				if hc.Sources[k].Name != path.Base(sp.File) {
					continue
				}
				for n := sp.Start; n <= sp.End && n <= len(hc.Sources[k].Lines); n++ {
					if n >= 1 {
						hc.Sources[k].Lines[n-1].Shared = true
					}
				}
			}
		}
	}
}

// latencyChart lays out the latency suite's measurements: x is
// log10(ratio) mapped onto the plot's width.
func latencyChart(c *scorecard.Scorecard) *htmlChart {
	s := c.Suite(scorecard.Latency)
	if s == nil {
		return nil
	}
	var tests []scorecard.Test
	lo, hi := 1.0, 1.0
	for _, t := range s.Tests {
		if l := t.Latency; l != nil && l.Ratio > 0 {
			tests = append(tests, t)
			lo = min(lo, l.RatioLo, l.Ratio)
			hi = max(hi, l.RatioHi, l.Ratio, l.MaxRatio)
		}
	}
	if len(tests) == 0 {
		return nil
	}
	lo = math.Pow(10, math.Floor(math.Log10(math.Max(lo, 1e-3))))
	hi = math.Pow(10, math.Ceil(math.Log10(hi*1.05)))
	const left, width, row = 230.0, 760.0, 40.0
	plot := width - left - 20
	x := func(v float64) float64 {
		v = math.Min(math.Max(v, lo), hi)
		return math.Round((left+plot*(math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo)))*10) / 10
	}
	ch := &htmlChart{Width: width, Left: left, Height: 26 + row*float64(len(tests))}
	for v := lo; v <= hi*1.0001; v *= 10 {
		ch.Ticks = append(ch.Ticks, htmlTick{X: x(v), Label: strconv.FormatFloat(v, 'g', -1, 64) + "×"})
	}
	for i, t := range tests {
		l := t.Latency
		y := 6 + row*float64(i)
		ch.Rows = append(ch.Rows, htmlLatRow{
			Y: y, Mid: y + 9, BandY: y + 4, Lo: x(l.RatioLo), BandW: math.Max(x(l.RatioHi)-x(l.RatioLo), 2), X: x(l.Ratio), BudgetX: x(l.MaxRatio) - 1.5, Left: left,
			Name: strings.TrimPrefix(t.Name, "BenchmarkLatency_"),
			Text: fmt.Sprintf("%s (%s to %s), budget %g×", ratio(l.Ratio), ratio(l.RatioLo), ratio(l.RatioHi), l.MaxRatio),
			Pass: t.Status == scorecard.StatusPass,
		})
	}
	return ch
}

// dists are the histograms of the batch's total and suite scores.
func dists(in *Input) []htmlDist {
	var out []htmlDist
	for _, n := range append([]string{"total"}, suitesOf(in)...) {
		d := htmlDist{Name: n}
		var vals []float64
		for _, e := range in.Entries {
			if n == "total" {
				d.Max = e.Card.MaxScore
				vals = append(vals, e.Card.Score)
				continue
			}
			if s := e.Card.Suite(n); s != nil && s.Status != scorecard.StatusSkipped {
				d.Max = math.Max(d.Max, s.MaxScore)
				vals = append(vals, s.Score)
			}
		}
		if d.Max <= 0 || len(vals) == 0 {
			continue
		}
		const bins, w, h = 10, 26.0, 80.0
		counts := make([]int, bins)
		for _, v := range vals {
			k := int(v / d.Max * bins)
			counts[min(max(k, 0), bins-1)]++
		}
		top := slices.Max(counts)
		for k, cnt := range counts {
			bh := 0.0
			if top > 0 {
				bh = math.Round(h * float64(cnt) / float64(top))
			}
			d.Bins = append(d.Bins, htmlBin{X: float64(k) * (w + 2), W: w, Y: 14 + h - bh, H: bh, N: cnt,
				Range: fmt.Sprintf("%g–%g", d.Max*float64(k)/bins, d.Max*float64(k+1)/bins)})
		}
		mean := 0.0
		for _, v := range vals {
			mean += v
		}
		d.Label = fmt.Sprintf("%d graded · mean %.1f/%g", len(vals), mean/float64(len(vals)), d.Max)
		out = append(out, d)
	}
	return out
}

// maxRegionLines caps the lines a similarity region shows per side.
const maxRegionLines = 40

// pairs lays out the similarity pairs side by side, from the sources
// when they are at hand.
func pairs(in *Input, ids map[string]string) []htmlPair {
	src := map[string][]Source{}
	label := map[string]string{}
	for _, e := range in.Entries {
		src[e.Name] = e.Sources
		label[e.Name] = clean(e.Label())
	}
	lines := func(name string, sp Span) ([]htmlLine, bool, bool) {
		for _, s := range src[name] {
			if s.Name != path.Base(sp.File) {
				continue
			}
			all := strings.Split(strings.TrimRight(clean(s.Text), "\n"), "\n")
			var out []htmlLine
			for n := max(sp.Start, 1); n <= sp.End && n <= len(all); n++ {
				if len(out) == maxRegionLines {
					return out, true, true
				}
				out = append(out, htmlLine{N: n, Text: all[n-1], Shared: true})
			}
			return out, false, true
		}
		return nil, false, false
	}
	var out []htmlPair
	for _, p := range in.Pairs {
		hp := htmlPair{A: clean(p.A), B: clean(p.B), ALabel: cmpOr(label[p.A], clean(p.A)), BLabel: cmpOr(label[p.B], clean(p.B)), AID: ids[p.A], BID: ids[p.B], Similarity: p.Similarity, Longest: p.Longest}
		for _, r := range p.Regions {
			hr := htmlRegion{A: fmt.Sprintf("%s:%d-%d", clean(r.A.File), r.A.Start, r.A.End), B: fmt.Sprintf("%s:%d-%d", clean(r.B.File), r.B.Start, r.B.End)}
			var okA, okB bool
			hr.ALines, hr.ACut, okA = lines(p.A, r.A)
			hr.BLines, hr.BCut, okB = lines(p.B, r.B)
			if len(hr.ALines) == len(hr.BLines) {
				// Line for line, show what was changed: renamed
				// identifiers, rewritten comments.
				for i := range hr.ALines {
					if strings.TrimSpace(hr.ALines[i].Text) != strings.TrimSpace(hr.BLines[i].Text) {
						hr.ALines[i].Differs, hr.BLines[i].Differs = true, true
					}
				}
			}
			if !okA {
				hr.NoteA = "source not in the results folder"
			}
			if !okB {
				hr.NoteB = "source not in the results folder"
			}
			hp.Regions = append(hp.Regions, hr)
		}
		out = append(out, hp)
	}
	return out
}
