package steps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/target"
)

const (
	testARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	idA     = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	idB     = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func TestImportInput(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() (time.Time, error) { return now, nil }
	ids := func(name string) (string, error) {
		if name == "ID1" {
			return idA, nil
		}
		if backingKeyID.MatchString(name) {
			return name, nil
		}
		return "", errors.New("unknown")
	}
	tests := []struct {
		members     string
		importType  types.ImportType
		id, desc    string
		model       types.ExpirationModelType
		validTo     time.Time
		params      string
		wantErrText string
	}{
		{members: "ImportType omitted", model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: "ImportType NEW_KEY_MATERIAL", importType: types.ImportTypeNewKeyMaterial, model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: `ImportType EXISTING_KEY_MATERIAL and KeyMaterialId "ID1"`, importType: types.ImportTypeExistingKeyMaterial, id: idA, model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: `ImportType omitted and KeyMaterialId "` + idB + `"`, id: idB, model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: `ImportType omitted and KeyMaterialDescription "first material"`, desc: "first material", model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: "a KeyMaterialDescription of 257 characters", desc: strings.Repeat("d", 257), model: types.ExpirationModelTypeKeyMaterialDoesNotExpire},
		{members: "ImportType NEW_KEY_MATERIAL and ValidTo in 30 days", importType: types.ImportTypeNewKeyMaterial,
			model: types.ExpirationModelTypeKeyMaterialExpires, validTo: now.Add(30 * 24 * time.Hour)},
		{members: `ImportType NEW_KEY_MATERIAL and the parameters "P2"`, importType: types.ImportTypeNewKeyMaterial,
			model: types.ExpirationModelTypeKeyMaterialDoesNotExpire, params: "P2"},
		{members: `KeyMaterialId "ID9"`, wantErrText: "unknown"},
		{members: "nothing known", wantErrText: "no import member"},
	}
	for _, tt := range tests {
		t.Run(tt.members, func(t *testing.T) {
			in, params, err := importInput(tt.members, clock, ids)
			if tt.wantErrText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrText) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErrText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.ImportType != tt.importType || aws.ToString(in.KeyMaterialId) != tt.id || aws.ToString(in.KeyMaterialDescription) != tt.desc ||
				in.ExpirationModel != tt.model || params != tt.params {
				t.Errorf("got ImportType %q, KeyMaterialId %q, description of %d characters, model %q, params %q",
					in.ImportType, aws.ToString(in.KeyMaterialId), len(aws.ToString(in.KeyMaterialDescription)), in.ExpirationModel, params)
			}
			if got := aws.ToTime(in.ValidTo); !got.Equal(tt.validTo) {
				t.Errorf("ValidTo = %v, want %v", got, tt.validTo)
			}
		})
	}
}

func TestListInput(t *testing.T) {
	in, err := listInput(` with IncludeKeyMaterial ALL_KEY_MATERIAL and Limit 1 and Marker "m-1"`)
	if err != nil {
		t.Fatal(err)
	}
	if in.IncludeKeyMaterial != types.IncludeKeyMaterialAllKeyMaterial || aws.ToInt32(in.Limit) != 1 || aws.ToString(in.Marker) != "m-1" {
		t.Errorf("got %q, %d, %q", in.IncludeKeyMaterial, aws.ToInt32(in.Limit), aws.ToString(in.Marker))
	}
	in, err = listInput("")
	if err != nil {
		t.Fatal(err)
	}
	if in.IncludeKeyMaterial != "" || in.Limit != nil || in.Marker != nil {
		t.Errorf("no members gave %+v", in)
	}
}

// goodEntries are a first material (NON_CURRENT), a rotation-made expiring
// material (CURRENT) and a pending one.
func goodEntries() []types.RotationsListEntry {
	validTo := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	rotated := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	return []types.RotationsListEntry{
		{KeyId: aws.String(testARN), KeyMaterialId: aws.String(idA), ImportState: types.ImportStateImported,
			KeyMaterialState: types.KeyMaterialStateNonCurrent, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
			KeyMaterialDescription: aws.String("first")},
		{KeyId: aws.String(testARN), KeyMaterialId: aws.String(idB), ImportState: types.ImportStateImported,
			KeyMaterialState: types.KeyMaterialStateCurrent, ExpirationModel: types.ExpirationModelTypeKeyMaterialExpires,
			ValidTo: aws.Time(validTo), RotationDate: aws.Time(rotated), RotationType: types.RotationTypeOnDemand},
		{KeyId: aws.String(testARN), KeyMaterialId: aws.String(strings.Repeat("c", 64)), ImportState: types.ImportStatePendingImport,
			KeyMaterialState: types.KeyMaterialStatePendingRotation},
	}
}

