package fuzz

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
	"github.com/kmsconform/kmsconform/target"
)

func referenceProfile(t *testing.T) *target.Profile {
	t.Helper()
	p, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newClient(t *testing.T, endpoint string) *kmsclient.Client {
	t.Helper()
	return newClientWith(t, endpoint, nil)
}

func newClientWith(t *testing.T, endpoint string, hc *http.Client) *kmsclient.Client {
	t.Helper()
	c, err := kmsclient.New(kmsclient.Config{
		HTTPClient:  hc,
		Endpoint:    endpoint,
		Region:      server.DefaultRegion,
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Timeout:     20 * time.Second,
		MaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestModelReference: the reference answers as the model predicts, over SigV4
// and HTTP with its test clock.
func TestModelReference(t *testing.T) {
	s, err := server.Listen("127.0.0.1:0", server.Options{TestClock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	res, err := Model(t.Context(), Options{Client: newClient(t, s.URL()), Profile: referenceProfile(t), Steps: 150, Checks: 2, Seed: 20261205})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failure != nil {
		t.Fatalf("the reference differs from the model:\n%s", res.Failure.Gherkin())
	}
	if res.Actions < 50 || res.Keys == 0 {
		t.Fatalf("the run did too little: %d actions, %d keys", res.Actions, res.Keys)
	}
	t.Logf("%d actions, %d keys: %v", res.Actions, res.Keys, res.Answers)
	for _, want := range []string{"ImportKeyMaterial success", "ImportKeyMaterial InvalidImportTokenException", "Decrypt success"} {
		if res.Answers[want] == 0 {
			t.Errorf("the run never saw %q", want)
		}
	}
}

// wrongKeyImports is a test fault in front of the reference: ImportKeyMaterial
// with the token of another key imports into the token's key and answers
// success, as a server that does not bind tokens to keys would (IMPORT-004).
type wrongKeyImports struct {
	next   http.Handler
	mu     sync.Mutex
	tokens map[string]string // base64 ImportToken -> KeyId (ARN)
}

func (f *wrongKeyImports) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "TrentService.")
	if op != "GetParametersForImport" && op != "ImportKeyMaterial" {
		f.next.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	rec := f.forward(r, body)
	var req map[string]any
	_ = json.Unmarshal(body, &req)
	if op == "ImportKeyMaterial" && rec.Code == http.StatusBadRequest && strings.Contains(rec.Body.String(), "InvalidImportTokenException") {
		tok, _ := req["ImportToken"].(string)
		f.mu.Lock()
		owner := f.tokens[tok]
		f.mu.Unlock()
		if asked, _ := req["KeyId"].(string); owner != "" && owner != asked {
			// The fault: import into the key the token is for instead.
			req["KeyId"] = owner
			b, _ := json.Marshal(req)
			if again := f.forward(r, b); again.Code == http.StatusOK {
				rec = httptest.NewRecorder()
				rec.Header().Set("Content-Type", "application/x-amz-json-1.1")
				rec.WriteHeader(http.StatusOK)
				_, _ = rec.Body.WriteString(`{"KeyId":` + strconvQuote(asked) + `}`)
			}
		}
	}
	if op == "GetParametersForImport" && rec.Code == http.StatusOK {
		var resp map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &resp)
		tok, _ := resp["ImportToken"].(string)
		arn, _ := resp["KeyId"].(string)
		f.mu.Lock()
		f.tokens[tok] = arn
		f.mu.Unlock()
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (f *wrongKeyImports) forward(r *http.Request, body []byte) *httptest.ResponseRecorder {
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, r2)
	return rec
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestModelFindsWrongKeyImport: behind the fault the run must fail, and rapid
// must shrink it to the few actions that show it. The test does not depend on
// the machine's speed: the seed finds the fault in the twentieth check or
// sooner, the shrink bound is out of reach so that only convergence ends
// shrinking, and the replays it takes are counted, not timed (rapid replays
// the same sequences for the same seed).
func TestModelFindsWrongKeyImport(t *testing.T) {
	s, err := server.New(server.Options{TestClock: true, NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	ts := httptest.NewServer(&wrongKeyImports{next: s.Handler(), tokens: map[string]string{}})
	t.Cleanup(ts.Close)
	// Short runs: the fault needs two keys, parameters for one and an import
	// into the other, and a short failing run has little to shrink away.
	res, err := Model(t.Context(), Options{Client: newClient(t, ts.URL), Profile: referenceProfile(t), Steps: 8, Checks: 20, Seed: 3, ShrinkTime: time.Hour,
		WrappingKeySpecs: []types.WrappingKeySpec{types.WrappingKeySpecRsa2048}})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Failure
	if f == nil {
		t.Fatalf("the fault went unnoticed in %d actions", res.Actions)
	}
	g := f.Gherkin()
	t.Logf("%d runs, %d actions; shrunk scenario:\n%s", res.Runs, res.Actions, g)
	if n := len(f.Actions); n > 5 {
		t.Errorf("shrunk to %d actions, want at most 5 (create two keys, parameters for one, import into the other)", n)
	}
	last := f.Actions[len(f.Actions)-1]
	if last.Operation != "ImportKeyMaterial" || last.Got != "" || !strings.Contains(g, "InvalidImportTokenException") {
		t.Errorf("the mismatch is %s answering %q, want ImportKeyMaterial answering success where InvalidImportTokenException was due", last.Operation, last.Got)
	}
	// 429 runs when written; thousands mean a draw that shrinks slowly again
	// (a scrambled 64-bit action draw took 3,000 to 7,000).
	if res.Runs > 1500 {
		t.Errorf("finding and shrinking took %d runs, want at most 1500", res.Runs)
	}
}
