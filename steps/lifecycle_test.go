package steps

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/target"
)

func TestValidToAt(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		phrase string
		want   time.Time
	}{
		{"in 1 minute", now.Add(time.Minute)},
		{"in 364 days", now.Add(364 * 24 * time.Hour)},
		{"in 2 hours", now.Add(2 * time.Hour)},
		{"1 hour ago", now.Add(-time.Hour)},
		{"30 seconds ago", now.Add(-30 * time.Second)},
		{"at the epoch", time.Unix(0, 0).UTC()},
	}
	for _, tt := range tests {
		got, err := validToAt(now, tt.phrase)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("validToAt(%q) = %v, %v; want %v", tt.phrase, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "in 1 week", "in one minute", "1 hour", "at the epoch ago"} {
		if _, err := validToAt(now, bad); err == nil {
			t.Errorf("validToAt(%q) succeeded, want an error", bad)
		}
	}
}

// lifecycleFeatures are the feature files of the EXPIRY and DELETE sections.
func lifecycleFeatures(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"expiry.feature", "delete.feature"} {
		b, err := os.ReadFile(filepath.Join("..", "features", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// runLifecycle runs the EXPIRY and DELETE features, @realtime included,
// against a fresh reference with its test clock.
func runLifecycle(t *testing.T, fsys fstest.MapFS) *reports.Run {
	t.Helper()
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
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    srv.URL(),
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Tags:        "@realtime,~@realtime",
		Strict:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// verdicts maps "RULE-ID scenario" to the scenario's verdict and first error.
func verdicts(run *reports.Run) map[string]string {
	out := map[string]string{}
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				text := string(s.Verdict)
				for _, st := range s.Steps {
					if st.Error != "" {
						text += ": " + st.Error
						break
					}
				}
				out[r.ID+" "+s.Name] = text
			}
		}
	}
	return out
}

// TestLifecycleAgainstReference runs every EXPIRY and DELETE scenario, the
// @realtime variants included (they move the reference's test clock), and
// requires each to pass: the reference has every capability they need.
func TestLifecycleAgainstReference(t *testing.T) {
	run := runLifecycle(t, lifecycleFeatures(t))
	v := verdicts(run)
	var realtime int
	for name, verdict := range v {
		if verdict != string(reports.Passed) {
			t.Errorf("%s: %s", name, verdict)
		}
		if strings.Contains(name, "(real time)") {
			realtime++
		}
	}
	if realtime != 2 {
		t.Errorf("ran %d @realtime scenarios, want 2", realtime)
	}
	if len(v) < 40 {
		t.Errorf("ran %d scenarios, want at least 40", len(v))
	}
}

// TestLifecycleScenariosCanFail breaks one expectation of a scenario at a
// time, as a wrong server would (an accepted import, a wrong state, a wrong
// ID), and requires that scenario to fail.
func TestLifecycleScenariosCanFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the two features several times")
	}
	fsys := lifecycleFeatures(t)
	mutations := []struct {
		file, scenario, from, to string
	}{
		// A server that accepted a ValidTo in the past.
		{"expiry.feature", "EXPIRY-003 A ValidTo 1 hour ago is refused with ValidationException",
			"Then the import fails with ValidationException\n      And \"K\" is PendingImport\n\n      Examples:\n        | when         |",
			"Then the import succeeds\n      And \"K\" is PendingImport\n\n      Examples:\n        | when         |"},
		// A server that kept the material past ValidTo.
		{"expiry.feature", "EXPIRY-007 Material expiring in an hour works until then and is gone after it",
			"When the clock advances by 2 minutes\n      Then \"K\" is PendingImport",
			"When the clock advances by 2 minutes\n      Then \"K\" is Enabled"},
		// The real-time variant, waiting for a state the key never reaches.
		{"expiry.feature", "EXPIRY-007 Material expiring a minute ahead becomes PendingImport soon after ValidTo (real time)",
			"When I wait for \"K\" to become PendingImport,", "When I wait for \"K\" to become Disabled,"},
		// A pending material counted in DescribeKey's ValidTo before the rotation.
		{"expiry.feature", "EXPIRY-012 A pending material's earlier expiry counts only after the rotation",
			"Then \"K\" has ExpirationModel KEY_MATERIAL_EXPIRES\n      And \"K\" has the ValidTo requested for \"A\"",
			"Then \"K\" has ExpirationModel KEY_MATERIAL_EXPIRES\n      And \"K\" has the ValidTo requested for \"B\""},
		// The deletion answer naming the wrong material.
		{"delete.feature", "DELETE-006 With a KeyMaterialId the answer names that material",
			"the deletion answer names \"K\" by its ARN and \"A\" by its KeyMaterialId",
			"the deletion answer names \"K\" by its ARN and \"B\" by its KeyMaterialId"},
		// Deleting by ID removed the wrong material.
		{"delete.feature", "DELETE-009 Deleting the NON_CURRENT material by its ID leaves the CURRENT one",
			"lists \"A\" as NON_CURRENT and PENDING_IMPORT\n      And ListKeyRotations of \"K\" with ALL_KEY_MATERIAL lists \"B\" as CURRENT and IMPORTED\n\n    Scenario: Deleting without",
			"lists \"A\" as NON_CURRENT and IMPORTED\n      And ListKeyRotations of \"K\" with ALL_KEY_MATERIAL lists \"B\" as CURRENT and IMPORTED\n\n    Scenario: Deleting without"},
	}
	for _, m := range mutations {
		t.Run(m.file+" "+m.scenario, func(t *testing.T) {
			src := string(fsys[m.file].Data)
			if strings.Count(src, m.from) != 1 {
				t.Fatalf("the text to break occurs %d times in %s", strings.Count(src, m.from), m.file)
			}
			broken := fstest.MapFS{m.file: &fstest.MapFile{Data: []byte(strings.Replace(src, m.from, m.to, 1))}}
			v := verdicts(runLifecycle(t, broken))
			got, ok := v[m.scenario]
			if !ok {
				names := slices.Sorted(func(yield func(string) bool) {
					for k := range v {
						if !yield(k) {
							return
						}
					}
				})
				t.Fatalf("no scenario %q; have %q", m.scenario, names)
			}
			if !strings.HasPrefix(got, string(reports.Failed)) {
				t.Errorf("the broken scenario ended %s, want failed", got)
			}
		})
	}
}
