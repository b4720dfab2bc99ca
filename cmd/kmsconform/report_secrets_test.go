package main

// Issue 4: "No key material, plaintext, token or private key ever appears in a
// report: a test runs a suite whose materials are known and greps every report
// format for them."
//
// The suite makes its own materials, so the test learns them on the wire: a
// proxy between the steps and the reference hands out its own wrapping public
// key in every GetParametersForImport answer, unwraps each ImportKeyMaterial
// with the matching private key (so it holds the plaintext key material), wraps
// it again for the reference's real key and signs the request anew. It also
// keeps every import token, wrapped material, plaintext, data key pair private
// key and shared secret that crosses it, and the run's secret access key. Then
// the reports of that run, written as `kmsconform run` writes them, are grepped
// for each secret as raw text, hex and base64.

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/features"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reference/wrapping"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/steps"
	"github.com/kmsconform/kmsconform/target"
)

// secretFeatures are the features the test runs: every import path (each
// wrapping algorithm and key spec, every key spec's material, reimports) and
// the cryptographic operations that carry plaintexts and private keys. A
// feature listed with rule IDs runs only those rules: of wrap.feature's 191
// scenarios (more than half the cost of running it whole), mostly malformed
// blobs of the same materials, the rules that import symmetric, HMAC and ECC
// material under every spec and algorithm; wrapCoverage checks that the run
// still took every import path.
var secretFeatures = []featureSubset{
	{name: "import.feature"},
	{name: "material.feature"},
	{name: "reimport.feature"},
	{name: "use.feature"},
	{name: "wrap.feature", rules: []string{"WRAP-009", "WRAP-010", "WRAP-011"}},
}

// featureSubset is a feature file and the rules of it a run takes.
type featureSubset struct {
	name  string
	rules []string // empty: every rule
}

// onlyRules returns the feature text src with only the rules whose IDs are in
// keep, each with the tag lines above it; the text before the first rule stays.
func onlyRules(src []byte, keep []string) ([]byte, error) {
	var out, tags []string
	kept, seen := true, map[string]bool{}
	for _, line := range strings.SplitAfter(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "@"):
			tags = append(tags, line)
			continue
		case strings.HasPrefix(trimmed, "Rule:"):
			id, _, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(trimmed, "Rule:")), " ")
			kept = slices.Contains(keep, id)
			seen[id] = true
		}
		if kept {
			out = append(out, tags...)
			out = append(out, line)
		}
		tags = nil
	}
	for _, id := range keep {
		if !seen[id] {
			return nil, fmt.Errorf("no rule %s", id)
		}
	}
	return []byte(strings.Join(append(out, tags...), "")), nil
}

// wrapCoverage are the wrapping algorithms and specs under which the run must
// have shown the proxy key material: every import path the reports could
// describe.
var wrapCoverage = []string{
	string(wrapping.OAEPSHA1), string(wrapping.OAEPSHA256), string(wrapping.RSAAESKeyWrapSHA1), string(wrapping.RSAAESKeyWrapSHA256),
	string(wrapping.RSA2048), string(wrapping.RSA3072), string(wrapping.RSA4096),
}

// secretWindow is the length of the prefix a report is scanned for; a secret
// whose every form is shorter is not checked (none of the materials is).
const secretWindow = 16

// secretSet collects the secrets seen on the wire, by kind.
type secretSet struct {
	mu     sync.Mutex
	values map[string]string // raw bytes -> kind
}

func (s *secretSet) add(kind string, b []byte) {
	if len(b) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.values[string(b)]; !ok {
		s.values[string(b)] = kind
	}
}

func (s *secretSet) addB64(kind, v string) {
	if b, err := base64.StdEncoding.DecodeString(v); err == nil {
		s.add(kind, b)
	}
}

// forms are the spellings of b a report could carry it in.
func forms(b []byte) []string {
	f := []string{
		base64.StdEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b),
		hex.EncodeToString(b),
		strings.ToUpper(hex.EncodeToString(b)),
	}
	if utf8.Valid(b) {
		f = append(f, string(b))
	}
	return f
}

// searchable are the forms of raw a report is scanned for: those at least
// secretWindow long that are not text of the features themselves (a plaintext
// written in a step is the suite's own text, not the server's secret). A
// secret with none, such as the 1-byte material MATERIAL-001 imports to be
// refused, cannot be told apart from chance in a report and is not checked.
func searchable(raw []byte, featureText string) []string {
	var out []string
	for _, f := range forms(raw) {
		if len(f) >= secretWindow && !strings.Contains(featureText, f) {
			out = append(out, f)
		}
	}
	return out
}

