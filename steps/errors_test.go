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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
)

// TestErrorsFeature runs features/errors.feature against the reference: every
// scenario passes except those needing capabilities the reference lacks
// (@cross-account, @custom-key-store), which are skipped with that reason.
func TestErrorsFeature(t *testing.T) {
	run := runSectionFeatures(t, sectionProfile(t), map[string]string{"errors.feature": ""})
	if failures := Failures(run, true); len(failures) > 0 {
		t.Errorf("%d scenarios failed (seed %d):\n  %s", len(failures), run.Seed, strings.Join(failures, "\n  "))
	}
	n, skips := sectionVerdicts(run)
	for _, s := range skips {
		if !strings.HasPrefix(s, "ERRORS-005 ") && !strings.HasPrefix(s, "ERRORS-006 ") {
			t.Errorf("skipped against the reference: %s", s)
		}
	}
	if n[reports.Passed] == 0 || n[reports.Skipped] == 0 {
		t.Fatalf("verdicts %v: want passes, and skips for @cross-account and @custom-key-store", n)
	}
	t.Logf("errors.feature: %v", n)
}

// sectionFault rewrites one answer of the reference as a wrong server would:
// op is the operation, req the request body, body the decoded JSON answer
// (changed in place, or replaced by the returned map). It returns the status.
type sectionFault func(op string, req []byte, status int, body map[string]any) (int, map[string]any)

type sectionReqBodyKey struct{}

// sectionFaultyReference starts the reference behind a proxy that applies f to every
// JSON answer, and returns the proxy's URL. X-Amzn-ErrorType keeps naming the
// original error code when a fault drops __type, so that only the body changes.
func sectionFaultyReference(t *testing.T, f sectionFault) string {
	t.Helper()
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	u, err := url.Parse(srv.URL())
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
			req, _ := resp.Request.Context().Value(sectionReqBodyKey{}).([]byte)
			orig, _ := body["__type"].(string)
			resp.StatusCode, body = f(op, req, resp.StatusCode, body)
			resp.Header.Del("X-Amzn-ErrorType")
			if resp.StatusCode >= 300 {
				code, ok := body["__type"].(string)
				if !ok {
					code = orig
				}
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
	ps := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(req))
		proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sectionReqBodyKey{}, req)))
	}))
	t.Cleanup(ps.Close)
	return ps.URL
}

// sectionRuleOnly cuts the feature text down to its header and one Rule block (with
// the tags written above it), so that a fault run is short.
func sectionRuleOnly(t *testing.T, text, ruleID string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	var head, block []string
	in, seenRule := false, false
	var pendingTags []string
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		isRule := strings.HasPrefix(l, "  Rule: ")
		isRuleTag := strings.HasPrefix(l, "  @") && !strings.HasPrefix(l, "   ")
		switch {
		case isRuleTag:
			pendingTags = append(pendingTags, l)
			continue
		case isRule:
			seenRule = true
			in = strings.HasPrefix(trimmed, "Rule: "+ruleID+" ")
			if in {
				block = append(block, pendingTags...)
			}
			pendingTags = nil
		}
		switch {
		case !seenRule:
			head = append(head, l)
		case in:
			block = append(block, l)
		}
	}
	if len(block) == 0 {
		t.Fatalf("no Rule %s in the feature", ruleID)
	}
	return strings.Join(append(head, block...), "\n") + "\n"
}

