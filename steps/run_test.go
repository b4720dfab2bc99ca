package steps

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/target"
)

// verdictsFeature has one scenario per verdict the runner must give.
const verdictsFeature = `Feature: verdicts
  Rule: TEST-001 passes
    Scenario: passes
      Given an EXTERNAL symmetric key "K"
      Then "K" is PendingImport

  Rule: TEST-002 fails on a wrong code
    Scenario: wrong code
      Given an EXTERNAL symmetric key "K"
      When I enable "K"
      Then it fails with DisabledException

  Rule: TEST-003 known deviation that fails
    Scenario: expected failure
      Given an EXTERNAL symmetric key "K"
      Then "K" is Enabled

  Rule: TEST-004 known deviation that passes
    Scenario: unexpected pass
      Given an EXTERNAL symmetric key "K"
      Then "K" is PendingImport

  @hmac
  Rule: TEST-005 capability the profile lacks
    Scenario: skipped
      Given an EXTERNAL HMAC_256 key "K"

  Rule: TEST-006 an error nobody checks fails the scenario
    Scenario: unchecked error
      Given an EXTERNAL symmetric key "K"
      When I enable "K"

  Rule: TEST-007 scenario for targets without a capability
    @without-clock
    Scenario: skipped for clock targets
      Given an EXTERNAL symmetric key "K"

  Rule: TEST-008 undefined step
    Scenario: undefined
      Given an EXTERNAL symmetric key "K"
      Then the moon is made of cheese
`

func TestVerdicts(t *testing.T) {
	srv, err := server.Listen("127.0.0.1:0", server.Options{TestClock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	profile := &target.Profile{Name: "reference", Region: "us-east-1", ConsistencyWindow: "0s", Capabilities: []string{"clock"},
		Deviations: []target.Deviation{
			{Rule: "TEST-003", Reason: "known: stays PendingImport", Link: "https://example.com/3"},
			{Scenario: "unexpected pass", Reason: "known: was broken"},
		}}
	for _, strict := range []bool{false, true} {
		run, err := Run(context.Background(), Options{
			Profile:     profile,
			Features:    fstest.MapFS{"verdicts.feature": {Data: []byte(verdictsFeature)}},
			Endpoint:    srv.URL(),
			Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
			Concurrency: 3,
			Strict:      strict,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			verdict reports.Verdict
			text    string // in the reason or the first error
		}{
			"TEST-001": {reports.Passed, ""},
			"TEST-002": {reports.Failed, "expected DisabledException; EnableKey failed with KMSInvalidStateException"},
			"TEST-003": {reports.ExpectedFailure, "known: stays PendingImport (https://example.com/3)"},
			"TEST-004": {reports.UnexpectedPass, "known deviation now passes: known: was broken"},
			"TEST-005": {reports.Skipped, "target lacks capability @hmac"},
			"TEST-006": {reports.Failed, "the last call failed and no step checked it: EnableKey failed with KMSInvalidStateException"},
			"TEST-007": {reports.Skipped, "scenario is for targets without @clock"},
			"TEST-008": {reports.Failed, `no step definition matches "the moon is made of cheese"`},
		}
		seen := 0
		for _, f := range run.Features {
			for _, r := range f.Rules {
				w, ok := want[r.ID]
				if !ok || len(r.Scenarios) != 1 {
					t.Errorf("strict=%v: unexpected rule %s with %d scenarios", strict, r.ID, len(r.Scenarios))
					continue
				}
				seen++
				s := r.Scenarios[0]
				text := s.Reason
				for _, st := range s.Steps {
					if st.Error != "" {
						text += " " + st.Error
					}
				}
				if s.Verdict != w.verdict || !strings.Contains(text, w.text) {
					t.Errorf("strict=%v: %s: verdict %s (%q), want %s containing %q", strict, r.ID, s.Verdict, text, w.verdict, w.text)
				}
			}
		}
		if seen != len(want) {
			t.Errorf("strict=%v: saw %d rules, want %d", strict, seen, len(want))
		}
		failures := Failures(run, strict)
		wantFailures := 3
		if strict {
			wantFailures = 4 // the unexpected pass too
		}
		if len(failures) != wantFailures {
			t.Errorf("strict=%v: Failures = %d %q, want %d", strict, len(failures), failures, wantFailures)
		}
	}
}

func TestRealtimeTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "~@realtime"},
		{"@hmac", "@hmac && ~@realtime"},
		{"@hmac,@clock", "@hmac && ~@realtime,@clock && ~@realtime"},
		{"@realtime", "@realtime"},
		{"@clock,@realtime && @hmac", "@clock && ~@realtime,@realtime && @hmac"},
	}
	for _, tt := range tests {
		if got := realtimeTags(tt.in); got != tt.want {
			t.Errorf("realtimeTags(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
