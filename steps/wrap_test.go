package steps

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/target"
)

// wrapFeatures are the feature files of the WRAP and MATERIAL sections.
func wrapFeatures(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"wrap.feature", "material.feature"} {
		b, err := os.ReadFile(filepath.Join("..", "features", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// runWrap runs fsys against a fresh reference, through fault when it is not
// nil (a middleware between the suite and the reference).
func runWrap(t *testing.T, fsys fstest.MapFS, tags string, fault func(http.Handler) http.Handler) *reports.Run {
	t.Helper()
	srv, err := server.Listen("127.0.0.1:0", server.Options{
		AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey,
		TestClock: true, ClockStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	endpoint := srv.URL()
	if fault != nil {
		proxy := httptest.NewServer(fault(wrapForwardTo(t, srv.URL())))
		defer proxy.Close()
		endpoint = proxy.URL
	}
	profile, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	run, err := Run(context.Background(), Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    endpoint,
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Tags:        tags,
		Strict:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// wrapForwardTo relays requests to the reference unchanged, the Host header
// included (the SigV4 signature covers it).
func wrapForwardTo(t *testing.T, base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), r.Method, base+r.URL.RequestURI(), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		req.Header = r.Header.Clone()
		req.Host = r.Host
		req.ContentLength = r.ContentLength
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	})
}

// wrapVerdicts maps "RULE-ID scenario" to the verdict and the first error.
func wrapVerdicts(run *reports.Run) map[string]string {
	out := map[string]string{}
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				text := string(s.Verdict)
				if s.Reason != "" {
					text += " (" + s.Reason + ")"
				}
				for _, st := range s.Steps {
					if st.Error != "" {
						text += ": " + st.Error
						break
					}
				}
				out[r.ID+" "+s.Name] = text
			}
		}
	}
	return out
}

// TestWrapAndMaterialAgainstReference runs every WRAP and MATERIAL scenario
// against the reference: all pass but the @sm2 ones (and, on a machine
// without openssl, the @openssl ones), which are skipped.
func TestWrapAndMaterialAgainstReference(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two features against the reference")
	}
	v := wrapVerdicts(runWrap(t, wrapFeatures(t), "", nil))
	var passed, skipped int
	for name, verdict := range v {
		switch {
		case verdict == string(reports.Passed):
			passed++
		case strings.HasPrefix(verdict, string(reports.Skipped)) && strings.Contains(verdict, "@sm2"):
			skipped++
		default:
			t.Errorf("%s: %s", name, verdict)
		}
	}
	t.Logf("%d scenarios: %d passed, %d skipped (@sm2)", len(v), passed, skipped)
	if passed < 250 {
		t.Errorf("%d scenarios passed, want at least 250", passed)
	}
}

// wrapFaultPaddingOracle is a server with a padding oracle: it answers
// IncorrectKeyMaterialException instead of InvalidCiphertextException when the
// blob is of modulus length (the padding, not the length, was wrong).
func wrapFaultPaddingOracle(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if r.Header.Get("X-Amz-Target") != "TrentService.ImportKeyMaterial" {
			next.ServeHTTP(w, r)
			return
		}
		var in struct{ EncryptedKeyMaterial string }
		_ = json.Unmarshal(body, &in)
		blob, _ := base64.StdEncoding.DecodeString(in.EncryptedKeyMaterial)
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if rec.Code == http.StatusBadRequest && strings.Contains(rec.Body.String(), "InvalidCiphertextException") && len(blob) == 256 {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"__type":"IncorrectKeyMaterialException","message":"bad padding"}`)
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// wrapFaultAcceptAnyImport is a server that answers every ImportKeyMaterial with
// success without importing anything.
func wrapFaultAcceptAnyImport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "TrentService.ImportKeyMaterial" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			_, _ = io.WriteString(w, `{}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestWrapScenariosCanFail runs the features against faulty servers and
// against broken expectations, and requires the named scenarios to fail.
func TestWrapScenariosCanFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the features several times")
	}
	type expect struct{ scenario, text string }
	faults := []struct {
		name  string
		fault func(http.Handler) http.Handler
		fail  []expect
	}{
		{"padding oracle", wrapFaultPaddingOracle, []expect{
			{"WRAP-004 No padding oracle: every malformed RSAES_OAEP_SHA_256 blob gets the same code and the key is unchanged", `"label hash with one bit flipped": expected InvalidCiphertextException`},
			{"WRAP-004 RSAES_OAEP_SHA_256: label hash with one bit flipped", "expected InvalidCiphertextException"},
			{"WRAP-004 RSA_AES_KEY_WRAP_SHA_256: no KWP part (RSA part only)", "expected InvalidCiphertextException"},
			{"WRAP-001 An RSAES_OAEP_SHA_1 block with MGF1 with SHA-256 instead of SHA-1 is refused", "expected InvalidCiphertextException"},
		}},
		{"accepts any import", wrapFaultAcceptAnyImport, []expect{
			{"WRAP-004 RSAES_OAEP_SHA_256: one byte short", "expected InvalidCiphertextException"},
			{"WRAP-005 Parameters for RSAES_OAEP_SHA_256, material wrapped with RSAES_OAEP_SHA_1", "expected InvalidCiphertextException"},
			{"WRAP-006 RSAES_OAEP_SHA_256 material wrapped under the RSA_3072 key, imported with the RSA_2048 token", "expected InvalidCiphertextException or InvalidImportTokenException"},
			{"WRAP-009 Symmetric material with RSAES_OAEP_SHA_1 under RSA_2048", "is PendingImport, expected Enabled"},
			{"MATERIAL-001 31 bytes are refused", "expected IncorrectKeyMaterialException or ValidationException"},
			{"MATERIAL-003 129 bytes for HMAC_384 are refused", "expected IncorrectKeyMaterialException"},
			{"MATERIAL-005 A three-prime RSA_2048 key is refused", "expected IncorrectKeyMaterialException"},
			{"MATERIAL-006 A ECC_NIST_P521 key with explicit curve parameters is refused", "expected IncorrectKeyMaterialException"},
			{"MATERIAL-009 GetPublicKey of an imported ECC_NIST_P384 key is the public half of the material", "GetPublicKey of \"K\": operation error"},
			{"WRAP-008 ECC_NIST_P521 material with RSA_AES_KEY_WRAP_SHA_1 under RSA_2048 imports", "GetPublicKey of"},
		}},
	}
	all := wrapFeatures(t)
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			var ids []string
			for _, e := range f.fail {
				ids = append(ids, strings.Fields(e.scenario)[0])
			}
			fsys := fstest.MapFS{}
			for name, file := range all {
				fsys[name] = &fstest.MapFile{Data: []byte(wrapOnlyRules(string(file.Data), ids))}
			}
			v := wrapVerdicts(runWrap(t, fsys, "", f.fault))
			for _, e := range f.fail {
				got, ok := v[e.scenario]
				if !ok {
					t.Errorf("no scenario %q; have %q", e.scenario, slices.Sorted(wrapMapKeys(v)))
					continue
				}
				if !strings.HasPrefix(got, string(reports.Failed)) || !strings.Contains(got, e.text) {
					t.Errorf("%s ended %q, want failed with %q", e.scenario, got, e.text)
				}
			}
		})
	}
}

