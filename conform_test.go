package kmsconform_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/features"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/steps"
	"github.com/kmsconform/kmsconform/target"
)

// TestConformance runs every feature against the embedded reference on
// loopback, the same code path as `kmsconform run` (style.md §5), and fails on
// any failed scenario or unexpected pass, listing each by rule.
func TestConformance(t *testing.T) {
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	profile, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	run, err := steps.Run(context.Background(), steps.Options{
		Profile:     profile,
		Features:    features.FS,
		Endpoint:    srv.URL(),
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Tags:        os.Getenv("KMSCONFORM_TAGS"),
		Strict:      true,
		Progress:    &progress,
	})
	if err != nil {
		t.Fatal(err)
	}
	totals := run.Totals()
	t.Logf("%d scenarios (seed %d): %d passed, %d skipped, %d failed", totals.Total(), run.Seed,
		totals.Count("passed"), totals.Count("skipped"), totals.Count("failed"))
	if totals.Total() == 0 {
		t.Fatal("no scenario ran")
	}
	if failures := steps.Failures(run, true); len(failures) > 0 {
		t.Errorf("%d scenarios failed against the reference (seed %d):\n  %s", len(failures), run.Seed, strings.Join(failures, "\n  "))
	}
}
