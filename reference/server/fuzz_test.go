package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"
)

// FuzzHandler sends any X-Amz-Target and any body to the real service (no
// SigV4, test clock on) and checks the protocol invariants: the answer is a
// success with a JSON object body, or an error with a JSON body naming its
// __type (and the same code in X-Amzn-ErrorType); never a panic, never a bare 5xx.
func FuzzHandler(f *testing.F) {
	corpus, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzHandler", "*"))
	if err != nil || len(corpus) == 0 {
		f.Fatalf("no committed seeds in testdata/fuzz/FuzzHandler (%v)", err)
	}
	seeds := []struct{ target, body string }{
		{"TrentService.CreateKey", `{"Origin":"EXTERNAL"}`},
		{"TrentService.CreateKey", `{"KeySpec":"BOGUS","KeyUsage":"BOGUS","Origin":"BOGUS"}`},
		{"TrentService.GetParametersForImport", `{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"}`},
		{"TrentService.ImportKeyMaterial", `{"KeyId":"k","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":1.5e9,"ExpirationModel":"KEY_MATERIAL_EXPIRES"}`},
		{"TrentService.ListKeyRotations", `{"KeyId":"k","Limit":0,"Marker":""}`},
		{"TrentService.TagResource", `{"KeyId":"k","Tags":[{"TagKey":""},null,{}]}`},
		{"TrentService.Encrypt", `{"KeyId":"k","Plaintext":"","EncryptionContext":{"a":"b"}}`},
		{"TrentService.Decrypt", `null`},
		{"TrentService.DescribeKey", `{"KeyId":{"x":[1,2,3]}}`},
		{"TrentService.Close", `{}`},
		{"", ``},
		{"TrentService.", `{`},
	}
	for _, s := range seeds {
		f.Add(s.target, []byte(s.body))
	}
	srv, err := New(Options{NoAuth: true, TestClock: true, ClockStart: time.Unix(1_700_000_000, 0)})
	if err != nil {
		f.Fatal(err)
	}
	// Not f.Context(): OSS-Fuzz's testing.F (go-118-fuzz-build) has no Context.
	f.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, target string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("X-Amz-Target", target)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if ct := rec.Header().Get("Content-Type"); ct != contentType {
			t.Errorf("Content-Type %q", ct)
		}
		out := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			var v map[string]any
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("200 with a body that is not a JSON object: %q", out)
			}
			return
		}
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(out, &e); err != nil || e.Type == "" {
			t.Fatalf("status %d with body %q: not a JSON error with __type", rec.Code, out)
		}
		if rec.Header().Get("X-Amzn-ErrorType") != e.Type {
			t.Errorf("X-Amzn-ErrorType %q, __type %q", rec.Header().Get("X-Amzn-ErrorType"), e.Type)
		}
		if rec.Code < 400 || rec.Code > 599 {
			t.Errorf("error %s with status %d", e.Type, rec.Code)
		}
		// ERRORS-010, ERRORS-012: only the three server faults are 5xx.
		if rec.Code >= 500 && e.Type != "KMSInternalException" && e.Type != "KeyUnavailableException" && e.Type != "DependencyTimeoutException" {
			t.Errorf("%s with status %d", e.Type, rec.Code)
		}
	})
}
