package intake_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hiringtools/grader/grader/intake"
)

func ExampleLoad() {
	dir, err := os.MkdirTemp("", "submission")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	for name, body := range map[string]string{
		"limiter.go":      "package limiter\n",
		"limiter_test.go": "package limiter\n",
		"go.mod":          "module limiter\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			panic(err)
		}
	}

	sub, err := intake.Load(context.Background(), dir, intake.DefaultLimits())
	var refused *intake.RefusedError
	if errors.As(err, &refused) {
		fmt.Println(refused.Reason) // the CLI prints err and exits with the bad-input code
		return
	}
	if err != nil {
		panic(err)
	}
	fmt.Println("kind:", sub.Kind)
	for _, f := range sub.Files {
		fmt.Println("take:", f.Name)
	}
	for _, ig := range sub.Ignored {
		fmt.Printf("ignore: %s (%s)\n", ig.Path, ig.Reason)
	}
	// Output:
	// kind: directory
	// take: limiter.go
	// ignore: go.mod (the grader owns the module file)
	// ignore: limiter_test.go (the candidate's own tests are not run; the hidden spec is)
}
