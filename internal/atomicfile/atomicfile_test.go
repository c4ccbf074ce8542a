package atomicfile

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestWrite writes one path from several writers at once, as
// graders sharing a cache do with a reference binary, while a reader
// checks that it only ever sees a whole copy of one writer's data.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plain.test")
	const writers, size = 4, 1 << 20
	want := make([][]byte, writers)
	for i := range want {
		want[i] = bytes.Repeat([]byte{byte('a' + i)}, size)
	}

	var wg sync.WaitGroup
	done := make(chan struct{})
	var torn []string
	wg.Add(1)
	go func() { // the reader
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			got, err := os.ReadFile(path)
			if err != nil {
				continue // not written yet
			}
			if len(got) != size || !bytes.Equal(got, bytes.Repeat(got[:1], size)) {
				torn = append(torn, string(got[:min(len(got), 8)]))
			}
		}
	}()
	var writeWG sync.WaitGroup
	for i := range writers {
		writeWG.Add(1)
		go func() {
			defer writeWG.Done()
			for range 20 {
				if err := Write(path, want[i], 0o755); err != nil {
					t.Errorf("Write: %v", err)
					return
				}
			}
		}()
	}
	writeWG.Wait()
	close(done)
	wg.Wait()
	if len(torn) > 0 {
		t.Errorf("a reader saw %d torn or mixed copies, such as %q", len(torn), torn[0])
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 || ents[0].Name() != "plain.test" {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %q; want only plain.test (no temporary files left)", names)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm() != 0o755 {
		t.Errorf("mode %v; want 0755", fi.Mode().Perm())
	}
}
