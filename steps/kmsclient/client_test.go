package kmsclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

var testCreds = credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")

// fault is a server behaviour and what the client must make of it.
type fault struct {
	name     string
	handler  func(w http.ResponseWriter, r *http.Request)
	wantCode string // AWS code; "" for a ServerError
	wantWhat string // substring of the ServerError's text
	attempts int32  // requests the server must see
}

func answer(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

func TestFaults(t *testing.T) {
	release := make(chan struct{}) // frees the hanging handler before the server closes
	faults := []fault{
		{"not-found", answer(400, `{"__type":"NotFoundException","message":"Key 'x' does not exist"}`), "NotFoundException", "", 1},
		{"namespaced-type", answer(400, `{"__type":"com.amazonaws.kms#KMSInvalidStateException"}`), "KMSInvalidStateException", "", 1},
		{"validation-not-retried", answer(400, `{"__type":"ValidationException"}`), "ValidationException", "", 1},
		{"throttled-retried", answer(400, `{"__type":"ThrottlingException"}`), "ThrottlingException", "", 2},
		{"500-empty", answer(500, ``), "", "server answered HTTP 500 with an empty body", 2},
		{"500-html", answer(500, `<html>oops</html>`), "", `server answered HTTP 500 with a body that is not JSON: "<html>oops</html>"`, 2},
		{"200-html", answer(200, `<html>oops</html>`), "", `server answered HTTP 200 with a body that is not JSON`, 1},
		{"400-no-type", answer(400, `{}`), "", `server answered HTTP 400 with a JSON body that names no error (no __type): "{}"`, 1},
		{"internal-retried", answer(500, `{"__type":"KMSInternalException"}`), "KMSInternalException", "", 2},
		{"hang", func(w http.ResponseWriter, r *http.Request) { <-release }, "", "the server gave no answer within 200ms", 1},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				f.handler(w, r)
			}))
			defer srv.Close()
			if f.name == "hang" {
				defer close(release)
			}
			timeout := 10 * time.Second // room for the jittered backoff of a retry
			if f.name == "hang" {
				timeout = 200 * time.Millisecond
			}
			c, err := New(Config{Endpoint: srv.URL, Region: "us-east-1", Credentials: testCreds, Timeout: timeout, MaxAttempts: 2})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.KMS.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String("x")})
			if err == nil {
				t.Fatal("DescribeKey succeeded")
			}
			if got := ErrorCode(err); got != f.wantCode {
				t.Errorf("ErrorCode = %q, want %q (err: %v)", got, f.wantCode, err)
			}
			var se *ServerError
			if f.wantWhat != "" {
				if !errors.As(err, &se) || !strings.Contains(se.Error(), f.wantWhat) || se.Operation != "DescribeKey" {
					t.Errorf("err = %v, want a DescribeKey ServerError containing %q", err, f.wantWhat)
				}
			} else if errors.As(err, &se) {
				t.Errorf("err = %v, want an AWS error", err)
			}
			if got := n.Load(); got != f.attempts {
				t.Errorf("server saw %d requests, want %d", got, f.attempts)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, _ := New(Config{Endpoint: url, Region: "us-east-1", Credentials: testCreds, Timeout: time.Second})
	_, err := c.KMS.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String("x")})
	var se *ServerError
	if !errors.As(err, &se) || !strings.Contains(se.What, "no HTTP answer: dial tcp") {
		t.Fatalf("err = %v, want a ServerError about the refused connection", err)
	}
}

func TestRaw(t *testing.T) {
	var got *http.Request
	var gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b := make([]byte, 100)
		n, _ := r.Body.Read(b)
		gotBody = string(b[:n])
		answer(400, `{"__type":"com.amazon.coral.service#SerializationException:http://x","message":"m"}`)(w, r)
	}))
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, Region: "eu-west-1", Credentials: testCreds})
	resp, err := c.Raw(context.Background(), "GetParametersForImport", []byte(`{"KeyId":"k"}`))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 400 || resp.ErrorType() != "SerializationException" {
		t.Errorf("Raw = HTTP %d %q, want 400 SerializationException", resp.Status, resp.ErrorType())
	}
	if got.Header.Get("X-Amz-Target") != "TrentService.GetParametersForImport" || got.Header.Get("Content-Type") != "application/x-amz-json-1.1" {
		t.Errorf("headers = %v", got.Header)
	}
	if auth := got.Header.Get("Authorization"); !strings.Contains(auth, "Credential=AKIDTEST/") || !strings.Contains(auth, "/eu-west-1/kms/aws4_request") {
		t.Errorf("Authorization = %q, want a SigV4 signature for kms in eu-west-1", auth)
	}
	if gotBody != `{"KeyId":"k"}` {
		t.Errorf("body = %q", gotBody)
	}
}

