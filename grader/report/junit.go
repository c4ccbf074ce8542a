package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/hiringtools/grader/grader/scorecard"
)

// The JUnit XML elements, in the shape gotestsum writes: testsuites >
// testsuite (with properties) > testcase, a failure element (message,
// type, the output as its text) or a skipped element (message), and
// times in seconds with six decimals.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr,omitempty"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Name       string          `xml:"name,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message  string `xml:"message,attr"`
	Type     string `xml:"type,attr"`
	Contents string `xml:",chardata"`
}

func seconds(ms int64) string {
	return fmt.Sprintf("%f", (time.Duration(ms) * time.Millisecond).Seconds())
}

// renderJUnit writes one testsuite per suite of each scorecard, named
// and classed EXERCISE/SUITE (NAME/EXERCISE/SUITE in a batch, so that
// two candidates' tests stay apart), with the scorecard's facts as
// properties. A failing test has a failure element whose message is
// its verdict and first line and whose text is the whole message; a
// test not run (suite not selected, or withheld) is skipped, with why.
func renderJUnit(w io.Writer, in *Input, _ Options) error {
	doc := junitSuites{Name: "grader"}
	var total int64
	for _, e := range in.Entries {
		c := e.Card
		total += c.DurationMS
		props := []junitProperty{
			{"exercise", c.Exercise},
			{"submission", clean(c.Submission)},
			{"score", fmt.Sprintf("%.1f", c.Score)},
			{"max_score", fmt.Sprintf("%g", c.MaxScore)},
			{"passed", fmt.Sprint(c.Passed)},
			{"build", c.Build.Status},
			{"isolation", c.Isolation.Level},
			{"seed", fmt.Sprint(c.Seed)},
			{"go.version", c.GoVersion},
			{"grader.version", c.GraderVersion},
		}
		if c.Candidate != "" {
			props = append(props, junitProperty{"candidate", clean(c.Candidate)})
		}
		for _, s := range c.Suites {
			class := c.Exercise + "/" + s.Name
			if in.Batch {
				class = clean(e.Name) + "/" + class
			}
			js := junitSuite{Name: class, Timestamp: c.GradedAt,
				Properties: append(props[:len(props):len(props)], junitProperty{"suite.score", fmt.Sprintf("%.1f/%g", s.Score, s.MaxScore)}, junitProperty{"suite.status", s.Status})}
			var ms int64
			for _, t := range s.Tests {
				ms += t.DurationMS
				jc := junitCase{Classname: class, Name: t.Name, Time: seconds(t.DurationMS)}
				switch {
				case notRun(s, t) != "":
					jc.Skipped = &junitSkipped{Message: notRun(s, t)}
					js.Skipped++
				case t.Status != scorecard.StatusPass:
					msg := testMessage(t)
					if cause, ok := causes[t.Verdict]; ok && t.Message == "" {
						msg = string(t.Verdict) + ": " + cause
					} else if t.Message == "" && t.Description != "" {
						msg = string(t.Verdict) + ": " + t.Description
					}
					contents := msg
					if t.Description != "" && t.Message != "" {
						contents = t.Description + "\n\n" + msg
					}
					jc.Failure = &junitFailure{Message: firstLine(msg, 200), Type: string(t.Verdict), Contents: contents}
					js.Failures++
				}
				js.Cases = append(js.Cases, jc)
			}
			if s.Status == scorecard.StatusError && c.Build.Output != "" && len(s.Tests) > 0 {
				// The cause of an error suite is the build's output: the
				// first failure carries it, so CI shows the compiler.
				if f := js.Cases[0].Failure; f != nil {
					f.Contents += "\n\n" + clean(c.Build.Output)
				}
			}
			js.Tests = len(js.Cases)
			js.Time = seconds(ms)
			doc.Tests += js.Tests
			doc.Failures += js.Failures
			doc.Suites = append(doc.Suites, js)
		}
	}
	// A submission of a batch with no scorecard is one failed case: CI
	// must not read a refused archive as nothing to report.
	for _, f := range in.Failures {
		js := junitSuite{Name: f.Name, Tests: 1, Failures: 1, Time: seconds(0), Cases: []junitCase{{
			Classname: f.Name, Name: "grading", Time: seconds(0),
			Failure: &junitFailure{Message: firstLine(f.Kind+": "+f.Error, 200), Type: f.Kind, Contents: f.Error},
		}}}
		doc.Tests++
		doc.Failures++
		doc.Suites = append(doc.Suites, js)
	}
	doc.Time = seconds(total)
	out, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}
