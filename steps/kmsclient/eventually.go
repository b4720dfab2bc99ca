package kmsclient

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Eventually calls check until it reports done, an error that is not worth
// waiting out, or timeout passes; then it returns the last error. AWS KMS is
// eventually consistent (rules.md: steps "poll with a bound before asserting a
// state change"), the reference is not: with interval 0 check runs once.
//
// check returns (true, nil) when the condition holds, (false, err) to keep
// polling with err as the reason it does not hold yet.
func Eventually(ctx context.Context, timeout, interval time.Duration, check func(ctx context.Context) (done bool, err error)) error {
	done, err := check(ctx)
	if done {
		return err
	}
	if interval <= 0 {
		if err == nil {
			err = errors.New("condition does not hold")
		}
		return err
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("kmsclient: polling stopped: %w (last: %v)", ctx.Err(), err)
		case <-deadline.C:
			if err == nil {
				err = errors.New("condition does not hold")
			}
			return fmt.Errorf("after polling for %s: %w", timeout, err)
		case <-tick.C:
			if done, err = check(ctx); done {
				return err
			}
		}
	}
}