// leak is one secret found in one report file.
type leak struct{ file, kind, form string }

// findLeaks greps the files for every searchable form of every secret and
// returns what it found and how many secrets it could check.
func findLeaks(t *testing.T, secrets map[string]string, files map[string][]byte, featureText string) ([]leak, int) {
	t.Helper()
	type want struct{ form, kind string }
	byPrefix := map[string][]want{}
	checked := 0
	for raw, kind := range secrets {
		fs := searchable([]byte(raw), featureText)
		for _, f := range fs {
			byPrefix[f[:secretWindow]] = append(byPrefix[f[:secretWindow]], want{f, kind})
		}
		if len(fs) > 0 {
			checked++
		}
	}
	var leaks []leak
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		// html/template writes "+" as "&#43;", so base64 in HTML (and any
		// entity in XML) is read as a browser or an XML parser would read it.
		texts := []string{string(files[name])}
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml") {
			texts = append(texts, html.UnescapeString(texts[0]))
		}
		seen := map[string]bool{}
		for _, data := range texts {
			for i := 0; i+secretWindow <= len(data); i++ {
				for _, w := range byPrefix[data[i:i+secretWindow]] {
					if !seen[w.form] && strings.HasPrefix(data[i:], w.form) {
						seen[w.form] = true
						leaks = append(leaks, leak{name, w.kind, w.form})
					}
				}
			}
		}
	}
	return leaks, checked
}

// importParams is what the proxy remembers of one GetParametersForImport answer.
type importParams struct {
	alg  wrapping.Algorithm
	real *rsa.PublicKey  // the reference's wrapping key
	mine *rsa.PrivateKey // the proxy's stand-in, of the same size
	spec wrapping.Spec
}

// materialProxy is the man in the middle described at the top of the file.
type materialProxy struct {
	next    http.Handler
	creds   aws.Credentials
	secrets *secretSet

	mu      sync.Mutex
	byToken map[string]*importParams // base64 ImportToken -> parameters
	byReal  map[string]*standIn      // base64 real public key -> its stand-in
	all     []*importParams
	errs    []error

	// fault makes the proxy corrupt the answers that carry secrets (see
	// corrupt); faults counts what it did, by fault class.
	fault    bool
	faults   map[string]int
	dataKeys map[string]bool // data keys handed out, whose Decrypt stays intact
}

// standIn is the proxy's key pair for one real wrapping key, generated once,
// outside materialProxy.mu: an RSA_4096 key takes seconds under -race on a
// loaded machine, and no other request should wait on it while holding the
// lock (each call is bounded by the suite's 30 s timeout).
type standIn struct {
	once sync.Once
	key  *rsa.PrivateKey
	err  error
}

func (p *materialProxy) fail(err error) {
	p.mu.Lock()
	p.errs = append(p.errs, err)
	p.mu.Unlock()
}

