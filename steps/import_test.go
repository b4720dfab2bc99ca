package steps

import (
	"bytes"
	"context"
	"fmt"
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

func TestAlterToken(t *testing.T) {
	tok := []byte{0x10, 0x20, 0x30, 0x40, 0x50}
	orig := slices.Clone(tok)
	tests := []struct {
		how  string
		want []byte
	}{
		{tokFlipStart, []byte{0xef, 0x20, 0x30, 0x40, 0x50}},
		{tokFlipMid, []byte{0x10, 0x20, 0xcf, 0x40, 0x50}},
		{tokFlipEnd, []byte{0x10, 0x20, 0x30, 0x40, 0xaf}},
		{tokTruncate, []byte{0x10, 0x20, 0x30, 0x40}},
	}
	for _, tt := range tests {
		t.Run(tt.how, func(t *testing.T) {
			got, err := alterToken(tok, tt.how)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("alterToken(% x, %q) = % x, want % x", tok, tt.how, got, tt.want)
			}
			if !bytes.Equal(tok, orig) {
				t.Errorf("alterToken changed its input to % x", tok)
			}
		})
	}
	if _, err := alterToken(tok, "rot13"); err == nil {
		t.Error("alterToken accepted an unknown alteration")
	}
	if _, err := alterToken([]byte{1}, tokFlipEnd); err == nil {
		t.Error("alterToken accepted a 1-byte token")
	}
}

func TestChangeLastByte(t *testing.T) {
	for _, tt := range []struct{ in, want []byte }{
		{[]byte{1, 2, 3}, []byte{1, 2, 4}},
		{[]byte{0xff}, []byte{0x00}},
	} {
		in := slices.Clone(tt.in)
		got, err := changeLastByte(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, tt.want) || !bytes.Equal(in, tt.in) {
			t.Errorf("changeLastByte(% x) = % x (input now % x), want % x", tt.in, got, in, tt.want)
		}
	}
	if _, err := changeLastByte(nil); err == nil {
		t.Error("changeLastByte accepted an empty token")
	}
}

func TestRandomImportToken(t *testing.T) {
	src := bytes.NewReader(bytes.Repeat([]byte{7}, 64))
	got, err := randomImportToken(src, 64)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.Repeat([]byte{7}, 64)) {
		t.Errorf("randomImportToken did not read its source: % x", got)
	}
	if _, err := randomImportToken(bytes.NewReader(nil), 64); err == nil {
		t.Error("randomImportToken accepted a short source")
	}
	for _, n := range []int{0, 6145} {
		if _, err := randomImportToken(bytes.NewReader(make([]byte, 7000)), n); err == nil {
			t.Errorf("randomImportToken accepted length %d", n)
		}
	}
}

// importFeatures are the feature files of the IMPORT, TOKEN and REIMPORT sections.
var importFeatures = []string{"import.feature", "token.feature", "reimport.feature"}

