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
	if p := recover(); p != nil {
		*err = panicError(what, p)
	}
}

// panicError is the error of a panic p recovered in what. Called from
// the deferred function that recovered it, the stack still holds the
// frames where it was raised.
func panicError(what string, p any) error {
	return fmt.Errorf("the grader failed: a panic in %s: %v\n%s", what, p, debug.Stack())
}