func (p *materialProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "TrentService.")
	var in map[string]any
	_ = json.Unmarshal(body, &in) // a malformed body is the scenario's point; forward it as is
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, k := range []string{"Plaintext", "ImportToken", "EncryptedKeyMaterial"} {
		p.secrets.addB64(strings.ToLower(k)+" sent to "+op, str(in, k))
	}
	var material []byte
	if op == "ImportKeyMaterial" {
		if nb, m, ok := p.rewrap(str(in, "ImportToken"), str(in, "EncryptedKeyMaterial"), body); ok {
			material = m
			body = nb
			if err := p.resign(r, body); err != nil {
				p.fail(fmt.Errorf("signing the rewrapped ImportKeyMaterial again: %w", err))
			}
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))

	rec := httptest.NewRecorder()
	p.next.ServeHTTP(rec, r)
	resp := rec.Body.Bytes()
	var out map[string]any
	if rec.Code == http.StatusOK && json.Unmarshal(resp, &out) == nil {
		for _, k := range []string{"Plaintext", "PrivateKeyPlaintext", "SharedSecret", "ImportToken"} {
			p.secrets.addB64(strings.ToLower(k)+" from "+op, str(out, k))
		}
		if op == "GetParametersForImport" {
			resp = p.swapPublicKey(in, out, resp)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if p.fault {
		resp = p.corrupt(op, in, material, rec.Code, w.Header(), resp)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(resp)
}

// swapPublicKey hands out the proxy's key in place of the reference's, the same
// stand-in for the same real key, so "same key pair or not" stays as it was.
func (p *materialProxy) swapPublicKey(in, out map[string]any, resp []byte) []byte {
	realB64, _ := out["PublicKey"].(string)
	token, _ := out["ImportToken"].(string)
	alg, _ := in["WrappingAlgorithm"].(string)
	der, err := base64.StdEncoding.DecodeString(realB64)
	if err != nil {
		p.fail(fmt.Errorf("GetParametersForImport PublicKey is not base64: %w", err))
		return resp
	}
	real, spec, err := wrapping.ParsePublicKey(der)
	if err != nil {
		return resp // an SM2 key or the like: not ours to stand in for
	}
	p.mu.Lock()
	si, ok := p.byReal[realB64]
	if !ok {
		si = &standIn{}
		p.byReal[realB64] = si
	}
	p.mu.Unlock()
	si.once.Do(func() { si.key, si.err = wrapping.GenerateKey(rand.Reader, spec) })
	if si.err != nil {
		p.fail(fmt.Errorf("generating a %s stand-in: %w", spec, si.err))
		return resp
	}
	mine := si.key
	ip := &importParams{alg: wrapping.Algorithm(alg), real: real, mine: mine, spec: spec}
	p.mu.Lock()
	p.byToken[token] = ip
	p.all = append(p.all, ip)
	p.mu.Unlock()
	mineDER, err := wrapping.MarshalPublicKey(&mine.PublicKey)
	if err != nil {
		p.fail(err)
		return resp
	}
	return bytes.Replace(resp, []byte(strconv.Quote(realB64)), []byte(strconv.Quote(base64.StdEncoding.EncodeToString(mineDER))), 1)
}

var wrapAlgorithms = []wrapping.Algorithm{wrapping.OAEPSHA256, wrapping.OAEPSHA1, wrapping.RSAAESKeyWrapSHA256, wrapping.RSAAESKeyWrapSHA1}

// rewrap unwraps blob with the stand-in key it was wrapped for (the token's
// first, then any, under any algorithm, since some scenarios mismatch them on
// purpose), keeps the material, and wraps it again for the matching real key
// and algorithm. A blob no stand-in opens is forwarded as it is.
func (p *materialProxy) rewrap(token, blobB64 string, body []byte) ([]byte, []byte, bool) {
	blob, err := base64.StdEncoding.DecodeString(blobB64)
	if err != nil || len(blob) == 0 {
		return nil, nil, false
	}
	p.mu.Lock()
	candidates := slices.Clone(p.all)
	first := p.byToken[token]
	p.mu.Unlock()
	if first != nil {
		candidates = append([]*importParams{first}, candidates...)
	}
	tried := map[*rsa.PrivateKey]bool{}
	for _, c := range candidates {
		if tried[c.mine] {
			continue
		}
		tried[c.mine] = true
		algs := append([]wrapping.Algorithm{c.alg}, wrapAlgorithms...)
		for _, alg := range algs {
			material, err := wrapping.Unwrap(c.mine, alg, blob)
			if err != nil {
				continue
			}
			p.secrets.add("key material ("+string(c.spec)+", "+string(alg)+")", material)
			again, err := wrapping.Wrap(rand.Reader, c.real, alg, material)
			if err != nil {
				p.fail(fmt.Errorf("wrapping the material again: %w", err))
				return nil, nil, false
			}
			p.secrets.add("encryptedkeymaterial sent to the reference", again)
			return bytes.Replace(body, []byte(strconv.Quote(blobB64)), []byte(strconv.Quote(base64.StdEncoding.EncodeToString(again))), 1), material, true
		}
	}
	return nil, nil, false
}

// resign signs r anew for body, as the client did: same Region, same time.
func (p *materialProxy) resign(r *http.Request, body []byte) error {
	auth := r.Header.Get("Authorization")
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return nil // an unsigned request stays unsigned
	}
	scope := strings.Split(strings.SplitN(cred, ",", 2)[0], "/")
	if len(scope) != 5 {
		return fmt.Errorf("credential scope %q", cred)
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return err
	}
	r.Header.Del("Authorization")
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))
	sum := sha256.Sum256(body)
	return v4.NewSigner().SignHTTP(r.Context(), p.creds, r, hex.EncodeToString(sum[:]), scope[3], scope[2], at)
}

