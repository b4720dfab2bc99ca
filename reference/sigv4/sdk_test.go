package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go"
)

const (
	testAK      = "AKIAIOSFODNN7EXAMPLE"
	testSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	testAccount = "111122223333"
	testBody    = `{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"}`
)

// wallNow is the verifier's clock in these tests; signing times are set
// relative to it, so nothing depends on the real time.
var wallNow = time.Date(2026, 5, 4, 10, 30, 0, 0, time.UTC)

// loopback is an HTTP server whose handler runs Verify on each request and
// hands the outcome back to the test.
type loopback struct {
	srv *httptest.Server
	mu  sync.Mutex
	v   *Verifier
	id  Identity
	err error
}

func newLoopback(t *testing.T) *loopback {
	lb := &loopback{}
	lb.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		lb.mu.Lock()
		lb.id, lb.err = lb.v.Verify(r, body)
		id, err := lb.id, lb.err
		lb.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		var e *Error
		if errors.As(err, &e) {
			w.Header().Set("X-Amzn-ErrorType", e.Code)
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"__type": e.Code, "message": e.Message})
			return
		}
		io.WriteString(w, `{"Keys":[{"KeyId":"`+id.Region+`","KeyArn":"arn:aws:kms:`+id.Region+`:`+id.Account+`:key/x"}],"Truncated":false}`)
	}))
	t.Cleanup(lb.srv.Close)
	return lb
}

func (lb *loopback) send(t *testing.T, v *Verifier, req *http.Request) (Identity, error) {
	t.Helper()
	lb.mu.Lock()
	lb.v, lb.id, lb.err = v, Identity{}, nil
	lb.mu.Unlock()
	resp, err := lb.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.id, lb.err
}

func testVerifier(cred Credential) *Verifier {
	return &Verifier{
		Service: "kms",
		Lookup: func(id string) (Credential, bool) {
			return cred, id == cred.AccessKeyID
		},
		Now: func() time.Time { return wallNow },
	}
}

var testCred = Credential{AccessKeyID: testAK, SecretAccessKey: testSecret, Account: testAccount}

// kmsRequest is what the KMS client sends: POST /, AWS JSON 1.1, X-Amz-Target.
func kmsRequest(t *testing.T, url, body string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "TrentService.GetParametersForImport")
	return req
}

type signing struct {
	creds   aws.Credentials
	service string
	region  string
	at      time.Time
}

func defaultSigning() signing {
	return signing{
		creds:   aws.Credentials{AccessKeyID: testAK, SecretAccessKey: testSecret},
		service: "kms",
		region:  "us-east-1",
		at:      wallNow.Add(-3 * time.Second),
	}
}

func sign(t *testing.T, req *http.Request, body string, s signing) {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), s.creds, req, hex.EncodeToString(sum[:]), s.service, s.region, s.at); err != nil {
		t.Fatal(err)
	}
}

func setBody(req *http.Request, body string) {
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
}

func editAuthorization(t *testing.T, req *http.Request, old, new string) {
	a := req.Header.Get("Authorization")
	if !strings.Contains(a, old) {
		t.Fatalf("Authorization %q lacks %q", a, old)
	}
	req.Header.Set("Authorization", strings.Replace(a, old, new, 1))
}

