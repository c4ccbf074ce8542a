package verdict

import (
	"bytes"
	"strconv"
	"strings"
)

// Part is one test's share of the standard output of a process that ran
// several top-level tests (-test.run=^(TestA|TestB)$ -test.v=test2json).
type Part struct {
	// Output runs from the test's framed "=== RUN" line to the next
	// top-level test's, so it holds the test's log, its subtests and its
	// result line. Judge it as the output of a process of its own.
	Output []byte
	// Runs is how many framed "=== RUN" lines name the test: 1 when it
	// ran, 0 when the process ended before it started, and more when the
	// output forges the framework's lines.
	Runs int
	// Duration is the time in the test's "--- PASS" line, or 0.
	DurationMS int64
	// Last is set for the test that started last: the one running when
	// the process died, if it did.
	Last bool
}

// Split splits stdout, the standard output of one process that ran the
// top-level tests named in tests, into each test's [Part]. A test with no
// "=== RUN" line gets a zero Part. Standard error cannot be split: its
// lines are not framed and its order relative to stdout is lost, so a
// caller must not trust a process that wrote to it.
//
// The framing can be forged by the code under test, as with one test per
// process; forged lines only make parts that do not judge as passed: a
// forged "=== RUN" of a test gives it two runs, and cuts the part of the
// test that printed it short of its own result line.
func Split(stdout []byte, tests []string) map[string]Part {
	parts := make(map[string]Part, len(tests))
	known := make(map[string]bool, len(tests))
	for _, t := range tests {
		known[t] = true
	}
	cur, start := "", 0
	flush := func(end int) {
		if cur == "" {
			return
		}
		p := parts[cur]
		p.Output = append(p.Output, stdout[start:end]...)
		parts[cur] = p
	}
	for off := 0; off < len(stdout); {
		end := bytes.IndexByte(stdout[off:], '\n')
		if end < 0 {
			end = len(stdout)
		} else {
			end += off + 1
		}
		line := strings.TrimRight(string(stdout[off:end]), "\n")
		if body, ok := strings.CutPrefix(line, frame+"=== RUN   "); ok && known[body] {
			flush(off)
			for name, p := range parts {
				p.Last = false
				parts[name] = p
			}
			cur, start = body, off
			p := parts[cur]
			p.Runs++
			p.Last = true
			parts[cur] = p
		}
		if body, ok := strings.CutPrefix(line, frame+"--- PASS: "); ok && cur != "" {
			if name, rest, _ := strings.Cut(body, " "); name == cur {
				p := parts[cur]
				p.DurationMS = durationMS(rest)
				parts[cur] = p
			}
		}
		off = end
	}
	flush(len(stdout))
	return parts
}

// durationMS reads "(0.25s)" as 250.
func durationMS(s string) int64 {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "("), "s)")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0
	}
	return int64(f * 1000)
}
