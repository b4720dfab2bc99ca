package sigv4

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const vectorDir = "testdata/aws-sig-v4-test-suite"

// vectorServices names every committed vector and the service it is signed
// for; a file not listed here, or listed but missing, fails the test.
var vectorServices = map[string]string{
	"get-vanilla.sreq":                      "service",
	"get-vanilla-query-order-key-case.sreq": "service",
	"post-vanilla.sreq":                     "service",
	"post-x-www-form-urlencoded.sreq":       "service",
	"iam-list-users.sreq":                   "iam",
}

var vectorTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

func exampleLookup(id string) (Credential, bool) {
	if id != "AKIDEXAMPLE" {
		return Credential{}, false
	}
	return Credential{AccessKeyID: id, SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Account: "111122223333"}, true
}

// readVector parses a .sreq file: exactly one request, its body exactly
// Content-Length bytes, nothing after it.
func readVector(t *testing.T, name string) (*http.Request, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(bytes.NewReader(raw))
	r, err := http.ReadRequest(br)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("%s: body: %v", name, err)
	}
	if rest, _ := io.ReadAll(br); len(rest) != 0 {
		t.Fatalf("%s: %d bytes after the request", name, len(rest))
	}
	return r, body
}

func TestAWSVectors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(vectorDir, "*.sreq"))
	if err != nil {
		t.Fatal(err)
	}
	var names, want []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for name := range vectorServices {
		want = append(want, name)
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("%s holds %q, the test knows %q", vectorDir, names, want)
	}
	for _, name := range names {
		t.Run(vectorDir+"/"+name, func(t *testing.T) {
			v := &Verifier{Service: vectorServices[name], Lookup: exampleLookup, Now: func() time.Time { return vectorTime }}

			r, body := readVector(t, name)
			id, err := v.Verify(r, body)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if id != (Identity{AccessKeyID: "AKIDEXAMPLE", Region: "us-east-1", Account: "111122223333"}) {
				t.Fatalf("identity = %+v", id)
			}

			r, body = readVector(t, name)
			authz := r.Header.Get("Authorization")
			r.Header.Set("Authorization", changeLastDigit(authz))
			wantCode(t, "signature changed", v, r, body, CodeInvalidSignature)

			r, body = readVector(t, name)
			r.Header.Set("X-Amz-Date", "20150830T123601Z")
			wantCode(t, "X-Amz-Date changed", v, r, body, CodeInvalidSignature)

			if len(body) > 0 {
				r, body = readVector(t, name)
				body[0] ^= 0x20
				wantCode(t, "body changed", v, r, body, CodeInvalidSignature)
			}
		})
	}
}

func wantCode(t *testing.T, what string, v *Verifier, r *http.Request, body []byte, code string) *Error {
	t.Helper()
	id, err := v.Verify(r, body)
	if err == nil {
		t.Fatalf("%s: verified as %+v, want %s", what, id, code)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%s: error %T %v is not *Error", what, err, err)
	}
	if e.Code != code {
		t.Fatalf("%s: %s (%s), want %s", what, e.Code, e.Message, code)
	}
	if id != (Identity{}) {
		t.Fatalf("%s: identity %+v returned with an error", what, id)
	}
	if strings.Contains(e.Message, "wJalrXUtnFEMI") || strings.Contains(e.Message, "Signature=") {
		t.Fatalf("%s: message %q leaks the secret or the signature", what, e.Message)
	}
	return e
}

// changeLastDigit replaces the last hex digit of s with another one.
func changeLastDigit(s string) string {
	if s[len(s)-1] == '0' {
		return s[:len(s)-1] + "1"
	}
	return s[:len(s)-1] + "0"
}