// TestCheckEntries breaks one member of a well-formed listing at a time;
// each break must be reported (ROTATE-019).
func TestCheckEntries(t *testing.T) {
	validTo := map[string]time.Time{idB: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	if errs := checkEntries(testARN, goodEntries(), validTo); len(errs) > 0 {
		t.Fatalf("well-formed entries reported: %v", errs)
	}
	tests := []struct {
		name   string
		mutate func(es []types.RotationsListEntry)
		want   string
	}{
		{"KeyId is the key ID", func(es []types.RotationsListEntry) { es[0].KeyId = aws.String("1234abcd-12ab-34cd-56ef-1234567890ab") }, "KeyId"},
		{"uppercase KeyMaterialId", func(es []types.RotationsListEntry) { es[0].KeyMaterialId = aws.String(strings.ToUpper(idA)) }, "KeyMaterialId"},
		{"short KeyMaterialId", func(es []types.RotationsListEntry) { es[0].KeyMaterialId = aws.String(idA[:63]) }, "KeyMaterialId"},
		{"unknown ImportState", func(es []types.RotationsListEntry) { es[0].ImportState = "DONE" }, "ImportState"},
		{"no KeyMaterialState", func(es []types.RotationsListEntry) { es[0].KeyMaterialState = "" }, "KeyMaterialState"},
		{"imported without ExpirationModel", func(es []types.RotationsListEntry) { es[0].ExpirationModel = "" }, "no ExpirationModel"},
		{"unknown ExpirationModel", func(es []types.RotationsListEntry) { es[0].ExpirationModel = "NEVER" }, "ExpirationModel"},
		{"ValidTo without expiry", func(es []types.RotationsListEntry) { es[0].ValidTo = aws.Time(time.Now()) }, "ValidTo present true"},
		{"expiry without ValidTo", func(es []types.RotationsListEntry) { es[1].ValidTo = nil }, "ValidTo present false"},
		{"ValidTo other than imported", func(es []types.RotationsListEntry) {
			es[1].ValidTo = aws.Time(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC))
		}, "but the import set"},
		{"RotationDate without type", func(es []types.RotationsListEntry) { es[1].RotationType = "" }, "RotationDate present true"},
		{"RotationType without date", func(es []types.RotationsListEntry) { es[0].RotationType = types.RotationTypeOnDemand }, "RotationDate present false"},
		{"unknown RotationType", func(es []types.RotationsListEntry) { es[1].RotationType = "MANUAL" }, "RotationType"},
		{"pending with rotation", func(es []types.RotationsListEntry) {
			es[2].RotationDate, es[2].RotationType = aws.Time(time.Now()), types.RotationTypeOnDemand
		}, "PENDING_ROTATION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := goodEntries()
			tt.mutate(es)
			errs := checkEntries(testARN, es, validTo)
			if len(errs) == 0 || !strings.Contains(strings.Join(errs, "; "), tt.want) {
				t.Errorf("checkEntries = %v, want a complaint containing %q", errs, tt.want)
			}
		})
	}
}

// rotateVerdicts maps "RULE-ID scenario" to the scenario's verdict and its
// first step error.
func rotateVerdicts(run *reports.Run) map[string]string {
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

// rotateFeature reads the ROTATE feature file.
func rotateFeature(t *testing.T) fstest.MapFS {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "features", "rotate.feature"))
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"rotate.feature": &fstest.MapFile{Data: b}}
}

// rotateServer starts a reference with its test clock for the test.
func rotateServer(t *testing.T) string {
	t.Helper()
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return srv.URL()
}

