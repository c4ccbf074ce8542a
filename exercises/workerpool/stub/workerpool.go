// Package workerpool runs jobs on a fixed number of worker goroutines, fed
// by a bounded queue.
package workerpool

import (
	"context"
	"errors"
)

// ErrClosed is returned by [Pool.Submit] once [Pool.Shutdown] has been
// called.
var ErrClosed = errors.New("workerpool: pool is shut down")

// Job is a unit of work. The pool calls it with the jobs' context, which is
// cancelled only when a [Pool.Shutdown] gives up waiting.
type Job func(ctx context.Context) (any, error)

// Result is what a job returned, with the ID that [Pool.Submit] gave it.
type Result struct {
	ID    int
	Value any
	Err   error
}

// Pool runs jobs on a fixed number of worker goroutines. Create one with
// [New]; stop it with [Pool.Shutdown]. Its methods are safe for concurrent
// use.
type Pool struct {
	// TODO
}

// New starts a pool of exactly workers worker goroutines with room for
// queueSize jobs waiting to start. It panics if workers < 1 or
// queueSize < 0.
func New(workers, queueSize int) *Pool {
	// TODO
	return &Pool{}
}

// Submit accepts job and returns its ID, unique within the pool. It blocks
// while queueSize accepted jobs are waiting to start. It returns -1 and
// ctx.Err() if ctx is done before the job is accepted (at once if ctx is
// already done), and -1 and ErrClosed once Shutdown has been called,
// including when it was blocked waiting for room.
func (p *Pool) Submit(ctx context.Context, job Job) (int, error) {
	// TODO
	return 0, nil
}

// Results returns the channel on which the Result of every accepted job is
// sent, always the same channel. The caller must keep receiving from it
// until it is closed. It is closed once the pool has shut down and the last
// Result was sent.
func (p *Pool) Results() <-chan Result {
	// TODO
	return nil
}

// Shutdown stops the pool from accepting jobs, waits until every accepted
// job has run and its Result was received and every worker has exited, then
// returns nil. If ctx is done first, it cancels the jobs' context and
// returns ctx.Err() at once; the pool still runs the remaining jobs (with
// the cancelled context) and closes Results in the background. Shutdown may
// be called more than once.
func (p *Pool) Shutdown(ctx context.Context) error {
	// TODO
	return nil
}

// Err returns the errors of every job that failed so far, joined with
// errors.Join, or nil if no job failed.
func (p *Pool) Err() error {
	// TODO
	return nil
}
