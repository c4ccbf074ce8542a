// Defect: a check's Run reports on an unbuffered channel, so the goroutine of a check that timed out blocks forever on its send.

package healthcheck

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func run(parent context.Context, c Check) checkResult {
	ctx, cancel := context.WithTimeout(parent, c.Timeout)
	defer cancel()
	start := time.Now()
	errc := make(chan error) // BUG: nobody receives once the check timed out
	go func() { errc <- c.Run(ctx) }()

	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = ctx.Err()
	}
	elapsed := time.Since(start)
	res := checkResult{Status: statusPass, LatencyMS: ms(elapsed)}
	switch {
	case elapsed >= c.Timeout || errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.Status, res.LatencyMS, res.Error = statusTimeout, ms(c.Timeout), fmt.Sprintf("no answer within %v", c.Timeout)
	case err != nil:
		res.Status, res.Error = statusFail, err.Error()
	}
	return res
}