func TestTamperedRequests(t *testing.T) {
	lb := newLoopback(t)
	withToken := testCred
	withToken.SessionToken = "session-token-of-the-reference"
	tests := []struct {
		name    string
		signing func(*signing)                  // before signing
		before  func(*http.Request)             // before signing, on the request
		after   func(*testing.T, *http.Request) // after signing
		cred    Credential                      // the verifier's credential; testCred when empty
		verif   func(*Verifier)                 // adjusts the verifier
		code    string                          // "" for success
		msg     string                          // a substring of the message, when it matters
		check   func(*testing.T, Identity)      // for successes
	}{
		{name: "genuine", check: func(t *testing.T, id Identity) {
			if id != (Identity{AccessKeyID: testAK, Region: "us-east-1", Account: testAccount}) {
				t.Fatalf("identity = %+v", id)
			}
		}},
		{name: "other region scope is returned", signing: func(s *signing) { s.region = "eu-central-1" }, check: func(t *testing.T, id Identity) {
			if id.Region != "eu-central-1" {
				t.Fatalf("region = %q", id.Region)
			}
		}},
		{name: "signed 14 min in the past", signing: func(s *signing) { s.at = wallNow.Add(-14 * time.Minute) }},
		{name: "signed 14 min in the future", signing: func(s *signing) { s.at = wallNow.Add(14 * time.Minute) }},
		{name: "signed exactly 15 min in the past", signing: func(s *signing) { s.at = wallNow.Add(-15 * time.Minute) }},
		{name: "unsigned header added after signing", after: func(_ *testing.T, r *http.Request) { r.Header.Set("X-Forwarded-For", "192.0.2.1") }},
		{name: "session token signed, reference knows none", signing: func(s *signing) { s.creds.SessionToken = "any-token" }},
		{name: "session token signed and matching", signing: func(s *signing) { s.creds.SessionToken = withToken.SessionToken }, cred: withToken},
		{name: "X-Amz-Content-Sha256 signed and matching", before: func(r *http.Request) {
			sum := sha256.Sum256([]byte(testBody))
			r.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
		}},

		{name: "body changed", after: func(_ *testing.T, r *http.Request) { setBody(r, strings.Replace(testBody, "RSA_2048", "RSA_4096", 1)) }, code: CodeInvalidSignature, msg: "does not match the signature"},
		{name: "body truncated", after: func(_ *testing.T, r *http.Request) { setBody(r, testBody[:len(testBody)-1]) }, code: CodeInvalidSignature},
		{name: "X-Amz-Target changed", after: func(_ *testing.T, r *http.Request) { r.Header.Set("X-Amz-Target", "TrentService.ImportKeyMaterial") }, code: CodeInvalidSignature},
		{name: "Content-Type changed", after: func(_ *testing.T, r *http.Request) { r.Header.Set("Content-Type", "application/json") }, code: CodeInvalidSignature},
		{name: "signed header removed", after: func(_ *testing.T, r *http.Request) { r.Header.Del("X-Amz-Target") }, code: CodeInvalidSignature},
		{name: "Host changed", after: func(_ *testing.T, r *http.Request) { r.Host = "kms.us-east-1.amazonaws.com" }, code: CodeInvalidSignature},
		{name: "query added", after: func(_ *testing.T, r *http.Request) { r.URL.RawQuery = "a=b" }, code: CodeInvalidSignature},
		{name: "path changed", after: func(_ *testing.T, r *http.Request) { r.URL.Path = "/x" }, code: CodeInvalidSignature},
		{name: "method changed", after: func(_ *testing.T, r *http.Request) { r.Method = http.MethodPut }, code: CodeInvalidSignature},
		{name: "wrong secret", signing: func(s *signing) { s.creds.SecretAccessKey = "not-the-secret" }, code: CodeInvalidSignature},
		{name: "signature altered", after: func(_ *testing.T, r *http.Request) {
			r.Header.Set("Authorization", changeLastDigit(r.Header.Get("Authorization")))
		}, code: CodeInvalidSignature},
		{name: "wrong service", signing: func(s *signing) { s.service = "s3" }, code: CodeInvalidSignature, msg: "Credential should be scoped to correct service: 'kms'."},
		{name: "invalid region", signing: func(s *signing) { s.region = "US_EAST_1" }, code: CodeInvalidSignature, msg: "valid region"},
		{name: "signed 16 min in the past", signing: func(s *signing) { s.at = wallNow.Add(-16 * time.Minute) }, code: CodeInvalidSignature,
			msg: "Signature expired: 20260504T101400Z is now earlier than 20260504T101500Z (20260504T103000Z - 15 min.)"},
		{name: "signed 16 min in the future", signing: func(s *signing) { s.at = wallNow.Add(16 * time.Minute) }, code: CodeInvalidSignature,
			msg: "Signature not yet current: 20260504T104600Z is still later than 20260504T104500Z (20260504T103000Z + 15 min.)"},
		{name: "MaxSkew 1 min, signed 2 min ago", signing: func(s *signing) { s.at = wallNow.Add(-2 * time.Minute) }, verif: func(v *Verifier) { v.MaxSkew = time.Minute },
			code: CodeInvalidSignature, msg: "(20260504T103000Z - 1 min.)"},
		{name: "X-Amz-Date changed by a second", after: func(_ *testing.T, r *http.Request) {
			d, _ := time.Parse(amzDateLayout, r.Header.Get("X-Amz-Date"))
			r.Header.Set("X-Amz-Date", d.Add(time.Second).Format(amzDateLayout))
		}, code: CodeInvalidSignature, msg: "does not match the signature"},
		{name: "X-Amz-Date on another day than the scope", signing: func(s *signing) { s.at = time.Date(2026, 5, 4, 0, 0, 1, 0, time.UTC) },
			verif: func(v *Verifier) { v.Now = func() time.Time { return time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC) } },
			after: func(_ *testing.T, r *http.Request) { r.Header.Set("X-Amz-Date", "20260503T235959Z") },
			code:  CodeInvalidSignature, msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260504' != '20260503', from '20260503T235959Z'."},
		{name: "X-Amz-Date missing", after: func(_ *testing.T, r *http.Request) { r.Header.Del("X-Amz-Date") }, code: CodeIncompleteSignature},
		{name: "X-Amz-Date not ISO 8601 basic", after: func(_ *testing.T, r *http.Request) { r.Header.Set("X-Amz-Date", "2026-05-04T10:29:57Z") }, code: CodeIncompleteSignature},
		{name: "X-Amz-Date twice", after: func(_ *testing.T, r *http.Request) { r.Header.Add("X-Amz-Date", r.Header.Get("X-Amz-Date")) }, code: CodeIncompleteSignature},
		{name: "Authorization missing", after: func(_ *testing.T, r *http.Request) { r.Header.Del("Authorization") }, code: CodeMissingAuthenticationToken, msg: "Missing Authentication Token"},
		{name: "Authorization garbage", after: func(_ *testing.T, r *http.Request) {
			r.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")
		}, code: CodeIncompleteSignature},
		{name: "Authorization twice", after: func(_ *testing.T, r *http.Request) { r.Header.Add("Authorization", r.Header.Get("Authorization")) }, code: CodeIncompleteSignature},
		{name: "Authorization without Signature", after: func(_ *testing.T, r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ", Signature=")])
		}, code: CodeIncompleteSignature, msg: "Authorization header requires 'Signature' parameter."},
		{name: "host not signed", after: func(_ *testing.T, r *http.Request) {
			editAuthorization(t, r, "SignedHeaders=content-length;content-type;host;", "SignedHeaders=content-length;content-type;")
		},
			code: CodeInvalidSignature, msg: "'Host'"},
		{name: "x-amz-date not signed", after: func(_ *testing.T, r *http.Request) { editAuthorization(t, r, ";x-amz-date;", ";") },
			code: CodeInvalidSignature, msg: "'X-Amz-Date' must be a 'SignedHeader'"},
		{name: "unknown access key", signing: func(s *signing) { s.creds.AccessKeyID = "AKIAI44QH8DHBEXAMPLE" }, code: CodeUnrecognizedClient,
			msg: "The security token included in the request is invalid."},
		{name: "session token of the reference missing", cred: withToken, code: CodeUnrecognizedClient},
		{name: "session token of the reference wrong", signing: func(s *signing) { s.creds.SessionToken = "another-token" }, cred: withToken, code: CodeUnrecognizedClient},
		{name: "session token added unsigned", after: func(_ *testing.T, r *http.Request) { r.Header.Set("X-Amz-Security-Token", "any-token") },
			code: CodeInvalidSignature, msg: "'X-Amz-Security-Token' must be a 'SignedHeader'"},
		{name: "X-Amz-Content-Sha256 not matching", before: func(r *http.Request) {
			r.Header.Set("X-Amz-Content-Sha256", strings.Repeat("0", 64))
		}, code: CodeInvalidSignature, msg: "x-amz-content-sha256"},
		{name: "X-Amz-Content-Sha256 UNSIGNED-PAYLOAD", before: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD") },
			code: CodeInvalidSignature, msg: "x-amz-content-sha256"},
		{name: "no Lookup", verif: func(v *Verifier) { v.Lookup = nil }, code: CodeUnrecognizedClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaultSigning()
			if tt.signing != nil {
				tt.signing(&s)
			}
			req := kmsRequest(t, lb.srv.URL, testBody)
			if tt.before != nil {
				tt.before(req)
			}
			sign(t, req, testBody, s)
			if tt.after != nil {
				tt.after(t, req)
			}
			cred := tt.cred
			if cred == (Credential{}) {
				cred = testCred
			}
			v := testVerifier(cred)
			if tt.verif != nil {
				tt.verif(v)
			}
			id, err := lb.send(t, v, req)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if id.AccessKeyID != s.creds.AccessKeyID || id.Account != testAccount {
					t.Fatalf("identity = %+v", id)
				}
				if tt.check != nil {
					tt.check(t, id)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Verify = %+v, %v; want %s", id, err, tt.code)
			}
			if e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("got %s %q, want %s containing %q", e.Code, e.Message, tt.code, tt.msg)
			}
			if id != (Identity{}) {
				t.Fatalf("identity %+v returned with an error", id)
			}
			if strings.Contains(e.Message, testSecret) || strings.Contains(e.Message, "token-of-the-reference") ||
				strings.Contains(e.Message, "another-token") || strings.Contains(e.Message, "any-token") {
				t.Fatalf("message %q leaks a secret or a session token", e.Message)
			}
		})
	}
}

