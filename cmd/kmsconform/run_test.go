package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reports"
)

func runDispatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return dispatchCommand(t, append([]string{"run"}, args...)...)
}

func TestRunUsageErrors(t *testing.T) {
	checkUsageErrors(t, "run", []usageCase{
		{"endpoint not a URL", []string{"--endpoint", "localhost:4566"}, "--endpoint: "},
		{"concurrency zero", []string{"--concurrency", "0"}, "--concurrency 0: run at least 1 scenario at a time"},
		{"timeout zero", []string{"--timeout", "0s"}, "--timeout 0s: give a positive duration"},
		{"consistency window negative", []string{"--consistency-window", "-5s"}, "--consistency-window \"-5s\": give a duration of 0s or more"},
		{"consistency window not a duration", []string{"--consistency-window", "soon"}, "--consistency-window \"soon\""},
		{"unknown format", []string{"--format", "pdf"}, "--format: "},
		{"unknown profile", []string{"--profile", "nosuch"}, "--profile: "},
		{"unknown flag", []string{"--nosuch"}, "-nosuch"},
		{"argument", []string{"extra"}, "unexpected argument \"extra\""},
	})
}

// TestRunExitCodes runs one small slice of the suite (the @hmac scenarios of
// the MAC rules) through the CLI: against the embedded reference it exits 0,
// against a server that answers garbage it exits 1 within the timeout and
// still writes its results, each failure saying what the server did.
func TestRunExitCodes(t *testing.T) {
	const tags = "@hmac && ~@asymmetric && ~@clock && ~@multiple-key-materials"
	t.Run("reference", func(t *testing.T) {
		out := t.TempDir()
		code, stdout, stderr := runDispatch(t, "--tags", tags, "--out", out, "--format", "md", "--seed", "1")
		if code != 0 {
			t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		r, err := reports.Load(out)
		if err != nil {
			t.Fatal(err)
		}
		if n := r.Totals().Count(reports.Passed); n == 0 {
			t.Fatalf("no scenario passed:\n%s", stdout)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("<html>not KMS</html>"))
		}))
		defer garbage.Close()
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
		t.Setenv("AWS_CONFIG_FILE", os.DevNull)
		t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
		out := t.TempDir()
		code, stdout, stderr := runDispatch(t, "--endpoint", garbage.URL, "--profile", "reference", "--tags", tags,
			"--out", out, "--format", "md,junit", "--timeout", "5s", "--seed", "1")
		if code != 1 {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		r, err := reports.Load(out)
		if err != nil {
			t.Fatalf("no results after a failed run: %v", err)
		}
		if r.Totals().Count(reports.Failed) == 0 || r.Totals().Count(reports.Passed) != 0 {
			t.Errorf("totals %v, want every scenario failed", r.Totals())
		}
		if !strings.Contains(stdout, "server answered HTTP 200 with a body that is not JSON") {
			t.Errorf("the failures do not say what the server did:\n%s", stdout)
		}
		for _, f := range []string{"results.json", "report.md", "junit.xml"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%s not written: %v", f, err)
			}
		}
	})
}