// secretRun runs feats against the reference behind the proxy (corrupting
// answers when fault is set) and returns the run, the proxy with the secrets
// it saw, and the features' text.
func secretRun(t *testing.T, feats []featureSubset, fault bool) (*reports.Run, *materialProxy, string) {
	t.Helper()
	srv, err := server.New(server.Options{TestClock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	creds := aws.Credentials{AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey}
	secrets := &secretSet{values: map[string]string{}}
	secrets.add("secret access key", []byte(creds.SecretAccessKey))
	proxy := &materialProxy{next: srv.Handler(), creds: creds, secrets: secrets,
		byToken: map[string]*importParams{}, byReal: map[string]*standIn{},
		fault: fault, faults: map[string]int{}, dataKeys: map[string]bool{}}
	ts := httptest.NewServer(proxy)
	t.Cleanup(ts.Close)

	fsys := fstest.MapFS{}
	var text strings.Builder
	for _, f := range feats {
		b, err := fs.ReadFile(features.FS, f.name)
		if err == nil && len(f.rules) > 0 {
			b, err = onlyRules(b, f.rules)
		}
		if err != nil {
			t.Fatalf("feature %s: %v", f.name, err)
		}
		fsys[f.name] = &fstest.MapFile{Data: b}
		text.Write(b)
	}
	profile, err := target.Load("reference")
	if err != nil {
		t.Fatal(err)
	}
	run, err := steps.Run(context.Background(), steps.Options{
		Profile:     profile,
		Features:    fsys,
		Endpoint:    ts.URL,
		Region:      profile.Region,
		Credentials: credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, ""),
		Seed:        1,
		Version:     "secrets-test",
	})
	if err != nil {
		t.Fatal(err)
	}
	// A call the client gave up on (its timeout) leaves the proxy's handler
	// running; Close waits for every handler, so what the proxy collected is
	// complete and no longer written when the test reads it.
	ts.Close()
	proxy.mu.Lock()
	defer proxy.mu.Unlock()
	for _, err := range proxy.errs {
		t.Errorf("proxy: %v", err)
	}
	return run, proxy, text.String()
}

// reportFiles writes every report format of run (and results.json) as
// `kmsconform run` does, and reads them back.
func reportFiles(t *testing.T, run *reports.Run) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := reports.WriteAll(dir, run, reports.FormatNames()); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	if want := len(reports.FormatNames()) + 1; len(files) != want {
		t.Fatalf("WriteAll wrote %d files, want %d (every format and %s)", len(files), want, reports.ResultsFile)
	}
	return files
}

func TestReportsCarryNoSecrets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs five features (some rules of wrap.feature) against the reference (about 10 s; 25 s and more under -race)")
	}
	run, proxy, featureText := secretRun(t, secretFeatures, false)
	secrets := proxy.secrets.values
	kinds := map[string]int{}
	for _, k := range secrets {
		kinds[strings.SplitN(k, " (", 2)[0]]++
	}
	t.Logf("%d scenarios (%d failed); %d secrets seen: %v", run.Totals().Total(), run.Totals().Count(reports.Failed), len(secrets), kinds)
	// The test is only as good as what it saw: it must have learned key
	// materials (symmetric, asymmetric, HMAC), tokens and plaintexts.
	// (A value is counted under the first kind it was seen as: a plaintext
	// sent to Encrypt is not counted again when Decrypt returns it.)
	for k, least := range map[string]int{"key material": 100, "importtoken from GetParametersForImport": 100,
		"plaintext sent to Encrypt": 1, "plaintext from GenerateDataKey": 1, "privatekeyplaintext from GenerateDataKeyPair": 1} {
		if kinds[k] < least {
			t.Errorf("the run showed the proxy %d secrets of kind %q, want at least %d", kinds[k], k, least)
		}
	}
	// Every import path the reports could describe was taken.
	for _, w := range wrapCoverage {
		seen := false
		for _, k := range secrets {
			if strings.HasPrefix(k, "key material (") && (strings.Contains(k, "("+w+",") || strings.Contains(k, ", "+w+")")) {
				seen = true
				break
			}
		}
		if !seen {
			t.Errorf("the run showed the proxy no key material imported with %s", w)
		}
	}
	// A run in which imports failed would have exercised little.
	if n := run.Totals().Count(reports.Passed); n < run.Totals().Total()*9/10 {
		t.Errorf("only %d of %d scenarios passed through the proxy", n, run.Totals().Total())
	}
	files := reportFiles(t, run)
	leaks, checked := findLeaks(t, secrets, files, featureText)
	t.Logf("checked %d secrets in %d files", checked, len(files))
	for _, l := range leaks {
		t.Errorf("%s carries a %s (as %.24s…)", l.file, l.kind, l.form)
	}

	// Steps that fail quote the server: a run whose answers are corrupted.
	t.Run("faults", faultRun)

	// The check can fail: the same run with secrets planted where a careless
	// step would put them is caught in every format.
	t.Run("planted", func(t *testing.T) {
		material := plantable(secrets, "key material", featureText)
		token := plantable(secrets, "importtoken", featureText)
		if material == nil || token == nil {
			t.Fatalf("no checkable key material (%v) or import token (%v) to plant", material != nil, token != nil)
		}
		rule := &run.Features[0].Rules[0]
		s := &rule.Scenarios[0]
		s.Verdict = reports.Failed
		s.Steps[0].Status = "failed"
		s.Steps[0].Error = "expected the material " + hex.EncodeToString(material) + ", got token " + base64.StdEncoding.EncodeToString(token)
		leaks, _ := findLeaks(t, map[string]string{string(material): "material", string(token): "token"}, reportFiles(t, run), featureText)
		found := map[string]map[string]bool{}
		for _, l := range leaks {
			if found[l.file] == nil {
				found[l.file] = map[string]bool{}
			}
			found[l.file][l.kind] = true
		}
		for _, f := range append(formatFiles(), reports.ResultsFile) {
			if !found[f]["material"] || !found[f]["token"] {
				t.Errorf("%s: planted secrets found %v, want both material and token", f, found[f])
			}
		}
	})
}

