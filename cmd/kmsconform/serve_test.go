package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// serveLockedBuffer collects output written from another goroutine.
type serveLockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveLockedBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveLockedBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveStart runs `kmsconform serve args...` until the returned stop is called;
// it returns the banner line, and stop returns the exit code and all output.
func serveStart(t *testing.T, args ...string) (banner string, stop func() (int, string, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	stderr := &serveLockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- dispatch(ctx, append([]string{"serve"}, args...), pw, stderr)
		pw.Close()
	}()
	rd := bufio.NewReader(pr)
	banner, err := rd.ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no banner (%v); stderr: %s", err, stderr.String())
	}
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(rd)
		rest <- string(b)
	}()
	return banner, func() (int, string, string) {
		cancel()
		c := <-code
		return c, banner + <-rest, stderr.String()
	}
}

// TestServePrintsEndpoint starts the command on a free port, talks to the
// endpoint it printed, and checks it exits 0 when its context ends.
func TestServePrintsEndpoint(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	banner, stop := serveStart(t, "--addr", "127.0.0.1:0", "--test-clock", "--region", "eu-west-2", "--account-id", "444455556666")
	const prefix = "kmsconform reference KMS listening on http://127.0.0.1:"
	if !strings.HasPrefix(banner, prefix) || !strings.HasSuffix(banner, " (region eu-west-2, account 444455556666, SigV4 on, test clock on)\n") {
		t.Fatalf("banner %q", banner)
	}
	url := strings.Fields(strings.TrimPrefix(banner, "kmsconform reference KMS listening on "))[0]
	resp, err := http.Get(url + "/_kmsconform/clock")
	if err != nil {
		t.Fatalf("GET clock hook: %v", err)
	}
	var now map[string]float64
	err = json.NewDecoder(resp.Body).Decode(&now)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || now["Now"] == 0 {
		t.Errorf("clock hook: status %d, %v, %v", resp.StatusCode, now, err)
	}
	code, out, stderr := stop()
	if code != 0 {
		t.Errorf("exit %d after cancel, want 0; stderr: %s", code, stderr)
	}
	for _, want := range []string{"credentials: access key AKIAIOSFODNN7EXAMPLE from the built-in default pair", "test hooks (unsigned)", "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+stderr, "wJalrXUtnFEMI") {
		t.Errorf("the secret was printed:\n%s%s", out, stderr)
	}
	if !strings.Contains(stderr, "msg=request") || !strings.Contains(stderr, "op=hook") {
		t.Errorf("no access log line on stderr: %s", stderr)
	}
}

// TestServeCredentials checks which credentials the banner names, never the secret.
func TestServeCredentials(t *testing.T) {
	tests := []struct {
		name     string
		env      [2]string
		args     []string
		want     string
		dontWant string
	}{
		{"flags", [2]string{"AKIDENV", "env-secret-value"}, []string{"--access-key", "AKIDFLAG", "--secret-key", "flag-secret-value"}, "access key AKIDFLAG from --access-key/--secret-key", "flag-secret-value"},
		{"environment", [2]string{"AKIDENV", "env-secret-value"}, nil, "access key AKIDENV from the environment", "env-secret-value"},
		{"no auth", [2]string{"", ""}, []string{"--no-auth"}, "SigV4 off, test clock off)", "credentials:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", tc.env[0])
			t.Setenv("AWS_SECRET_ACCESS_KEY", tc.env[1])
			_, stop := serveStart(t, append([]string{"--addr", "127.0.0.1:0"}, tc.args...)...)
			code, out, stderr := stop()
			if code != 0 {
				t.Fatalf("exit %d; stderr: %s", code, stderr)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if strings.Contains(out+stderr, tc.dontWant) {
				t.Errorf("output holds %q:\n%s%s", tc.dontWant, out, stderr)
			}
		})
	}
}

// TestServeBadFlags checks that a bad flag value exits 2 with the flag named.
func TestServeBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  [2]string
		want string
	}{
		{"region pattern", []string{"--region", "US-EAST-1"}, [2]string{}, "--region"},
		{"region empty", []string{"--region", ""}, [2]string{}, "--region"},
		{"account short", []string{"--account-id", "12345"}, [2]string{}, "--account-id"},
		{"account letters", []string{"--account-id", "11112222333a"}, [2]string{}, "--account-id"},
		{"addr without port", []string{"--addr", "localhost"}, [2]string{}, "--addr"},
		{"addr port too big", []string{"--addr", "127.0.0.1:70000"}, [2]string{}, "--addr"},
		{"addr port not a number", []string{"--addr", "127.0.0.1:http"}, [2]string{}, "--addr"},
		{"access key alone", []string{"--access-key", "AK"}, [2]string{}, "--secret-key"},
		{"secret key alone", []string{"--secret-key", "SK"}, [2]string{}, "--access-key"},
		{"half the environment", nil, [2]string{"AKIDENV", ""}, "AWS_SECRET_ACCESS_KEY"},
		{"unknown flag", []string{"--port", "4566"}, [2]string{}, "-port"},
		{"bool flag with a value", []string{"--test-clock=maybe"}, [2]string{}, "test-clock"},
		{"positional argument", []string{"now"}, [2]string{}, `"now"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", tc.env[0])
			t.Setenv("AWS_SECRET_ACCESS_KEY", tc.env[1])
			var stdout, stderr bytes.Buffer
			code := dispatch(t.Context(), append([]string{"serve"}, tc.args...), &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "usage: kmsconform serve") {
				t.Errorf("stderr lacks %q or the usage:\n%s", tc.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

// TestServeAddressInUse checks that a port that cannot be bound exits 1.
func TestServeAddressInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var stdout, stderr bytes.Buffer
	code := dispatch(t.Context(), []string{"serve", "--no-auth", "--addr", l.Addr().String()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "listen on "+l.Addr().String()) {
		t.Errorf("exit %d, stderr %q; want 1 and the address named", code, stderr.String())
	}
}
