package grader

import (
	"fmt"
	"runtime/debug"
)

// recoverInto, deferred where an engine goroutine starts, turns a panic
// in that goroutine into an error in *err, with the stack: a grader bug
// then fails one grading (exit 3 for grade, an errors entry for batch)
// instead of crashing the process and every grading it runs. what names
// the goroutine ("the race suite").
func recoverInto(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("the grader failed: a panic in %s: %v\n%s", what, r, debug.Stack())
	}
}