// wrapRuleStart finds where each Rule block begins, its tag line included.
var wrapRuleStart = regexp.MustCompile(`(?m)^(?:  @[^\n]*\n)?  Rule: ([A-Z]+-\d{3})`)

// wrapBigKeyRow is an Examples row that names an RSA_4096 wrapping key,
// whose generation dominates a run against a fresh reference.
var wrapBigKeyRow = regexp.MustCompile(`(?m)^ +\|.*\bRSA_4096\b.*\|\n`)

// wrapOnlyRules keeps the feature header and the Rule blocks of ids, without the
// Examples rows that need RSA_4096, so that a fault run does not pay for
// scenarios it does not look at.
func wrapOnlyRules(src string, ids []string) string {
	src = wrapBigKeyRow.ReplaceAllString(src, "")
	locs := wrapRuleStart.FindAllStringSubmatchIndex(src, -1)
	if len(locs) == 0 {
		return src
	}
	out := src[:locs[0][0]]
	for i, loc := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if slices.Contains(ids, src[loc[2]:loc[3]]) {
			out += src[loc[0]:end]
		}
	}
	return out
}

func wrapMapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestEveryMalformedBlob checks the two assertions over all malformed blobs
// on made-up answers: one code for all passes, two codes or a success fail.
func TestEveryMalformedBlob(t *testing.T) {
	answer := func(code string) *Result {
		if code == "" {
			return &Result{Op: "ImportKeyMaterial"}
		}
		return &Result{Op: "ImportKeyMaterial", Err: &smithy.GenericAPIError{Code: code, Message: "m"}}
	}
	tests := []struct {
		name           string
		codes          []string
		refused, equal bool
	}{
		{"one code", []string{"InvalidCiphertextException", "InvalidCiphertextException"}, true, true},
		{"an oracle", []string{"InvalidCiphertextException", "IncorrectKeyMaterialException"}, false, false},
		{"the same wrong code", []string{"ValidationException", "ValidationException"}, false, true},
		{"one success", []string{"InvalidCiphertextException", ""}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := &wrapSteps{}
			for i, c := range tt.codes {
				ws.each = append(ws.each, blobResult{name: fmt.Sprint("blob ", i), res: answer(c)})
			}
			if err := ws.everyRefusedWith(context.Background(), "InvalidCiphertextException"); (err == nil) != tt.refused {
				t.Errorf("every refused with InvalidCiphertextException: %v, want pass %v", err, tt.refused)
			}
			if err := ws.everySameCode(context.Background()); (err == nil) != tt.equal {
				t.Errorf("every same code: %v, want pass %v", err, tt.equal)
			}
			if !ws.checked {
				t.Error("the answers are not marked checked")
			}
		})
	}
	if err := (&wrapSteps{}).everySameCode(context.Background()); err == nil {
		t.Error("no imports passed the check")
	}
}