// runRotate runs fsys against the reference at endpoint with the reference
// profile. Each scenario creates its own keys, so runs can share a server.
func runRotate(t *testing.T, endpoint string, fsys fstest.MapFS) *reports.Run {
	t.Helper()
	profile, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    endpoint,
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Strict:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestRotateAgainstReference requires every ROTATE scenario to pass: the
// reference claims every capability they need, so none may be skipped.
func TestRotateAgainstReference(t *testing.T) {
	v := rotateVerdicts(runRotate(t, rotateServer(t), rotateFeature(t)))
	rules := map[string]bool{}
	for name, verdict := range v {
		if verdict != string(reports.Passed) {
			t.Errorf("%s: %s", name, verdict)
		}
		rules[strings.Fields(name)[0]] = true
	}
	t.Logf("%d ROTATE scenarios of %d rules passed", len(v), len(rules))
	if len(rules) != 26 {
		t.Errorf("ran scenarios of %d rules, want the 26 of ROTATE", len(rules))
	}
	if len(v) < 80 {
		t.Errorf("ran %d scenarios, want at least 80", len(v))
	}
}

// ruleOnly cuts a feature down to its header and the Rule block of id (with
// the tag lines above it), so that a mutation run takes one rule, not all.
func ruleOnly(t *testing.T, feature, id string) string {
	t.Helper()
	lines := strings.Split(feature, "\n")
	var header, block []string
	inHeader, inRule := true, false
	for i, l := range lines {
		if strings.HasPrefix(l, "  Rule: ") {
			inHeader, inRule = false, strings.HasPrefix(l, "  Rule: "+id+" ")
			if inRule {
				for j := i - 1; j >= 0 && strings.HasPrefix(lines[j], "  @"); j-- {
					block = append([]string{lines[j]}, block...)
				}
			}
		}
		switch {
		case inHeader && !strings.HasPrefix(l, "  @"):
			header = append(header, l)
		case inRule && !strings.HasPrefix(l, "  @"): // "  @" tags the next Rule
			block = append(block, l)
		}
	}
	if len(block) == 0 {
		t.Fatalf("no Rule %s in the feature", id)
	}
	return strings.Join(append(header, block...), "\n")
}

// TestRotateScenariosCanFail changes one expectation of a scenario at a time
// into what a wrong server would make true, and requires that scenario to fail.
func TestRotateScenariosCanFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the feature several times")
	}
	endpoint := rotateServer(t)
	feature := string(rotateFeature(t)["rotate.feature"].Data)
	mutations := []struct {
		scenario, from, to string
	}{
		// A server whose first material is listed by default.
		{"ROTATE-001 The first import with ImportType omitted becomes the current material",
			"      When I list the key rotations of \"K\"\n      Then the rotations list is empty\n\n      Examples:\n        | members                     |",
			"      When I list the key rotations of \"K\"\n      Then the rotations list has 1 entry\n\n      Examples:\n        | members                     |"},
		// A server that accepted other material as existing material.
		{"ROTATE-002 Other material without an ImportType is refused once the key has material",
			"When I import \"M2\" into \"K\" with ImportType omitted\n      Then the import fails with IncorrectKeyMaterialException",
			"When I import \"M2\" into \"K\" with ImportType omitted\n      Then the import succeeds"},
		// A server whose IDs ignore the key.
		{"ROTATE-003 The same material keeps its ID in one key and gets another in a second key",
			`And the material IDs "ID in K1" and "ID in K2" differ`, `And the material IDs "ID in K1" and "ID in K2" are equal`},
		// A server that made new material current at once.
		{"ROTATE-004 New material waits in PENDING_ROTATION and the key keeps using its current material",
			`Then decrypting "C" reports the material ID "ID1"`, `Then decrypting "C" reports the material ID "ID2"`},
		// A server that accepted a second pending material.
		{"ROTATE-005 A second new material is refused while one is pending",
			"When I import \"M3\" into \"K\" with ImportType NEW_KEY_MATERIAL\n      Then the import fails with KMSInvalidStateException",
			"When I import \"M3\" into \"K\" with ImportType NEW_KEY_MATERIAL\n      Then the import succeeds"},
		// A server that did not keep the old material.
		{"ROTATE-010 Rotation makes the pending material current and keeps the old one for decryption",
			`And decrypting "C1" reports the material ID "ID1"`, `And decrypting "C1" reports the material ID "ID2"`},
		// A server that refused on-demand rotation of asymmetric keys with another code.
		{"ROTATE-013 An EXTERNAL ECC_NIST_P256 key does not rotate on demand",
			"Then the rotation fails with UnsupportedOperationException", "Then the rotation fails with KMSInvalidStateException"},
		// A server that let EXTERNAL keys rotate automatically.
		{"ROTATE-016 enable automatic rotation of an Enabled EXTERNAL symmetric key is refused",
			"When I <operation> automatic rotation of \"K\"\n      Then it fails with UnsupportedOperationException\n      And \"K\" is Enabled",
			"When I <operation> automatic rotation of \"K\"\n      Then it succeeds\n      And \"K\" is Enabled"},
		// A server that reported automatic rotation of an imported key.
		{"ROTATE-017 A symmetric EXTERNAL key reports no automatic rotation, also after an on-demand rotation",
			"Then it reports KeyRotationEnabled false or fails with UnsupportedOperationException\n      When I rotate",
			"Then it reports KeyRotationEnabled true or fails with UnsupportedOperationException\n      When I rotate"},
		// A server that listed the rotations of an HMAC key.
		{"ROTATE-020 Listing the rotations of an EXTERNAL HMAC_256 key without IncludeKeyMaterial is refused or empty",
			"Then it fails with UnsupportedOperationException or lists no rotations", "Then it fails with InvalidMarkerException or lists no rotations"},
		// A server that accepted a description with '#'.
		{`ROTATE-022 An invalid description is refused (KeyMaterialDescription "release #2")`,
			"Then the import fails with ValidationException\n      And the metadata of \"K\" is unchanged\n      When I list",
			"Then the import succeeds\n      And the metadata of \"K\" is unchanged\n      When I list"},
		// A server that took ImportType on an HMAC key.
		{"ROTATE-023 A first import into an EXTERNAL HMAC_256 key with ImportType NEW_KEY_MATERIAL is refused",
			"Then the import fails with UnsupportedOperationException or ValidationException\n      And \"K\" is PendingImport",
			"Then the import succeeds\n      And \"K\" is PendingImport"},
		// A server whose ReEncrypt reports the source material as the destination.
		{"ROTATE-024 The reported material follows the material that was current when the ciphertext was made",
			`reports the source material ID "ID1" and the destination material ID "ID2"`, `reports the source material ID "ID1" and the destination material ID "ID1"`},
		// A server that rotated without pending material.
		{"ROTATE-011 An imported key without pending material does not rotate",
			"When I rotate \"K\" on demand\n      Then the rotation fails with KMSInvalidStateException\n      And the metadata of \"K\" is unchanged",
			"When I rotate \"K\" on demand\n      Then the rotation succeeds\n      And the metadata of \"K\" is unchanged"},
		// A server with a limit of 9.
		{"ROTATE-015 The first 10 rotations succeed and the limit stops them no later than the 26th",
			"And at least 10 of those rotations succeeded", "And at least 26 of those rotations succeeded"},
		// A server with no limit.
		{"ROTATE-015 The first 10 rotations succeed and the limit stops them no later than the 26th",
			"up to 26 times, importing", "up to 20 times, importing"},
		// A server whose pending entry carries a rotation date.
		{"ROTATE-019 Entries before and after a rotation carry the documented members",
			"        | KeyMaterialState | PENDING_ROTATION     |\n        | ImportState      | IMPORTED             |\n        | ExpirationModel  | KEY_MATERIAL_EXPIRES |\n        | ValidTo          | present              |\n        | RotationDate     | absent               |",
			"        | KeyMaterialState | PENDING_ROTATION     |\n        | ImportState      | IMPORTED             |\n        | ExpirationModel  | KEY_MATERIAL_EXPIRES |\n        | ValidTo          | present              |\n        | RotationDate     | present              |"},
		// A server that does not page.
		{"ROTATE-021 Three materials with Limit 1 come in three pages",
			"the listing took 3 pages of 1 entry each", "the listing took 1 page of 3 entries each"},
		// A server whose reimport with a KeyMaterialId did not restore the key.
		{"ROTATE-026 Deleting the non-current material suspends the key until it is reimported (ImportType omitted)",
			"      Then the import succeeds\n      And the import reports the material ID \"ID1\"\n      And \"K\" is Enabled",
			"      Then the import succeeds\n      And the import reports the material ID \"ID2\"\n      And \"K\" is Enabled"},
	}
	for _, m := range mutations {
		if strings.Count(feature, m.from) == 0 {
			t.Fatalf("mutation for %q: text not found: %q", m.scenario, m.from)
		}
	}
	for _, m := range mutations {
		t.Run(m.scenario, func(t *testing.T) {
			rule := ruleOnly(t, strings.Replace(feature, m.from, m.to, -1), strings.Fields(m.scenario)[0])
			v := rotateVerdicts(runRotate(t, endpoint, fstest.MapFS{"rotate.feature": &fstest.MapFile{Data: []byte(rule)}}))
			got, ok := v[m.scenario]
			if !ok {
				t.Fatalf("no scenario %q ran", m.scenario)
			}
			if !strings.HasPrefix(got, string(reports.Failed)) || strings.Contains(got, "undefined") || strings.Contains(got, "ambiguous") {
				t.Errorf("after the mutation %q -> %q the scenario is %s, want failed", m.from, m.to, got)
			}
			t.Log(got)
		})
	}
}
