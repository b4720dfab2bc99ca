package server

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// TestProtocolErrors sends raw requests that break the AWS JSON 1.1 protocol
// and checks the status and __type of each answer (ERRORS-010, ERRORS-012).
func TestProtocolErrors(t *testing.T) {
	srv, _, _, _ := newFakeServer(t, Options{NoAuth: true, MaxBodyBytes: 4096})
	h := srv.Handler()
	okImport := `{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`
	tests := []struct {
		name       string
		method     string
		path       string
		target     string
		body       io.Reader
		wantStatus int
		wantType   string // "" for success
	}{
		{"GET /", http.MethodGet, "/", "TrentService.Import", nil, 405, kms.CodeUnknownOperation},
		{"PUT /", http.MethodPut, "/", "TrentService.Import", body(okImport), 405, kms.CodeUnknownOperation},
		{"unknown path", http.MethodPost, "/keys", "TrentService.Import", body(okImport), 404, kms.CodeUnknownOperation},
		{"missing target", http.MethodPost, "/", "", body(okImport), 400, kms.CodeUnknownOperation},
		{"unknown operation", http.MethodPost, "/", "TrentService.Bogus", body(`{}`), 400, kms.CodeUnknownOperation},
		{"wrong service prefix", http.MethodPost, "/", "OtherService.Import", body(okImport), 400, kms.CodeUnknownOperation},
		{"bare operation name", http.MethodPost, "/", "Import", body(okImport), 400, kms.CodeUnknownOperation},
		{"method of another shape", http.MethodPost, "/", "TrentService.Close", body(`{}`), 400, kms.CodeUnknownOperation},
		{"method without context", http.MethodPost, "/", "TrentService.Lookup", body(`{}`), 400, kms.CodeUnknownOperation},
		{"unparseable body", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":`), 400, kms.CodeSerialization},
		{"not JSON at all", http.MethodPost, "/", "TrentService.Import", body(`KeyId=k`), 400, kms.CodeSerialization},
		{"null body", http.MethodPost, "/", "TrentService.Import", body(`null`), 400, kms.CodeSerialization},
		{"array body", http.MethodPost, "/", "TrentService.Import", body(`[]`), 400, kms.CodeSerialization},
		{"string body", http.MethodPost, "/", "TrentService.Import", body(`"x"`), 400, kms.CodeSerialization},
		{"trailing data", http.MethodPost, "/", "TrentService.Import", body(okImport + `{}`), 400, kms.CodeSerialization},
		{"ValidTo as a string", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":"2030-01-01T00:00:00Z"}`), 400, kms.CodeSerialization},
		{"ValidTo as an object", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":{}}`), 400, kms.CodeSerialization},
		{"KeyId as a number", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":5,"ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`), 400, kms.CodeSerialization},
		{"blob not base64", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"k","ImportToken":"!!!!","EncryptedKeyMaterial":"AQ=="}`), 400, kms.CodeSerialization},
		{"Limit as a fraction", http.MethodPost, "/", "TrentService.Shapes", body(`{"Limit":1.5}`), 400, kms.CodeSerialization},
		{"Limit overflows int32", http.MethodPost, "/", "TrentService.Shapes", body(`{"Limit":99999999999}`), 400, kms.CodeSerialization},
		{"Tags as an object", http.MethodPost, "/", "TrentService.Shapes", body(`{"Tags":{"a":1}}`), 400, kms.CodeSerialization},
		{"empty body is {}", http.MethodPost, "/", "TrentService.Shapes", body(``), 200, ""},
		{"whitespace body is {}", http.MethodPost, "/", "TrentService.Shapes", body(" \n"), 200, ""},
		{"unknown members ignored", http.MethodPost, "/", "TrentService.Shapes", body(`{"Bogus":[1,{"x":null}],"Other":"y"}`), 200, ""},
		{"fractional ValidTo", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":1893456000.25}`), 200, ""},
		{"empty body, required members", http.MethodPost, "/", "TrentService.Import", body(``), 400, kms.CodeValidation},
		{"body over the limit", http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"` + strings.Repeat("a", 5000) + `"}`), 413, kms.CodeValidation},
		{"chunked body over the limit", http.MethodPost, "/", "TrentService.Import", io.MultiReader(body(`{"KeyId":"`), strings.NewReader(strings.Repeat("a", 5000))), 413, kms.CodeValidation},
		{"NotFoundException", http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"NotFoundException"}`), 400, kms.CodeNotFound},
		{"KMSInvalidStateException", http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"KMSInvalidStateException"}`), 400, kms.CodeKMSInvalidState},
		{"KMSInternalException", http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"KMSInternalException"}`), 500, kms.CodeKMSInternal},
		{"KeyUnavailableException", http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"KeyUnavailableException"}`), 500, kms.CodeKeyUnavailable},
		{"DependencyTimeoutException", http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"DependencyTimeoutException"}`), 503, kms.CodeDependencyTimeout},
		{"plain error", http.MethodPost, "/", "TrentService.Fail", body(`{"Plain":true}`), 500, kms.CodeKMSInternal},
		{"panic", http.MethodPost, "/", "TrentService.Fail", body(`{"Panic":true}`), 500, kms.CodeKMSInternal},
		{"typed nil error", http.MethodPost, "/", "TrentService.Fail", body(`{"TypedNil":true}`), 500, kms.CodeKMSInternal},
		{"hook without test clock", http.MethodGet, "/_kmsconform/clock", "", nil, 404, kms.CodeUnknownOperation},
		{"hold hook without test clock", http.MethodPost, "/_kmsconform/hold", "", body(`{"KeyId":"k","State":"Creating"}`), 404, kms.CodeUnknownOperation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, h, tc.method, tc.path, tc.target, tc.body)
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d (body %s)", r.status, tc.wantStatus, r.body)
			}
			if got := r.header.Get("Content-Type"); got != contentType {
				t.Errorf("Content-Type %q, want %q", got, contentType)
			}
			if r.header.Get("X-Amzn-RequestId") == "" {
				t.Error("no X-Amzn-RequestId")
			}
			if tc.wantType == "" {
				if !json.Valid(r.body) || r.body[0] != '{' {
					t.Errorf("success body %q is not a JSON object", r.body)
				}
				return
			}
			if r.errType != tc.wantType {
				t.Errorf("__type %q, want %q (message %q)", r.errType, tc.wantType, r.message)
			}
			if got := r.header.Get("X-Amzn-ErrorType"); got != tc.wantType {
				t.Errorf("X-Amzn-ErrorType %q, want %q", got, tc.wantType)
			}
			if r.message == "" {
				t.Error("empty message")
			}
		})
	}
}

// TestNoValueEchoed checks that errors about blobs and undecodable members
// never carry the submitted bytes (ERRORS-009), and that a panic's log line
// holds none of the request.
func TestNoValueEchoed(t *testing.T) {
	srv, _, _, logs := newFakeServer(t, Options{NoAuth: true})
	h := srv.Handler()
	secret := strings.Repeat("\x42", 6145)
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	for _, tc := range []struct{ name, target, body string }{
		{"oversized token", "TrentService.Import", `{"KeyId":"k","ImportToken":"` + b64 + `","EncryptedKeyMaterial":"` + b64 + `"}`},
		{"timestamp as text", "TrentService.Import", `{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":"QkJCQkJCQkJCQkJC"}`},
		{"number into string", "TrentService.Import", `{"KeyId":1234567891234,"ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`},
		{"panic", "TrentService.Fail", `{"Panic":true,"Secret":"QkJCQkJCQkJCQkJC"}`},
		{"plain error", "TrentService.Fail", `{"Plain":true,"Secret":"QkJCQkJCQkJCQkJC"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, h, http.MethodPost, "/", tc.target, body(tc.body))
			if r.status < 400 {
				t.Fatalf("status %d, want an error", r.status)
			}
			for _, leak := range []string{"QkJCQkJCQkJCQkJC", "BBBBBBBB", "1234567891234"} {
				if strings.Contains(string(r.body), leak) {
					t.Errorf("response %s echoes %q", r.body, leak)
				}
				if strings.Contains(logs.String(), leak) {
					t.Errorf("log echoes %q", leak)
				}
			}
		})
	}
	if !strings.Contains(logs.String(), "operation panicked") || !strings.Contains(logs.String(), "op=Fail") {
		t.Errorf("the panic was not logged with its operation: %s", logs.String())
	}
}

// TestAccessLog checks the access log's fields.
func TestAccessLog(t *testing.T) {
	srv, _, _, logs := newFakeServer(t, Options{NoAuth: true})
	do(t, srv.Handler(), http.MethodPost, "/", "TrentService.Fail", body(`{"Code":"NotFoundException","Secret":"s3cr3t"}`))
	line := logs.String()
	for _, want := range []string{"level=INFO", "msg=request", "method=POST", "op=Fail", "status=400", "duration="} {
		if !strings.Contains(line, want) {
			t.Errorf("access log %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "s3cr3t") {
		t.Errorf("access log %q holds the body", line)
	}
}

// TestCallerUnderNoAuth checks that without SigV4 every caller is the server's
// account in its default Region.
func TestCallerUnderNoAuth(t *testing.T) {
	srv, svc, _, _ := newFakeServer(t, Options{NoAuth: true, Region: "eu-west-3", Account: "444455556666"})
	r := do(t, srv.Handler(), http.MethodPost, "/", "TrentService.Import", body(`{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`))
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if got, want := svc.lastCaller(), (kms.Caller{Region: "eu-west-3", Account: "444455556666"}); got != want {
		t.Errorf("caller %+v, want %+v", got, want)
	}
	var out ImportOutput
	if err := json.Unmarshal(r.body, &out); err != nil || out.KeyId != "arn:aws:kms:eu-west-3:444455556666:key/k" {
		t.Errorf("output %s (%v)", r.body, err)
	}
}

// TestOptions checks that bad options are refused with the field named.
func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"region", Options{Region: "US-EAST-1"}, "region"},
		{"long region", Options{Region: "aaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbb-1"}, "region"},
		{"account", Options{Account: "12345"}, "account"},
		{"access key without secret", Options{AccessKeyID: "AK"}, "secret"},
		{"negative limit", Options{MaxBodyBytes: -1}, "MaxBodyBytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newServer(tc.opts, &fakeService{}, nil, func() {})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one naming %q", err, tc.want)
			}
		})
	}
	if _, err := newServer(Options{}, struct{}{}, nil, func() {}); err == nil {
		t.Error("a service without operations was accepted")
	}
}
