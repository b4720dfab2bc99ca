package steps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/target"
)

// runSectionFeatures runs features (a file name under ../features, or inline text
// keyed by a name ending in .feature) against the embedded reference with the
// reference profile, and returns the results.
func runSectionFeatures(t *testing.T, profile *target.Profile, files map[string]string) *reports.Run {
	t.Helper()
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	fsys := fstest.MapFS{}
	for name, text := range files {
		if text == "" {
			b, err := os.ReadFile(filepath.Join("..", "features", name))
			if err != nil {
				t.Fatal(err)
			}
			text = string(b)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    srv.URL(),
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Strict:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func sectionProfile(t *testing.T) *target.Profile {
	t.Helper()
	p, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sectionVerdicts counts the scenarios of run by verdict, and lists the skip reasons.
func sectionVerdicts(run *reports.Run) (map[reports.Verdict]int, []string) {
	n := map[reports.Verdict]int{}
	var skips []string
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				n[s.Verdict]++
				if s.Verdict == reports.Skipped {
					skips = append(skips, r.ID+" "+s.Name+": "+s.Reason)
				}
			}
		}
	}
	return n, skips
}

// TestStateFeature runs features/state.feature against the reference: every
// scenario passes (the reference implements every STATE rule, @clock included).
func TestStateFeature(t *testing.T) {
	run := runSectionFeatures(t, sectionProfile(t), map[string]string{"state.feature": ""})
	if failures := Failures(run, true); len(failures) > 0 {
		t.Errorf("%d scenarios failed (seed %d):\n  %s", len(failures), run.Seed, strings.Join(failures, "\n  "))
	}
	n, skips := sectionVerdicts(run)
	if len(skips) > 0 {
		t.Errorf("skipped against the reference:\n  %s", strings.Join(skips, "\n  "))
	}
	if n[reports.Passed] == 0 {
		t.Fatalf("no scenario passed: %v", n)
	}
	t.Logf("state.feature: %v", n)
}