// loadImportFeatures reads the sections' feature files, or only file, in
// which it replaces old with new (which must occur).
func loadImportFeatures(t *testing.T, file, old, new string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range importFeatures {
		if file != "" && name != file {
			continue
		}
		b, err := os.ReadFile(filepath.Join("..", "features", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == file {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s has no %q to edit", name, old)
			}
			b = bytes.ReplaceAll(b, []byte(old), []byte(new))
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// startReference starts the reference with its test clock for the test.
// Runs share it one after the other: its wrapping key pools are filled once,
// and its clock only moves forward, which no scenario minds.
func startReference(t *testing.T) *server.Server {
	t.Helper()
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return srv
}

// runImportFeatures runs the features against srv, with the reference
// profile (every capability they use), restricted to tags.
func runImportFeatures(t *testing.T, srv *server.Server, fsys fstest.MapFS, tags string) *reports.Run {
	t.Helper()
	profile, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    srv.URL(),
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Tags:        tags,
		Strict:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// importVerdicts counts the scenarios of each rule by verdict.
func importVerdicts(run *reports.Run) map[string]map[reports.Verdict]int {
	out := map[string]map[reports.Verdict]int{}
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				if out[r.ID] == nil {
					out[r.ID] = map[reports.Verdict]int{}
				}
				out[r.ID][s.Verdict]++
			}
		}
	}
	return out
}

// TestImportFeatures runs the IMPORT, TOKEN and REIMPORT sections against the
// reference: every scenario passes, none is skipped (the reference has every
// capability they use), and every rule of the sections has scenarios.
func TestImportFeatures(t *testing.T) {
	run := runImportFeatures(t, startReference(t), loadImportFeatures(t, "", "", ""), "")
	if failures := Failures(run, true); len(failures) > 0 {
		t.Errorf("%d scenarios failed against the reference:\n  %s", len(failures), strings.Join(failures, "\n  "))
	}
	got := importVerdicts(run)
	totals := run.Totals()
	t.Logf("%d scenarios: %d passed, %d skipped, %d failed", totals.Total(), totals.Count("passed"), totals.Count("skipped"), totals.Count("failed"))
	var ids []string
	for _, sec := range []struct {
		prefix string
		n      int
	}{{"IMPORT", 6}, {"TOKEN", 7}, {"REIMPORT", 9}} {
		for i := 1; i <= sec.n; i++ {
			ids = append(ids, fmt.Sprintf("%s-%03d", sec.prefix, i))
		}
	}
	for _, id := range ids {
		v := got[id]
		if v[reports.Passed] == 0 {
			t.Errorf("%s: no scenario passed (%v)", id, v)
		}
		if v[reports.Skipped] > 0 {
			t.Errorf("%s: %d scenarios skipped against the reference", id, v[reports.Skipped])
		}
	}
	if len(got) != len(ids) {
		t.Errorf("the features hold %d rules, want %d", len(got), len(ids))
	}
}

// TestImportFeaturesCanFail runs the features with one expectation turned
// around and checks that the rule's scenarios then fail: the steps assert what
// the features say, not something weaker.
func TestImportFeaturesCanFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sections several times")
	}
	const nl = "\n      "
	tests := []struct {
		name, file, old, new, rule, tags string
	}{
		{"expired token reported as invalid", "token.feature",
			`Then it fails with ExpiredImportTokenException` + nl + `And "K" is PendingImport` + nl + `When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"`,
			`Then it fails with InvalidImportTokenException` + nl + `And "K" is PendingImport` + nl + `When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"`,
			"TOKEN-001", "@clock"},
		{"one second before expiry refused", "token.feature",
			`I advance the clock to 1 second before the parameters "K" expire` + nl + `When I import "M" into "K"` + nl + `Then the import succeeds`,
			`I advance the clock to 1 second before the parameters "K" expire` + nl + `When I import "M" into "K"` + nl + `Then it fails with ExpiredImportTokenException`,
			"TOKEN-002", "@clock"},
		{"altered tokens accepted", "token.feature",
			`When I import "M" into "K" with <alteration>` + nl + `Then it fails with InvalidImportTokenException`,
			`When I import "M" into "K" with <alteration>` + nl + `Then the import succeeds`,
			"TOKEN-003", "~@clock && ~@multi-region"},
		{"different material accepted", "reimport.feature",
			`When I import "M2" into "K" with the parameters "P2"` + nl + `Then it fails with IncorrectKeyMaterialException` + nl + `And the metadata of "K" is unchanged` + nl + `And "K" is Enabled` + "\n",
			`When I import "M2" into "K" with the parameters "P2"` + nl + `Then the import succeeds` + nl + `And the metadata of "K" is unchanged` + nl + `And "K" is Enabled` + "\n",
			"REIMPORT-004", "@hmac"},
		{"a different ValidTo expected", "reimport.feature",
			`And "K" has a ValidTo 60 days from now` + nl + `When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P4"`,
			`And "K" has a ValidTo 61 days from now` + nl + `When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P4"`,
			"REIMPORT-006", "~@clock && ~@asymmetric"},
		{"another description expected", "reimport.feature",
			`with the description "Q2 2025 Rotation"` + nl + `When I get import parameters`,
			`with the description "Q3 2025 Rotation"` + nl + `When I get import parameters`,
			"REIMPORT-009", "@multiple-key-materials"},
		{"a reimport that changes the key in place of the failure", "import.feature",
			`When <attempt>` + nl + `Then it fails with <code>` + nl + `And the metadata of "K" is unchanged` + nl + `And "K" is Enabled`,
			`When I import "M" into "K" with the parameters "P2"` + nl + `Then the import succeeds` + nl + `And the metadata of "K" is unchanged` + nl + `And "K" is Enabled`,
			"IMPORT-005", "~@clock && ~@asymmetric && ~@hmac"},
	}
	srv := startReference(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := runImportFeatures(t, srv, loadImportFeatures(t, tt.file, tt.old, tt.new), tt.tags)
			if v := importVerdicts(run)[tt.rule]; v[reports.Failed] == 0 {
				t.Errorf("%s: no scenario failed after the edit (%v)", tt.rule, v)
			}
			for _, f := range Failures(run, true) {
				if !strings.HasPrefix(f, tt.rule+" ") {
					t.Errorf("the edit of %s broke another rule: %s", tt.rule, f)
				}
				t.Log(f)
			}
		})
	}
}