// TestCanonicalFormsMatchTheSDK sends requests whose canonical form is not
// trivial (odd paths, queries, repeated and spaced headers) signed by
// aws-sdk-go-v2: the verifier must compute the same canonical request.
func TestCanonicalFormsMatchTheSDK(t *testing.T) {
	lb := newLoopback(t)
	tests := []struct {
		name string
		edit func(*http.Request)
	}{
		{"query sorted by name then value", func(r *http.Request) { r.URL.RawQuery = "b=2&a=3&a=1&A=0&a-b=x" }},
		{"query needing encoding", func(r *http.Request) { r.URL.RawQuery = "k%20ey=v%2Fa+l&e~m._-=%E2%82%AC&empty=&noeq" }},
		{"path needing encoding", func(r *http.Request) { r.URL.Path = "/a b/c:d/é" }},
		{"path with encoded slash", func(r *http.Request) { r.URL.Path, r.URL.RawPath = "/a/b%2Fc", "/a/b%2Fc" }},
		{"header with inner and outer spaces", func(r *http.Request) { r.Header.Set("X-Amz-Meta-Note", "  a   b  c ") }},
		{"repeated header", func(r *http.Request) {
			r.Header.Add("X-Amz-Meta-List", "one")
			r.Header.Add("X-Amz-Meta-List", " two  too ")
		}},
		{"empty body", func(r *http.Request) { setBody(r, "") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := kmsRequest(t, lb.srv.URL, testBody)
			tt.edit(req)
			body := testBody
			if req.ContentLength == 0 {
				body = ""
			}
			sign(t, req, body, defaultSigning())
			if _, err := lb.send(t, testVerifier(testCred), req); err != nil {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

// TestKMSClient drives the real KMS client of aws-sdk-go-v2 against the
// loopback server: its requests verify, and each SigV4 error code reaches it
// as the API error code.
func TestKMSClient(t *testing.T) {
	lb := newLoopback(t)
	client := func(ak, secret, token string) *kms.Client {
		return kms.New(kms.Options{
			Region:           "eu-west-2",
			BaseEndpoint:     aws.String(lb.srv.URL),
			Credentials:      credentials.NewStaticCredentialsProvider(ak, secret, token),
			HTTPClient:       lb.srv.Client(),
			RetryMaxAttempts: 1,
		})
	}
	// The client signs with the real time, so this verifier uses it too.
	realTime := func(cred Credential) *Verifier { v := testVerifier(cred); v.Now = time.Now; return v }

	tests := []struct {
		name   string
		ak     string
		secret string
		token  string
		v      *Verifier
		code   string
	}{
		{"genuine", testAK, testSecret, "", realTime(testCred), ""},
		{"genuine with session token", testAK, testSecret, "tok", realTime(testCred), ""},
		{"wrong secret", testAK, "wrong", "", realTime(testCred), CodeInvalidSignature},
		{"unknown key", "AKIAUNKNOWN0000000000", testSecret, "", realTime(testCred), CodeUnrecognizedClient},
		{"clock far behind the client", testAK, testSecret, "", func() *Verifier {
			v := testVerifier(testCred)
			v.Now = func() time.Time { return time.Now().Add(-time.Hour) }
			return v
		}(), CodeInvalidSignature},
		{"verifier for another service", testAK, testSecret, "", func() *Verifier { v := realTime(testCred); v.Service = "kms-fips"; return v }(), CodeInvalidSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb.mu.Lock()
			lb.v = tt.v
			lb.mu.Unlock()
			_, err := client(tt.ak, tt.secret, tt.token).ListKeys(context.Background(), &kms.ListKeysInput{})
			lb.mu.Lock()
			id, verr := lb.id, lb.err
			lb.mu.Unlock()
			if tt.code == "" {
				if err != nil || verr != nil {
					t.Fatalf("ListKeys: %v (verifier: %v)", err, verr)
				}
				if id != (Identity{AccessKeyID: testAK, Region: "eu-west-2", Account: testAccount}) {
					t.Fatalf("identity = %+v", id)
				}
				return
			}
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != tt.code {
				t.Fatalf("ListKeys: %v, want API error %s", err, tt.code)
			}
		})
	}
}

func TestErrorInterface(t *testing.T) {
	var err error = &Error{Code: CodeInvalidSignature, Message: "m"}
	// The two methods reference/server reads, as it does from kms.Error.
	var coded interface {
		ErrorCode() string
		ErrorMessage() string
	}
	if !errors.As(err, &coded) || coded.ErrorCode() != CodeInvalidSignature || coded.ErrorMessage() != "m" {
		t.Fatalf("*Error does not carry its code and message: %v", err)
	}
	if err.Error() != "sigv4: InvalidSignatureException: m" {
		t.Fatalf("Error() = %q", err.Error())
	}
}
