package server

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestValidationMessages checks the ValidationException messages against the
// form AWS sends (errors.md §5): lower camel member names, blob values left out,
// null for missing required members, violations counted.
func TestValidationMessages(t *testing.T) {
	srv, _, _, _ := newFakeServer(t, Options{NoAuth: true})
	h := srv.Handler()
	const ok = `"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="`
	big := strings.Repeat("A", 8196) // 6147 decoded bytes
	tests := []struct {
		id, target, body, want string
	}{
		{"ERRORS-007 empty KeyId", "Import", `{"KeyId":"","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`,
			"1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"ERRORS-007 2049-character KeyId", "Import", `{"KeyId":"` + strings.Repeat("é", 2049) + `","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`,
			"1 validation error detected: Value '" + strings.Repeat("é", 2049) + "' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{"ERRORS-007 2048 characters in 4096 bytes pass", "Import", `{"KeyId":"` + strings.Repeat("é", 2048) + `","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`, ""},
		{"ERRORS-007 empty ImportToken", "Import", `{"KeyId":"k","ImportToken":"","EncryptedKeyMaterial":"AQ=="}`,
			"1 validation error detected: Value at 'importToken' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"ERRORS-009 6145-byte EncryptedKeyMaterial", "Import", `{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"` + big + `"}`,
			"1 validation error detected: Value at 'encryptedKeyMaterial' failed to satisfy constraint: Member must have length less than or equal to 6144"},
		{"ERRORS-007 6144 bytes pass", "Import", `{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"` + strings.Repeat("A", 8192) + `"}`, ""},
		{"ERRORS-007 63-character KeyMaterialId", "Import", `{` + ok + `,"KeyMaterialId":"` + strings.Repeat("a", 63) + `"}`,
			"1 validation error detected: Value '" + strings.Repeat("a", 63) + "' at 'keyMaterialId' failed to satisfy constraint: Member must have length greater than or equal to 64"},
		{"ERRORS-007 uppercase KeyMaterialId", "Import", `{` + ok + `,"KeyMaterialId":"` + strings.Repeat("A", 64) + `"}`,
			"1 validation error detected: Value '" + strings.Repeat("A", 64) + "' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$"},
		{"ERRORS-007 short uppercase KeyMaterialId breaks two constraints", "Import", `{` + ok + `,"KeyMaterialId":"ABC"}`,
			"2 validation errors detected: Value 'ABC' at 'keyMaterialId' failed to satisfy constraint: Member must have length greater than or equal to 64; Value 'ABC' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$"},
		{"ERRORS-007 empty KeyMaterialDescription", "Import", `{` + ok + `,"KeyMaterialDescription":""}`,
			`1 validation error detected: Value '' at 'keyMaterialDescription' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_\s.-]+$`},
		{"ERRORS-007 description with spaces passes", "Import", `{` + ok + `,"KeyMaterialDescription":"my key 1.0/a_b-c:d"}`, ""},
		{"ERRORS-008 ExpirationModel BOGUS", "Import", `{` + ok + `,"ExpirationModel":"BOGUS"}`,
			"1 validation error detected: Value 'BOGUS' at 'expirationModel' failed to satisfy constraint: Member must satisfy enum value set: [KEY_MATERIAL_EXPIRES, KEY_MATERIAL_DOES_NOT_EXPIRE]"},
		{"ERRORS-008 WrappingAlgorithm BOGUS", "Params", `{"KeyId":"k","WrappingAlgorithm":"BOGUS","WrappingKeySpec":"RSA_2048"}`,
			"1 validation error detected: Value 'BOGUS' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]"},
		{"ERRORS-008 enums are case-sensitive", "Params", `{"KeyId":"k","WrappingAlgorithm":"rsaes_oaep_sha_1","WrappingKeySpec":"RSA_2048"}`,
			"1 validation error detected: Value 'rsaes_oaep_sha_1' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]"},
		{"required members missing", "Params", `{}`,
			"3 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value null at 'wrappingAlgorithm' failed to satisfy constraint: Member must not be null; Value null at 'wrappingKeySpec' failed to satisfy constraint: Member must not be null"},
		{"explicit null is missing", "Params", `{"KeyId":null,"WrappingAlgorithm":"RSAES_OAEP_SHA_1","WrappingKeySpec":"RSA_2048"}`,
			"1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"},
		{"required blob null", "Import", `{"KeyId":"k","ImportToken":null,"EncryptedKeyMaterial":"AQ=="}`,
			"1 validation error detected: Value null at 'importToken' failed to satisfy constraint: Member must not be null"},
		{"members matched case-insensitively as encoding/json does", "Params", `{"keyid":"","WrappingAlgorithm":"RSAES_OAEP_SHA_1","WrappingKeySpec":"RSA_2048"}`,
			"1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"ERRORS-007 Limit 0", "Shapes", `{"Limit":0}`,
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"ERRORS-007 Limit 1001", "Shapes", `{"Limit":1001}`,
			"1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"},
		{"absent optional non-pointer members pass", "Shapes", `{}`, ""},
		{"pointer range", "Shapes", `{"Window":6}`,
			"1 validation error detected: Value '6' at 'window' failed to satisfy constraint: Member must have value greater than or equal to 7"},
		{"Marker pattern with \\u escapes", "Shapes", `{"Marker":"ok \u00ff"}`, ""},
		{"Marker outside \\u0020-\\u00FF", "Shapes", `{"Marker":"\u0100"}`,
			`1 validation error detected: Value 'Ā' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0020-\u00FF]*`},
		{"empty Marker", "Shapes", `{"Marker":""}`,
			"1 validation error detected: Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"pattern with a comma", "Shapes", `{"ReplicaRegion":"us-east"}`,
			`1 validation error detected: Value 'us-east' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\d+$`},
		{"pattern with a comma passes", "Shapes", `{"ReplicaRegion":"us-gov-west-1"}`, ""},
		{"present empty optional enum", "Shapes", `{"Kind":""}`,
			"1 validation error detected: Value '' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [A, B]"},
		{"list elements", "Shapes", `{"Tags":[{"TagKey":"a"},{"TagValue":"v"},{"TagKey":""}]}`,
			"2 validation errors detected: Value null at 'tags.2.member.tagKey' failed to satisfy constraint: Member must not be null; Value '' at 'tags.3.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"list length", "Shapes", `{"Grants":["a","b","c"]}`,
			"1 validation error detected: Value at 'grants' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"nested struct", "Shapes", `{"Nested":{}}`,
			"1 validation error detected: Value null at 'nested.name' failed to satisfy constraint: Member must not be null"},
		{"map values", "Shapes", `{"ByName":{"k":{"Name":"123456789"}}}`,
			"1 validation error detected: Value '123456789' at 'byName.k.name' failed to satisfy constraint: Member must have length less than or equal to 8"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			r := do(t, h, http.MethodPost, "/", "TrentService."+tc.target, body(tc.body))
			if tc.want == "" {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			if r.status != 400 || r.errType != "ValidationException" {
				t.Fatalf("status %d, __type %q, want 400 ValidationException (%s)", r.status, r.errType, r.body)
			}
			if r.message != tc.want {
				t.Errorf("message\n got %s\nwant %s", r.message, tc.want)
			}
		})
	}
}

// TestPlanTags checks that malformed validate tags are refused when the plan is
// built (at server start), not when a request arrives.
func TestPlanTags(t *testing.T) {
	type badLen struct {
		A string `validate:"len=5"`
	}
	type badEnum struct {
		A int `validate:"enum=A|B"`
	}
	type badPattern struct {
		A string `validate:"pattern=("`
	}
	type badRange struct {
		A int `validate:"range=5..1"`
	}
	type unknownRule struct {
		A string `validate:"min=1"`
	}
	type lenOnInt struct {
		A int `validate:"len=1..2"`
	}
	type nestedBad struct {
		B []unknownRule
	}
	for _, v := range []any{badLen{}, badEnum{}, badPattern{}, badRange{}, unknownRule{}, lenOnInt{}, nestedBad{}} {
		typ := reflect.TypeOf(v)
		t.Run(typ.Name(), func(t *testing.T) {
			if _, err := planFor(typ); err == nil {
				t.Errorf("tag accepted")
			}
		})
	}
	// Next comes first, so its plan is still empty when the member is seen.
	type recursive struct {
		Next []*recursive `json:"Next"`
		Name string       `json:"Name" validate:"required"`
	}
	p, err := planFor(reflect.TypeFor[recursive]())
	if err != nil {
		t.Fatal(err)
	}
	in := &recursive{Name: "a", Next: []*recursive{{Name: "b", Next: []*recursive{{}}}}}
	want := "1 validation error detected: Value null at 'next.1.member.next.1.member.name' failed to satisfy constraint: Member must not be null"
	if got := validateRequest(p, reflect.ValueOf(in), []byte(`{"Name":"a","Next":[{"Name":"b","Next":[{}]}]}`)); got != want {
		t.Errorf("recursive type:\n got %s\nwant %s", got, want)
	}
}