func TestErrorType(t *testing.T) {
	tests := []struct {
		name   string
		header string
		body   string
		want   string
	}{
		{"bare", "", `{"__type":"NotFoundException"}`, "NotFoundException"},
		{"namespace", "", `{"__type":"com.amazonaws.kms#NotFoundException"}`, "NotFoundException"},
		{"header-wins", "DisabledException", `{"__type":"NotFoundException"}`, "DisabledException"},
		{"code-member", "", `{"code":"ValidationException"}`, "ValidationException"},
		{"none", "", `{}`, ""},
		{"not-json", "", `oops`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &RawResponse{Header: http.Header{}, Body: []byte(tt.body)}
			if tt.header != "" {
				r.Header.Set("X-Amzn-ErrorType", tt.header)
			}
			if got := r.ErrorType(); got != tt.want {
				t.Errorf("ErrorType = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHooks(t *testing.T) {
	mux := http.NewServeMux()
	now := 1_700_000_000.5
	mux.HandleFunc("GET /_kmsconform/clock", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Now": 1700000000.5}`))
	})
	mux.HandleFunc("POST /_kmsconform/clock", func(w http.ResponseWriter, r *http.Request) {
		now += 86400
		w.Write([]byte(`{"Now": 1700086400.5}`))
	})
	mux.HandleFunc("POST /_kmsconform/hold", func(w http.ResponseWriter, r *http.Request) {})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, Region: "us-east-1", Credentials: testCreds})
	ctx := context.Background()
	if got, err := c.Now(ctx); err != nil || !got.Equal(time.Unix(1700000000, 5e8)) {
		t.Errorf("Now = %v, %v", got, err)
	}
	if got, err := c.Advance(ctx, 24*time.Hour); err != nil || !got.Equal(time.Unix(1700086400, 5e8)) {
		t.Errorf("Advance = %v, %v", got, err)
	}
	if err := c.Hold(ctx, "us-east-1", "k", "Updating"); err != nil {
		t.Errorf("Hold = %v", err)
	}

	plain := httptest.NewServer(http.HandlerFunc(answer(404, `{"__type":"UnknownOperationException"}`)))
	defer plain.Close()
	c2, _ := New(Config{Endpoint: plain.URL, Region: "us-east-1", Credentials: testCreds})
	if _, err := c2.Advance(ctx, time.Hour); !errors.Is(err, ErrNoHooks) {
		t.Errorf("Advance against a server without hooks = %v, want ErrNoHooks", err)
	}
}

func TestEventually(t *testing.T) {
	ctx := context.Background()
	calls := 0
	err := Eventually(ctx, time.Second, 0, func(context.Context) (bool, error) { calls++; return false, errors.New("still Creating") })
	if err == nil || err.Error() != "still Creating" || calls != 1 {
		t.Errorf("interval 0: err %v after %d calls, want the check's error after 1 call", err, calls)
	}
	calls = 0
	err = Eventually(ctx, 5*time.Second, time.Millisecond, func(context.Context) (bool, error) { calls++; return calls == 3, nil })
	if err != nil || calls != 3 {
		t.Errorf("polling: err %v after %d calls, want nil after 3", err, calls)
	}
	err = Eventually(ctx, 20*time.Millisecond, time.Millisecond, func(context.Context) (bool, error) { return false, errors.New("still Creating") })
	if err == nil || !strings.Contains(err.Error(), "after polling for 20ms: still Creating") {
		t.Errorf("timeout: err %v", err)
	}
	stop := errors.New("NotFoundException")
	err = Eventually(ctx, time.Second, time.Millisecond, func(context.Context) (bool, error) { return true, stop })
	if !errors.Is(err, stop) {
		t.Errorf("done with error: err %v", err)
	}
}
