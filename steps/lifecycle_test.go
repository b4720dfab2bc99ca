package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	return runLifecycleFault(t, fsys, nil)
}

// fault rewrites one answer of the reference: op is the X-Amz-Target
// operation, body the decoded JSON answer.
type fault func(op string, status int, body map[string]any) (newStatus int)

// runLifecycleFault runs the features through a proxy that applies f to every
// JSON answer (nil: no proxy).
func runLifecycleFault(t *testing.T, fsys fstest.MapFS, f fault) *reports.Run {
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
	endpoint := srv.URL()
	if f != nil {
		u, err := url.Parse(endpoint)
		if err != nil {
			t.Fatal(err)
		}
		proxy := httputil.NewSingleHostReverseProxy(u) // keeps the signed Host header
		proxy.ModifyResponse = func(resp *http.Response) error {
			op := strings.TrimPrefix(resp.Request.Header.Get("X-Amz-Target"), "TrentService.")
			raw, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			var body map[string]any
			if op != "" && json.Unmarshal(raw, &body) == nil {
				resp.StatusCode = f(op, resp.StatusCode, body)
				// The SDK reads the code from this header before __type.
				resp.Header.Del("X-Amzn-ErrorType")
				if code, ok := body["__type"].(string); ok && resp.StatusCode >= 300 {
					resp.Header.Set("X-Amzn-ErrorType", code)
				}
				if raw, err = json.Marshal(body); err != nil {
					return err
				}
			}
			resp.Body = io.NopCloser(bytes.NewReader(raw))
			resp.ContentLength = int64(len(raw))
			resp.Header.Set("Content-Length", strconv.Itoa(len(raw)))
			return nil
		}
		ps := httptest.NewServer(proxy)
		defer ps.Close()
		endpoint = ps.URL
	}
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    endpoint,
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
		t.Skip("runs the two features again")
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
	// Every mutation touches a different scenario: one run checks them all.
	broken := fstest.MapFS{}
	for name, f := range fsys {
		broken[name] = &fstest.MapFile{Data: slices.Clone(f.Data)}
	}
	for _, m := range mutations {
		src := string(broken[m.file].Data)
		if n := strings.Count(src, m.from); n != 1 {
			t.Fatalf("%s: the text to break occurs %d times in %s", m.scenario, n, m.file)
		}
		broken[m.file].Data = []byte(strings.Replace(src, m.from, m.to, 1))
	}
	v := verdicts(runLifecycle(t, broken))
	expectFailed := []string{"EXPIRY-003 A ValidTo at the epoch is refused with ValidationException"} // the outline's other example
	for _, m := range mutations {
		expectFailed = append(expectFailed, m.scenario)
	}
	for _, m := range mutations {
		got, ok := v[m.scenario]
		switch {
		case !ok:
			t.Errorf("%s %s: no such scenario", m.file, m.scenario)
		case !strings.HasPrefix(got, string(reports.Failed)):
			t.Errorf("%s %s: the broken scenario ended %s, want failed", m.file, m.scenario, got)
		}
	}
	for name, verdict := range v {
		if !strings.HasPrefix(verdict, string(reports.Passed)) && !slices.Contains(expectFailed, name) {
			t.Errorf("%s: %s, though nothing in it was broken", name, verdict)
		}
	}
}

// TestLifecycleServerFaults puts a wrong server between the suite and the
// reference and requires the rules it breaks to fail.
func TestLifecycleServerFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the two features several times")
	}
	tests := []struct {
		name  string
		fault fault
		rules []string // each must have a failed scenario
	}{
		{"ImportKeyMaterial recodes ValidationException", func(op string, status int, body map[string]any) int {
			if op == "ImportKeyMaterial" && body["__type"] == "ValidationException" {
				body["__type"] = "IncorrectKeyMaterialException"
			}
			return status
		}, []string{"EXPIRY-001", "EXPIRY-002", "EXPIRY-003", "EXPIRY-004"}},
		{"DescribeKey drops ValidTo", func(op string, status int, body map[string]any) int {
			if md, ok := body["KeyMetadata"].(map[string]any); op == "DescribeKey" && ok {
				delete(md, "ValidTo")
			}
			return status
		}, []string{"EXPIRY-001", "EXPIRY-004", "EXPIRY-005", "EXPIRY-012"}},
		{"DeleteImportedKeyMaterial answers no KeyMaterialId", func(op string, status int, body map[string]any) int {
			if op == "DeleteImportedKeyMaterial" {
				delete(body, "KeyMaterialId")
			}
			return status
		}, []string{"DELETE-006"}},
		{"ListKeyRotations reports every material IMPORTED", func(op string, status int, body map[string]any) int {
			if rs, ok := body["Rotations"].([]any); op == "ListKeyRotations" && ok {
				for _, r := range rs {
					if e, ok := r.(map[string]any); ok {
						e["ImportState"] = "IMPORTED"
					}
				}
			}
			return status
		}, []string{"EXPIRY-013", "DELETE-009"}},
		{"DeleteImportedKeyMaterial accepts an unknown KeyMaterialId", func(op string, status int, body map[string]any) int {
			if op == "DeleteImportedKeyMaterial" && body["__type"] == "NotFoundException" {
				clear(body)
				return http.StatusOK
			}
			return status
		}, []string{"DELETE-012"}},
	}
	fsys := lifecycleFeatures(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Only the feature files of the rules named: each run costs seconds.
			sub := fstest.MapFS{}
			for _, id := range tt.rules {
				name := strings.ToLower(strings.Split(id, "-")[0]) + ".feature"
				sub[name] = fsys[name]
			}
			failed := map[string]bool{}
			for name, verdict := range verdicts(runLifecycleFault(t, sub, tt.fault)) {
				if strings.HasPrefix(verdict, string(reports.Failed)) {
					failed[strings.Fields(name)[0]] = true
				}
			}
			for _, id := range tt.rules {
				if !failed[id] {
					t.Errorf("no scenario of %s failed", id)
				}
			}
		})
	}
}
