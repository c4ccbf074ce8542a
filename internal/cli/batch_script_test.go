package cli_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdZip writes a zip archive of files, for scripts that grade archives
// (no zip program is needed). An argument NAME=FILE stores FILE under the
// entry name NAME, which may be anything, "../x.go" included; a plain
// FILE is stored under its base name.
//
//	zip ARCHIVE [NAME=]FILE...
func cmdZip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: zip ARCHIVE [NAME=]FILE...")
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	zw := zip.NewWriter(f)
	for _, a := range args[1:] {
		name, file, ok := strings.Cut(a, "=")
		if !ok {
			name, file = filepath.Base(a), a
		}
		w, err := zw.Create(name)
		ts.Check(err)
		_, err = w.Write([]byte(ts.ReadFile(file)))
		ts.Check(err)
	}
	ts.Check(zw.Close())
	ts.Check(f.Close())
}

// cmdWaitScorecard waits, up to ten minutes, until the results folder
// RESULTS of a batch running in the background holds a scorecard
// (NAME.json, not batch.json), so that a script can stop it half-way:
//
//	wait-card RESULTS
func cmdWaitScorecard(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: wait-card RESULTS")
	}
	dir := ts.MkAbs(args[0])
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if n := e.Name(); strings.HasSuffix(n, ".json") && n != "batch.json" && !strings.HasPrefix(n, ".") {
				return
			}
		}
	}
	ts.Fatalf("no scorecard in %s after ten minutes", args[0])
}