// plantable returns the smallest secret of a kind starting with kind that
// findLeaks can check, or nil. Picking by map order once planted the 1-byte
// material of MATERIAL-001 (2 of the run's ~340 materials), which no report
// can be checked for, and the planted check failed in every format.
func plantable(secrets map[string]string, kind, featureText string) []byte {
	var best []byte
	for raw, k := range secrets {
		b := []byte(raw)
		if !strings.HasPrefix(k, kind) || len(searchable(b, featureText)) == 0 {
			continue
		}
		if best == nil || len(b) < len(best) || (len(b) == len(best) && bytes.Compare(b, best) < 0) {
			best = b
		}
	}
	return best
}

// formatFiles names the file of each report format.
func formatFiles() []string {
	return []string{"report.html", "report.md", "junit.xml", "cucumber.json"}
}

// faultFeatures are the rules the fault run takes: each makes a step compare
// or check an answer the proxy corrupts (faultClasses), and USE-001 and
// IMPORT-004 make calls that carry a plaintext, a token and a wrapped material
// and are refused, whose error answers the proxy turns into echoes.
var faultFeatures = []featureSubset{
	{name: "use.feature", rules: []string{"USE-001", "USE-002", "USE-008", "USE-012"}},
	{name: "material.feature", rules: []string{"MATERIAL-009"}},
	{name: "import.feature", rules: []string{"IMPORT-004"}},
	{name: "rotate.feature", rules: []string{"ROTATE-024"}},
}

// faultClasses are the proxy's faults (the keys of materialProxy.faults) and a
// text each must put into at least one failed step's message, so that every
// fault is known to have made a step fail and write its message.
var faultClasses = []struct{ fault, message string }{
	{"Decrypt Plaintext", "returned a different plaintext"},
	{"GenerateDataKey Plaintext", "returned a different data key"},
	{"GenerateMac Mac", "differ from the RFC 2104"},
	{"DeriveSharedSecret SharedSecret", "differ from the local ECDH"},
	{"GetPublicKey PublicKey", "PublicKey that differs"},
	{"echo", "EchoException"},
}

// corruptedMember is the member of a successful answer the fault run corrupts,
// by operation.
var corruptedMember = map[string]string{
	"Decrypt": "Plaintext", "GenerateDataKey": "Plaintext", "GenerateMac": "Mac",
	"DeriveSharedSecret": "SharedSecret", "GetPublicKey": "PublicKey",
}

