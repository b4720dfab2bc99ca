package kmsclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"time"
)

// ErrNoHooks is returned by the hook calls when the target has no test hooks
// (it is not the reference started with its test clock).
var ErrNoHooks = errors.New("kmsclient: the target has no kmsconform test hooks (only the reference started with --test-clock has them)")

// Now returns the target's current time through the test clock hook
// (GET /_kmsconform/clock).
func (c *Client) Now(ctx context.Context) (time.Time, error) {
	var out struct{ Now float64 }
	if err := c.hook(ctx, http.MethodGet, "/_kmsconform/clock", nil, &out); err != nil {
		return time.Time{}, err
	}
	return epoch(out.Now), nil
}

// Advance moves the target's test clock forward by d and returns its new time
// (POST /_kmsconform/clock).
func (c *Client) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return time.Time{}, fmt.Errorf("kmsclient: advance the clock by %s: only forward", d)
	}
	var out struct{ Now float64 }
	if err := c.hook(ctx, http.MethodPost, "/_kmsconform/clock", map[string]any{"Advance": d.Seconds()}, &out); err != nil {
		return time.Time{}, err
	}
	return epoch(out.Now), nil
}

// Hold pins the key in a transient state ("Creating" or "Updating") until Hold
// is called again with state "" (POST /_kmsconform/hold).
func (c *Client) Hold(ctx context.Context, region, keyID, state string) error {
	return c.hook(ctx, http.MethodPost, "/_kmsconform/hold", map[string]any{"Region": region, "KeyId": keyID, "State": state}, nil)
}

func (c *Client) hook(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("kmsclient: hook %s: %w", path, err)
		}
	}
	resp, err := c.send(ctx, method, path, map[string]string{"Content-Type": "application/json"}, body, "hook "+path)
	if err != nil {
		return err
	}
	switch {
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusMethodNotAllowed:
		return fmt.Errorf("%w: %s %s answered HTTP %d", ErrNoHooks, method, path, resp.Status)
	case resp.Status != http.StatusOK:
		if code := resp.ErrorType(); code != "" {
			return fmt.Errorf("kmsclient: hook %s %s: HTTP %d %s", method, path, resp.Status, code)
		}
		cp := &capture{answered: true, status: resp.Status, size: len(resp.Body), head: resp.Body[:min(len(resp.Body), captureHead)]}
		return fmt.Errorf("%w: %s %s: %s", ErrNoHooks, method, path, describeAnswer(cp))
	}
	if out != nil {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return fmt.Errorf("kmsclient: hook %s %s: the answer is not the expected JSON: %w", method, path, err)
		}
	}
	return nil
}

func epoch(f float64) time.Time {
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
}
