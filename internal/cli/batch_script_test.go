package cli_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"

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
