package server

import (
	"net/http"
	"reflect"
	"testing"
)

// TestHooks drives the test clock hooks (design.md "Time") through the handler.
func TestHooks(t *testing.T) {
	srv, _, hooks, _ := newFakeServer(t, Options{TestClock: true, NoAuth: true, Region: "eu-central-1"})
	h := srv.Handler()
	tests := []struct {
		name, method, path, body string
		wantStatus               int
		wantType                 string
		wantBody                 string
	}{
		{"read the clock", http.MethodGet, "/_kmsconform/clock", "", 200, "", `{"Now":1700000000}`},
		{"advance a day", http.MethodPost, "/_kmsconform/clock", `{"Advance":86400}`, 200, "", `{"Now":1700086400}`},
		{"advance a fraction", http.MethodPost, "/_kmsconform/clock", `{"Advance":0.5}`, 200, "", `{"Now":1700086400.5}`},
		{"clock moved", http.MethodGet, "/_kmsconform/clock", "", 200, "", `{"Now":1700086400.5}`},
		{"advance zero", http.MethodPost, "/_kmsconform/clock", `{"Advance":0}`, 400, "ValidationException", ""},
		{"advance backwards", http.MethodPost, "/_kmsconform/clock", `{"Advance":-1}`, 400, "ValidationException", ""},
		{"advance missing", http.MethodPost, "/_kmsconform/clock", `{}`, 400, "ValidationException", ""},
		{"advance a century and more", http.MethodPost, "/_kmsconform/clock", `{"Advance":1e12}`, 400, "ValidationException", ""},
		{"advance as text", http.MethodPost, "/_kmsconform/clock", `{"Advance":"60"}`, 400, "SerializationException", ""},
		{"advance bad JSON", http.MethodPost, "/_kmsconform/clock", `{`, 400, "SerializationException", ""},
		{"clock DELETE", http.MethodDelete, "/_kmsconform/clock", "", 405, "UnknownOperationException", ""},
		{"hold", http.MethodPost, "/_kmsconform/hold", `{"Region":"us-west-2","KeyId":"k1","State":"Creating"}`, 200, "", `{}`},
		{"hold in the default Region", http.MethodPost, "/_kmsconform/hold", `{"KeyId":"k2","State":"Updating"}`, 200, "", `{}`},
		{"release", http.MethodPost, "/_kmsconform/hold", `{"KeyId":"k2","State":""}`, 200, "", `{}`},
		{"hold an unknown key", http.MethodPost, "/_kmsconform/hold", `{"KeyId":"unknown","State":"Creating"}`, 400, "NotFoundException", ""},
		{"hold a bad state", http.MethodPost, "/_kmsconform/hold", `{"KeyId":"k1","State":"Enabled"}`, 400, "ValidationException", ""},
		{"hold without key", http.MethodPost, "/_kmsconform/hold", `{"State":"Creating"}`, 400, "ValidationException", ""},
		{"hold GET", http.MethodGet, "/_kmsconform/hold", "", 405, "UnknownOperationException", ""},
		{"unknown hook", http.MethodGet, "/_kmsconform/time", "", 404, "UnknownOperationException", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, h, tc.method, tc.path, "", body(tc.body))
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d (%s)", r.status, tc.wantStatus, r.body)
			}
			if r.errType != tc.wantType {
				t.Errorf("__type %q, want %q", r.errType, tc.wantType)
			}
			if tc.wantBody != "" && string(r.body) != tc.wantBody {
				t.Errorf("body %s, want %s", r.body, tc.wantBody)
			}
		})
	}
	want := []string{"us-west-2|k1|Creating", "eu-central-1|k2|Updating", "eu-central-1|k2|"}
	if !reflect.DeepEqual(hooks.holds, want) {
		t.Errorf("holds %q, want %q", hooks.holds, want)
	}
}

// TestHooksNeedTestClock checks that every hook path is 404 without the test
// clock, whatever the method.
func TestHooksNeedTestClock(t *testing.T) {
	srv, _, hooks, _ := newFakeServer(t, Options{NoAuth: true})
	for _, path := range []string{"/_kmsconform/clock", "/_kmsconform/hold", "/_kmsconform/"} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := do(t, srv.Handler(), method, path, "", body(`{"Advance":60,"KeyId":"k","State":"Creating"}`))
			if r.status != 404 || r.errType != "UnknownOperationException" {
				t.Errorf("%s %s: status %d, __type %q, want 404 UnknownOperationException", method, path, r.status, r.errType)
			}
		}
	}
	if got := hooks.Now().Unix(); got != 1_700_000_000 || len(hooks.holds) != 0 {
		t.Errorf("a hook ran without the test clock: now %d, holds %q", got, hooks.holds)
	}
}
