// Defect: run gives the check a context with its timeout but then waits for Run to return, however long a Run that ignores its context takes.

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
	// BUG: no select on ctx.Done(): a Run that ignores its context holds
	// up the whole answer.
	err := c.Run(ctx)
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
