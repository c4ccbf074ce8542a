// Defect: Do waits between attempts with time.Sleep, so it does not return when ctx is cancelled during a wait.

package retry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Do calls fn until it returns nil, at most p.MaxAttempts times, waiting
// between attempts as p says, and returns nil as soon as fn does. It stops
// retrying when fn returns an error that wraps a [*PermanentError], when
// the attempts run out, and when ctx is done; it then returns an error
// that wraps fn's last error and, when ctx is done, ctx.Err(). When ctx is
// done before the first attempt, Do returns an error wrapping ctx.Err()
// without calling fn.
func Do(ctx context.Context, p Policy, fn func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retry: not attempted: %w", err)
	}
	attempts := max(p.MaxAttempts, 1)
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if perm := (*PermanentError)(nil); errors.As(err, &perm) {
			return fmt.Errorf("retry: permanent error on attempt %d: %w", attempt, err)
		}
		if attempt >= attempts {
			return fmt.Errorf("retry: giving up after %d attempts: %w", attempt, err)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("retry: %w after %d attempts: %w", ctxErr, attempt, err)
		}
		d := p.delay(attempt - 1)
		if d <= 0 {
			continue
		}
		time.Sleep(d) // Blind to ctx: a cancellation waits for the whole delay.
	}
}
