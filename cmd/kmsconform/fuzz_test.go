package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reference/server"
)

func fuzzDispatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return dispatchCommand(t, append([]string{"fuzz"}, args...)...)
}

func TestFuzzUsageErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	checkUsageErrors(t, "fuzz", []usageCase{
		{"steps zero", []string{"--steps", "0"}, "--steps 0 is out of range; use a number from 1"},
		{"steps not a number", []string{"--steps", "many"}, "-steps"},
		{"seed negative", []string{"--seed", "-1"}, "-seed"},
		{"checks zero", []string{"--checks", "0"}, "--checks 0 is out of range"},
		{"shrink time zero", []string{"--shrink-time", "0s"}, "--shrink-time 0s must be positive"},
		{"endpoint not a URL", []string{"--endpoint", "localhost:4566", "--profile", "reference"}, "--endpoint: endpoint \"localhost:4566\" is not an http:// or https:// URL"},
		{"endpoint without profile", []string{"--endpoint", "http://127.0.0.1:4566"}, "--endpoint needs --profile NAME|PATH"},
		{"unknown profile", []string{"--profile", "nosuch"}, "--profile nosuch: target: unknown profile"},
		{"out is a file", []string{"--out", file}, "is a file; name a directory"},
		{"argument", []string{"extra"}, "unexpected argument \"extra\""},
	})
}

func TestFuzzPassesAgainstEmbeddedReference(t *testing.T) {
	code, stdout, stderr := fuzzDispatch(t, "--steps", "120", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"embedded reference, test clock on", "seed 3: 120 actions sent", "GetParametersForImport success", "PASS"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// fuzzTokenFault answers success where the reference refuses an import token
// (IMPORT-004 broken), as a server that does not bind tokens to keys.
type fuzzTokenFault struct{ next http.Handler }

func (f fuzzTokenFault) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, r)
	if r.Header.Get("X-Amz-Target") == "TrentService.ImportKeyMaterial" && strings.Contains(rec.Body.String(), "InvalidImportTokenException") {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{}`)
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func TestFuzzReportsAShrunkScenario(t *testing.T) {
	srv, err := server.New(server.Options{TestClock: true, NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	ts := httptest.NewServer(fuzzTokenFault{srv.Handler()})
	t.Cleanup(ts.Close)
	// Credentials for the SDK's chain; the server does not check them.
	t.Setenv("AWS_ACCESS_KEY_ID", server.DefaultAccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", server.DefaultSecretAccessKey)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	out := filepath.Join(t.TempDir(), "findings")

	// Short runs and a seed that finds the fault within 20 checks; the shrink
	// bound is out of reach, so that convergence, not the machine's speed,
	// decides the scenario printed (about 570 replays).
	code, stdout, stderr := fuzzDispatch(t, "--endpoint", ts.URL, "--profile", "reference", "--steps", "8", "--checks", "20", "--seed", "2", "--shrink-time", "1h", "--out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	t.Logf("stdout:\n%s", stdout)
	for _, want := range []string{"FAIL: the target differs from the model (replay: kmsconform fuzz --seed ", "shrunk to 4 actions", "Scenario: model-based run", "Then it fails with InvalidImportTokenException", "# the target answered success"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	files, _ := filepath.Glob(filepath.Join(out, "fuzz-seed-*.feature"))
	if len(files) != 1 {
		t.Fatalf("--out holds %v, want one fuzz-seed-*.feature", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "Feature: kmsconform fuzz finding\n") || !strings.Contains(string(b), "  Scenario: model-based run") {
		t.Errorf("the feature file is not a feature with the scenario:\n%s", b)
	}
}