func sectionFeatureText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "features", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSectionScenariosCanFail runs one Rule of state.feature or errors.feature
// at a time behind a fault, and requires the scenarios the fault breaks to fail
// and the others of the rule (where listed) to pass.
func TestSectionScenariosCanFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs rules of the two features again behind faults")
	}
	errorAnswer := func(code string) map[string]any { return map[string]any{"__type": code, "message": "fault"} }
	tests := []struct {
		name, file, rule string
		fault            sectionFault
		mustFail         []string // scenario names (prefixes) that must fail
		mustPass         []string // scenario names (prefixes) that must still pass
	}{
		{"Enabled reported for a key in PendingImport", "state.feature", "STATE-001",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if md, ok := b["KeyMetadata"].(map[string]any); ok && op == "DescribeKey" && md["KeyState"] == "PendingImport" {
					md["Enabled"] = true
				}
				return st, b
			},
			[]string{"An imported key through", "A key that never had material, pending deletion", "An Enabled key whose material expires"}, nil},
		{"CreateGrant accepted on a key in PendingImport", "state.feature", "STATE-012",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "CreateGrant" && b["__type"] == "KMSInvalidStateException" {
					return 200, map[string]any{"GrantId": strings.Repeat("0", 64), "GrantToken": "AAAA"}
				}
				return st, b
			},
			[]string{"A key that never had material", "A key whose material was deleted"}, []string{"The same key once it has material"}},
		{"ListGrants loses the grant", "state.feature", "STATE-011",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ListGrants" {
					b["Grants"] = []any{}
				}
				return st, b
			},
			[]string{"ListGrants on a key back in PendingImport"}, []string{"RevokeGrant on a key back in PendingImport", "DescribeKey on a key in PendingImport"}},
		{"ScheduleKeyDeletion answers another waiting period", "state.feature", "STATE-005",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ScheduleKeyDeletion" && st == 200 {
					b["PendingWindowInDays"] = 7
				}
				return st, b
			},
			[]string{"A key in PendingImport", "An Enabled key", "A Disabled key"}, []string{"A key already pending deletion"}},
		{"DeletionDate a day late", "state.feature", "STATE-014",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if md, ok := b["KeyMetadata"].(map[string]any); ok && op == "DescribeKey" {
					if d, ok := md["DeletionDate"].(float64); ok {
						md["DeletionDate"] = d + 86400
					}
				}
				return st, b
			},
			[]string{"A waiting period of 7 days is accepted", "A waiting period of 30 days is accepted", "Without a waiting period"},
			[]string{"A waiting period of 6 days is refused"}},
		{"a 6-day waiting period refused with the wrong code", "state.feature", "STATE-014",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ScheduleKeyDeletion" && b["__type"] == "ValidationException" {
					return st, errorAnswer("KMSInvalidStateException")
				}
				return st, b
			},
			[]string{"A waiting period of 6 days is refused", "A waiting period of 31 days is refused"}, []string{"A waiting period of 7 days is accepted"}},
		{"an unknown key answered InvalidArnException", "errors.feature", "ERRORS-001",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "GetParametersForImport" && b["__type"] == "NotFoundException" {
					return st, errorAnswer("InvalidArnException")
				}
				return st, b
			},
			[]string{"GetParametersForImport naming an unknown key by a key ID", "GetParametersForImport naming an unknown key by a key ARN"},
			[]string{"DescribeKey naming an unknown key by a key ID"}},
		{"an alias accepted by GetParametersForImport", "errors.feature", "ERRORS-004",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "GetParametersForImport" && bytes.Contains(req, []byte(`"KeyId":"alias/`)) {
					return 200, map[string]any{}
				}
				return st, b
			},
			[]string{"GetParametersForImport naming the key by its alias name"},
			[]string{"GetParametersForImport naming the key by its alias ARN", "DescribeKey resolves the same alias name"}},
		{"the ARN of another Region resolves", "errors.feature", "ERRORS-003",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "DeleteImportedKeyMaterial" && bytes.Contains(req, []byte(":us-west-2:")) {
					return 200, map[string]any{}
				}
				return st, b
			},
			[]string{"DeleteImportedKeyMaterial naming an existing key with another Region"}, []string{"DescribeKey naming an existing key with another Region"}},
		{"a limit not enforced", "errors.feature", "ERRORS-007",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ListKeyRotations" && bytes.Contains(req, []byte(`"Limit": 1001`)) {
					return 200, map[string]any{"Rotations": []any{}, "Truncated": false}
				}
				return st, b
			},
			[]string{"ListKeyRotations with Limit 1001"}, []string{"ListKeyRotations with Limit 0"}},
		{"an enum checked too late", "errors.feature", "ERRORS-008",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "CreateKey" && bytes.Contains(req, []byte(`"KeyUsage": "BOGUS"`)) {
					return st, errorAnswer("UnsupportedOperationException")
				}
				return st, b
			},
			[]string{"CreateKey with KeyUsage BOGUS"}, []string{"CreateKey with Origin BOGUS"}},
		{"the oversized blob echoed in the message", "errors.feature", "ERRORS-009",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ImportKeyMaterial" && b["__type"] == "ValidationException" {
					b["message"] = "1 validation error detected: " + string(req)
				}
				return st, b
			},
			[]string{"An oversized ImportToken is refused", "An oversized EncryptedKeyMaterial is refused"}, nil},
		{"an unparseable body answered 500", "errors.feature", "ERRORS-010",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if b["__type"] == "SerializationException" && op == "GetParametersForImport" {
					return 500, b
				}
				return st, b
			},
			[]string{"GetParametersForImport with a JSON array", "GetParametersForImport with WrappingKeySpec as a number"},
			[]string{"ImportKeyMaterial with a truncated body"}},
		{"token checked before the key", "errors.feature", "ERRORS-011",
			func(op string, req []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "ImportKeyMaterial" && b["__type"] == "NotFoundException" {
					return st, errorAnswer("InvalidImportTokenException")
				}
				return st, b
			},
			[]string{"An unknown key comes before a bad token (random token, unknown key ID)"},
			[]string{"A schema error comes before an unknown key (a 6145-byte token, unknown key ID)"}},
		{"errors without __type in the body", "errors.feature", "ERRORS-012",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if op == "EnableKey" {
					delete(b, "__type")
				}
				return st, b
			},
			[]string{"KMSInvalidStateException"}, []string{"NotFoundException"}},
		{"NotFoundException answered 500", "errors.feature", "ERRORS-012",
			func(op string, _ []byte, st int, b map[string]any) (int, map[string]any) {
				if b["__type"] == "NotFoundException" {
					return 500, b
				}
				return st, b
			},
			[]string{"NotFoundException"}, []string{"KMSInvalidStateException"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.name, func(t *testing.T) {
			text := sectionRuleOnly(t, sectionFeatureText(t, tt.file), tt.rule)
			endpoint := sectionFaultyReference(t, tt.fault)
			run, err := Run(context.Background(), Options{
				Profile:     sectionProfile(t),
				Features:    fstest.MapFS{tt.file: &fstest.MapFile{Data: []byte(text)}},
				Endpoint:    endpoint,
				Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
				Strict:      true,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]reports.Verdict{}
			for _, f := range run.Features {
				for _, r := range f.Rules {
					if r.ID != tt.rule {
						t.Errorf("ran rule %s, want only %s", r.ID, tt.rule)
					}
					for _, s := range r.Scenarios {
						got[s.Name] = s.Verdict
					}
				}
			}
			check := func(prefix string, want reports.Verdict) {
				found := false
				for name, v := range got {
					if strings.HasPrefix(name, prefix) {
						found = true
						if v != want {
							t.Errorf("%q: %s under the fault, want %s", name, v, want)
						}
					}
				}
				if !found {
					t.Errorf("no scenario %q in rule %s (have %d)", prefix, tt.rule, len(got))
				}
			}
			for _, p := range tt.mustFail {
				check(p, reports.Failed)
			}
			for _, p := range tt.mustPass {
				check(p, reports.Passed)
			}
		})
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestGenerators checks each placeholder of the ERRORS steps on a World with
// one key, one material and one parameter set, without a server.
func TestGenerators(t *testing.T) {
	w := &World{r: &runner{runID: "run-1"}, Keys: map[string]*Key{
		"K": {Name: "K", ID: "1234abcd-12ab-34cd-56ef-1234567890ab", ARN: "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", Region: "cn-north-1"},
	}}
	s := &sectionState{w: w, aliases: map[string]*aliasRef{"A": {Name: "alias/x", ARN: "arn:aws-cn:kms:cn-north-1:111122223333:alias/x"}}, foreign: map[string]bool{}}
	tests := []struct {
		name, arg string
		want      *regexp.Regexp
		n         int // the value's length; -1: not checked
	}{
		{"uuid", "", uuidPattern, 36},
		{"mrk", "", regexp.MustCompile(`^mrk-[0-9a-f]+$`), 36},
		{"account", "", regexp.MustCompile(`^111122223333$`), -1},
		{"partition", "", regexp.MustCompile(`^aws-cn$`), -1},
		{"runID", "", regexp.MustCompile(`^run-1$`), -1},
		{"chars", "2049", regexp.MustCompile(`^a+$`), 2049},
		{"chars", "0", regexp.MustCompile(`^$`), 0},
		{"hex", "63", regexp.MustCompile(`^[0-9a-f]+$`), 63},
		{"HEX", "64", regexp.MustCompile(`^[0-9A-F]*[A-F][0-9A-F]*$`), 64},
		{"bytes", "6145", regexp.MustCompile(`^[A-Za-z0-9+/]+==$`), 8196},
		{"alias", "A", regexp.MustCompile(`^alias/x$`), -1},
		{"aliasArn", "A", regexp.MustCompile(`^arn:aws-cn:kms:cn-north-1:111122223333:alias/x$`), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name+":"+tt.arg, func(t *testing.T) {
			got, err := s.generate(tt.name, tt.arg)
			if err != nil || !tt.want.MatchString(got) || (tt.n >= 0 && len(got) != tt.n) {
				t.Errorf("generate(%s, %s) = %.80q (%d characters), %v; want %s of %d", tt.name, tt.arg, got, len(got), err, tt.want, tt.n)
			}
		})
	}
	if len(s.generated) != 1 || len(s.generated[0]) != 8196 {
		t.Errorf("generated blobs remembered: %d, want the one ${bytes:6145}", len(s.generated))
	}
	if a, b := newUUID(), newUUID(); a == b {
		t.Errorf("two UUIDs are equal: %s", a)
	}
	for _, bad := range []struct{ name, arg string }{
		{"chars", "-1"}, {"hex", "x"}, {"bytes", "2000000"}, {"wrap", "M"}, {"wrap", "M:P"}, {"alias", "B"},
	} {
		if got, err := s.generate(bad.name, bad.arg); err == nil {
			t.Errorf("generate(%s, %s) = %.40q, want an error", bad.name, bad.arg, got)
		}
	}
	out, err := s.expand("${K}/${uuid}/${K.arn}")
	if err != nil || !strings.HasPrefix(out, w.Keys["K"].ID+"/") || !strings.HasSuffix(out, "/"+w.Keys["K"].ARN) {
		t.Errorf("expand = %q, %v", out, err)
	}
	if _, err := s.expand("${nokey}"); err == nil {
		t.Error("expand of an unknown key succeeded")
	}
}

func TestOtherRegion(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "us-west-2", "us-west-2": "us-east-1", "eu-west-1": "us-east-1",
		"cn-north-1": "cn-northwest-1", "cn-northwest-1": "cn-north-1",
		"us-gov-east-1": "us-gov-west-1", "us-gov-west-1": "us-gov-east-1",
	} {
		if got := otherRegion(region); got != want {
			t.Errorf("otherRegion(%s) = %s, want %s", region, got, want)
		}
	}
}

func TestEchoes(t *testing.T) {
	value := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	tests := []struct {
		text string
		want bool
	}{
		{`{"message":"Value at 'importToken' failed"}`, false},
		{`{"message":"x 0123456789abcdef y"}`, true},
		{`{"message":"ghijklmnopqrstuv"}`, true},
		{`{"message":"0123456789abcde"}`, false}, // 15 characters: below the window
	}
	for _, tt := range tests {
		if got := echoes([]byte(tt.text), value); got != tt.want {
			t.Errorf("echoes(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestKeyAccount(t *testing.T) {
	p, a, err := keyAccount("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil || p != "aws" || a != "111122223333" {
		t.Errorf("keyAccount = %q, %q, %v", p, a, err)
	}
	for _, bad := range []string{"", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:iam::111122223333:root", "arn:aws:kms:us-east-1"} {
		if _, _, err := keyAccount(bad); err == nil {
			t.Errorf("keyAccount(%q) succeeded", bad)
		}
	}
	if got := sanitiseAlias("2026-01-01T00:00:00Z.ab"); got != "2026-01-01T00-00-00Z-ab" {
		t.Errorf("sanitiseAlias = %q", got)
	}
}

func TestSectionRuleOnly(t *testing.T) {
	text := "Feature: f\n  about\n\n  Rule: A-001 one\n    Scenario: a\n      Given x\n\n  @tag\n  Rule: A-002 two\n    Scenario: b\n      Given y\n\n  Rule: A-003 three\n    Scenario: c\n"
	got := sectionRuleOnly(t, text, "A-002")
	want := "Feature: f\n  about\n\n  @tag\n  Rule: A-002 two\n    Scenario: b\n      Given y\n\n"
	if got != want {
		t.Errorf("sectionRuleOnly = %q, want %q", got, want)
	}
}

// TestCrossAccountStepsAgainstOneAccount runs ERRORS-005 against a target
// whose "second account" is the caller's own (a shared-config profile with
// the same credentials), as a server that does not separate accounts would
// behave. Every scenario must get through its Given steps (the second
// account's key, parameters, import and key policy) and then fail where it
// expects a refusal.
func TestCrossAccountStepsAgainstOneAccount(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(creds, []byte("[second]\naws_access_key_id = "+server.DefaultAccessKeyID+
		"\naws_secret_access_key = "+server.DefaultSecretAccessKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_PROFILE", "")
	profile := *sectionProfile(t)
	profile.Name = "one-account"
	profile.Capabilities = append(slices.Clone(profile.Capabilities), "cross-account")
	profile.CrossAccountProfile = "second"
	text := sectionRuleOnly(t, sectionFeatureText(t, "errors.feature"), "ERRORS-005")
	run := runSectionFeatures(t, &profile, map[string]string{"errors.feature": text})
	n := 0
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				n++
				failed := ""
				for _, st := range s.Steps {
					if st.Error != "" {
						failed = st.Text
						break
					}
				}
				if s.Verdict != reports.Failed || !strings.HasPrefix(failed, "it fails with ") {
					t.Errorf("%s %q: %s at step %q, want a failure of the expected refusal", r.ID, s.Name, s.Verdict, failed)
				}
			}
		}
	}
	if n != 10 {
		t.Errorf("ran %d ERRORS-005 scenarios, want 10", n)
	}
}