// corrupt is the fault run's server: it flips the last byte of the secret a
// successful answer carries (corruptedMember), so the step comparing it fails,
// and answers every refused call that carried a secret with an error of its own
// code whose message echoes that secret (the token, wrapped material and
// plaintext sent, and the key material the proxy unwrapped), so the step
// expecting the real code fails quoting the message.
func (p *materialProxy) corrupt(op string, in map[string]any, material []byte, code int, h http.Header, resp []byte) []byte {
	var out map[string]any
	if json.Unmarshal(resp, &out) != nil {
		return resp
	}
	if code == http.StatusOK {
		member := corruptedMember[op]
		v, _ := out[member].(string)
		b, err := base64.StdEncoding.DecodeString(v)
		if member == "" || err != nil || len(b) == 0 {
			return resp
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case op == "GenerateDataKey":
			p.dataKeys[string(b)] = true
		case op == "Decrypt" && (p.dataKeys[string(b)] || in["KeyId"] == nil):
			// Only Decrypt with a KeyId (USE-002 has both kinds), so that
			// ROTATE-024's first Decrypt passes and its data key check shows
			// the GenerateDataKey fault alone.
			return resp
		}
		b[len(b)-1] ^= 1
		p.secrets.add("corrupted "+strings.ToLower(member)+" from "+op, b)
		p.faults[op+" "+member]++
		out[member] = base64.StdEncoding.EncodeToString(b)
		nb, err := json.Marshal(out)
		if err != nil {
			p.errs = append(p.errs, fmt.Errorf("corrupting %s: %w", op, err))
			return resp
		}
		return nb
	}
	if typ, _ := out["__type"].(string); code/100 != 4 || typ == "" {
		return resp
	}
	var echo []string
	for _, k := range []string{"ImportToken", "EncryptedKeyMaterial", "Plaintext"} {
		v, _ := in[k].(string)
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(b) == 0 {
			continue
		}
		echo = append(echo, k+" "+v, k+" in hex "+hex.EncodeToString(b))
		if k == "Plaintext" && utf8.Valid(b) {
			echo = append(echo, k+" as text "+string(b))
		}
	}
	if len(material) > 0 {
		echo = append(echo, "key material "+hex.EncodeToString(material), "key material in base64 "+base64.StdEncoding.EncodeToString(material))
	}
	if len(echo) == 0 {
		return resp
	}
	nb, err := json.Marshal(map[string]string{"__type": "EchoException", "message": "you sent " + strings.Join(echo, "; ")})
	if err != nil {
		p.fail(fmt.Errorf("echoing %s: %w", op, err))
		return resp
	}
	h.Set("X-Amzn-Errortype", "EchoException") // the SDK reads the code from this header first
	p.mu.Lock()
	p.faults["echo"]++
	p.mu.Unlock()
	return nb
}

// faultRun is the fault mode of TestReportsCarryNoSecrets: the steps that fail
// write what the server answered into the reports, and no secret may be in it.
func faultRun(t *testing.T) {
	run, proxy, featureText := secretRun(t, faultFeatures, true)
	var messages []string
	failed := 0
	for _, f := range run.Features {
		for _, r := range f.Rules {
			for _, s := range r.Scenarios {
				if s.Verdict == reports.Failed {
					failed++
				}
				for _, st := range s.Steps {
					if st.Status == "failed" && st.Error != "" {
						messages = append(messages, st.Error)
					}
				}
			}
		}
	}
	t.Logf("%d scenarios (%d failed, %d failed step messages); faults %v", run.Totals().Total(), failed, len(messages), proxy.faults)
	// Not vacuous: every fault was made and made a step fail with a message.
	if failed < len(faultClasses) {
		t.Errorf("%d scenarios failed, want at least %d (one per fault)", failed, len(faultClasses))
	}
	for _, fc := range faultClasses {
		if proxy.faults[fc.fault] == 0 {
			t.Errorf("the proxy never made the fault %q", fc.fault)
		}
		if !slices.ContainsFunc(messages, func(m string) bool { return strings.Contains(m, fc.message) }) {
			t.Errorf("no failed step says %q (fault %q)", fc.message, fc.fault)
		}
	}
	// The echoes carried secrets, and the steps quoted the echoes with them
	// removed.
	if !slices.ContainsFunc(messages, func(m string) bool {
		return strings.Contains(m, "EchoException") && strings.Contains(m, "[secret redacted]")
	}) {
		t.Errorf("no failed step quotes an echo with its secrets redacted")
	}
	files := reportFiles(t, run)
	leaks, checked := findLeaks(t, proxy.secrets.values, files, featureText)
	t.Logf("checked %d secrets in %d files", checked, len(files))
	for _, l := range leaks {
		t.Errorf("%s carries a %s (as %.24s…)", l.file, l.kind, l.form)
	}
}
