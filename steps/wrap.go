package steps

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/reference/wrapping"
	"github.com/kmsconform/kmsconform/reference/wrapping/badwrap"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
)

// Wrapping algorithms and wrapping key specs: catalogue section WRAP of
// rules.md, after
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html.
// Material is wrapped with the suite's own code (reference/wrapping), with the
// documented OpenSSL commands (@openssl), or deliberately wrong
// (reference/wrapping/badwrap), and always sent through ImportKeyMaterial
// under the target's real public key.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		ws := &wrapSteps{w: w}
		sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
			ws.each, ws.checked = nil, false
			return ctx, nil
		})
		sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
			if err == nil && len(ws.each) > 0 && !ws.checked {
				return ctx, errors.New("the malformed blobs were imported and no step checked the answers")
			}
			return ctx, nil
		})
		const imp = `^I import "([^"]+)" into "([^"]+)" `
		sc.Step(re(imp+`wrapped with ([A-Z0-9_]+)(?: under the parameters "([^"]+)")?$`), ws.importWrappedWith)
		sc.Step(re(imp+`wrapped under the public key of "([^"]+)" with the token of "([^"]+)"$`), ws.importUnderOtherKey)
		sc.Step(re(imp+`wrapped by the documented OpenSSL commands(?: with the parameters "([^"]+)")?$`), ws.importOpenSSL)
		sc.Step(re(imp+`as the malformed blob "([^"]+)"$`), ws.importMalformed)
		sc.Step(re(imp+`as each malformed blob in turn$`), ws.importEachMalformed)
		sc.Step(re(`^every malformed blob is refused with (`+codeList+`)$`), ws.everyRefusedWith)
		sc.Step(re(`^every malformed blob gets the same error code$`), ws.everySameCode)
		sc.Step(re(`^it fails with (`+codeList+`), or else importing "([^"]+)" into "([^"]+)" cut to fit one OAEP block is refused with (`+codeList+`)$`), ws.paramsOrCutRefused)
		sc.Step(re(`^if the parameters "([^"]+)" were issued, importing "([^"]+)" into "([^"]+)" with them succeeds or fails with (`+codeList+`)$`), ws.importIfIssued)
		sc.Step(re(`^"([^"]+)" has the same CurrentKeyMaterialId as noted$`), ws.sameMaterialID)
	})
}

// wrapSteps is the per-scenario state of the WRAP steps.
type wrapSteps struct {
	w       *World
	each    []blobResult // answers to "as each malformed blob in turn"
	checked bool
}

// blobResult is the answer to one malformed blob.
type blobResult struct {
	name string
	res  *Result
}

// importBlob sends blob with the token of p to ImportKeyMaterial and records the answer.
func (ws *wrapSteps) importBlob(ctx context.Context, key string, p *Params, blob []byte) (*Result, error) {
	k, err := ws.w.Key(key)
	if err != nil {
		return nil, err
	}
	c, err := ws.w.KMS(k)
	if err != nil {
		return nil, err
	}
	_, err = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{
		KeyId: aws.String(k.ID), ImportToken: p.Out.ImportToken, EncryptedKeyMaterial: blob,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
	})
	ws.w.Changed(key)
	return &Result{Op: "ImportKeyMaterial", Err: err}, nil
}

// params returns the named parameter set, by default the key's.
func (ws *wrapSteps) params(key, name string) (*Params, error) {
	if name == "" {
		name = key
	}
	return ws.w.ParamsOf(name)
}

// importWrappedWith wraps with alg, whatever algorithm the parameters were
// issued for (WRAP-005), and imports with their token.
func (ws *wrapSteps) importWrappedWith(ctx context.Context, mat, key, alg, params string) error {
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := ws.params(key, params)
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, types.AlgorithmSpec(alg))
	if err != nil {
		return err
	}
	res, err := ws.importBlob(ctx, key, p, blob)
	if err != nil {
		return err
	}
	return ws.w.record(res)
}

// importUnderOtherKey wraps under the public key of one parameter set and
// imports with the token of another (WRAP-006). The two public keys must
// differ, or the step proves nothing.
func (ws *wrapSteps) importUnderOtherKey(ctx context.Context, mat, key, keyOf, tokenOf string) error {
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	pk, err := ws.w.ParamsOf(keyOf)
	if err != nil {
		return err
	}
	pt, err := ws.w.ParamsOf(tokenOf)
	if err != nil {
		return err
	}
	if string(pk.Out.PublicKey) == string(pt.Out.PublicKey) {
		return fmt.Errorf("the parameters %q and %q have the same public key: take them with different wrapping key specs", keyOf, tokenOf)
	}
	blob, err := wrap(pk, m.Bytes, pt.Algorithm)
	if err != nil {
		return err
	}
	res, err := ws.importBlob(ctx, key, pt, blob)
	if err != nil {
		return err
	}
	return ws.w.record(res)
}

// importOpenSSL wraps with the OpenSSL commands of the developer guide
// (WRAP-001..003, WRAP-012) instead of the suite's own code.
func (ws *wrapSteps) importOpenSSL(ctx context.Context, mat, key, params string) error {
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := ws.params(key, params)
	if err != nil {
		return err
	}
	blob, err := opensslWrap(ctx, p.Out.PublicKey, p.Algorithm, m.Bytes)
	if err != nil {
		return err
	}
	res, err := ws.importBlob(ctx, key, p, blob)
	if err != nil {
		return err
	}
	return ws.w.record(res)
}

// opensslWrap runs the commands of
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
// in a private temporary directory, with the file names the guide uses.
func opensslWrap(ctx context.Context, publicKey []byte, alg types.AlgorithmSpec, material []byte) ([]byte, error) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		return nil, errors.New("steps: this step needs openssl on PATH: tag the scenario @openssl")
	}
	dir, err := os.MkdirTemp("", "kmsconform-openssl-")
	if err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	defer os.RemoveAll(dir)
	path := func(name string) string { return filepath.Join(dir, name) }
	if err := os.WriteFile(path("WrappingPublicKey.bin"), publicKey, 0o600); err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	if err := os.WriteFile(path("PlaintextKeyMaterial.bin"), material, 0o600); err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	run := func(args ...string) error {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			// args are not repeated: the AES key is one of them.
			return fmt.Errorf("steps: openssl %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return nil
	}
	md := "sha256"
	if strings.HasSuffix(string(alg), "_SHA_1") {
		md = "sha1"
	}
	// OAEP with the same hash for the label and MGF1 (WRAP-001, WRAP-002).
	oaep := func(in, out string) error {
		return run("pkeyutl", "-encrypt", "-in", in, "-out", out, "-inkey", "WrappingPublicKey.bin",
			"-keyform", "DER", "-pubin", "-pkeyopt", "rsa_padding_mode:oaep",
			"-pkeyopt", "rsa_oaep_md:"+md, "-pkeyopt", "rsa_mgf1_md:"+md)
	}
	switch alg {
	case types.AlgorithmSpecRsaesOaepSha1, types.AlgorithmSpecRsaesOaepSha256:
		if err := oaep("PlaintextKeyMaterial.bin", "EncryptedKeyMaterial.bin"); err != nil {
			return nil, err
		}
	case types.AlgorithmSpecRsaAesKeyWrapSha1, types.AlgorithmSpecRsaAesKeyWrapSha256:
		// WRAP-003: a 256-bit AES key, RFC 5649 key wrap with padding of the
		// material under it, the AES key under RSA-OAEP, then the two concatenated.
		if err := run("rand", "-out", "aes-key.bin", "32"); err != nil {
			return nil, err
		}
		aesKey, err := os.ReadFile(path("aes-key.bin"))
		if err != nil || len(aesKey) != 32 {
			return nil, fmt.Errorf("steps: openssl rand wrote no 32-byte AES key: %v", err)
		}
		err = run("enc", "-id-aes256-wrap-pad", "-K", hex.EncodeToString(aesKey), "-iv", "A65959A6",
			"-in", "PlaintextKeyMaterial.bin", "-out", "key-material-wrapped.bin")
		clear(aesKey)
		if err != nil {
			return nil, err
		}
		if err := oaep("aes-key.bin", "aes-key-wrapped.bin"); err != nil {
			return nil, err
		}
		var blob []byte
		for _, f := range []string{"aes-key-wrapped.bin", "key-material-wrapped.bin"} {
			b, err := os.ReadFile(path(f))
			if err != nil {
				return nil, fmt.Errorf("steps: %w", err)
			}
			blob = append(blob, b...)
		}
		if err := os.WriteFile(path("EncryptedKeyMaterial.bin"), blob, 0o600); err != nil {
			return nil, fmt.Errorf("steps: %w", err)
		}
	default:
		return nil, fmt.Errorf("steps: the guide has no OpenSSL command for %s", alg)
	}
	blob, err := os.ReadFile(path("EncryptedKeyMaterial.bin"))
	if err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	return blob, nil
}

// malformedBlobs builds every malformed blob of badwrap for the material under
// the public key and algorithm of p (WRAP-004).
func malformedBlobs(p *Params, material []byte) ([]badwrap.Case, error) {
	pub, _, err := wrapping.ParsePublicKey(p.Out.PublicKey)
	if err != nil {
		return nil, err
	}
	alg := wrapping.Algorithm(p.Algorithm)
	switch alg {
	case wrapping.OAEPSHA1, wrapping.OAEPSHA256:
		return badwrap.OAEP(rand.Reader, pub, alg, material)
	case wrapping.RSAAESKeyWrapSHA1, wrapping.RSAAESKeyWrapSHA256:
		return badwrap.KeyWrap(rand.Reader, pub, alg, material)
	}
	return nil, fmt.Errorf("steps: no malformed blobs for %s", alg)
}

// importMalformed imports one named malformed blob (WRAP-004).
func (ws *wrapSteps) importMalformed(ctx context.Context, mat, key, name string) error {
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := ws.params(key, "")
	if err != nil {
		return err
	}
	cases, err := malformedBlobs(p, m.Bytes)
	if err != nil {
		return err
	}
	var names []string
	for _, c := range cases {
		if c.Name == name {
			res, err := ws.importBlob(ctx, key, p, c.Blob)
			if err != nil {
				return err
			}
			return ws.w.record(res)
		}
		names = append(names, fmt.Sprintf("%q", c.Name))
	}
	return fmt.Errorf("no malformed %s blob %q; there are %s", p.Algorithm, name, strings.Join(names, ", "))
}

// importEachMalformed imports every malformed blob of the parameters'
// algorithm, one after the other, and keeps every answer (WRAP-004: no
// padding oracle).
func (ws *wrapSteps) importEachMalformed(ctx context.Context, mat, key string) error {
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := ws.params(key, "")
	if err != nil {
		return err
	}
	cases, err := malformedBlobs(p, m.Bytes)
	if err != nil {
		return err
	}
	for _, c := range cases {
		if len(c.Blob) == 0 {
			// EncryptedKeyMaterial has a minimum length of 1
			// (API_ImportKeyMaterial.html): ValidationException before any
			// unwrap, not a padding failure.
			continue
		}
		res, err := ws.importBlob(ctx, key, p, c.Blob)
		if err != nil {
			return err
		}
		var se *kmsclient.ServerError
		if errors.As(res.Err, &se) {
			return fmt.Errorf("malformed blob %q: %w", c.Name, se) // no AWS answer at all
		}
		ws.each = append(ws.each, blobResult{c.Name, res})
	}
	return nil
}

func (ws *wrapSteps) results() ([]blobResult, error) {
	if len(ws.each) == 0 {
		return nil, errors.New("no malformed blobs were imported before this step")
	}
	ws.checked = true
	return ws.each, nil
}

// everyRefusedWith checks that each malformed blob failed with one of codes.
func (ws *wrapSteps) everyRefusedWith(ctx context.Context, list string) error {
	each, err := ws.results()
	if err != nil {
		return err
	}
	var bad []string
	for _, r := range each {
		if err := ExpectCode(r.res, Codes(list)); err != nil {
			bad = append(bad, fmt.Sprintf("%q: %v", r.name, err))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d of %d malformed blobs: %s", len(bad), len(each), strings.Join(bad, "; "))
	}
	return nil
}

// everySameCode checks that all malformed blobs got one and the same answer
// code: a code that depends on where the padding broke is a padding oracle
// (Manger 2001, Bleichenbacher 1998).
func (ws *wrapSteps) everySameCode(ctx context.Context) error {
	each, err := ws.results()
	if err != nil {
		return err
	}
	byCode := map[string][]string{}
	var order []string
	for _, r := range each {
		code := r.res.Code()
		if !r.res.Failed() {
			code = "success"
		}
		if _, ok := byCode[code]; !ok {
			order = append(order, code)
		}
		byCode[code] = append(byCode[code], fmt.Sprintf("%q", r.name))
	}
	if len(order) > 1 {
		var parts []string
		for _, c := range order {
			parts = append(parts, fmt.Sprintf("%s for %s", c, strings.Join(byCode[c], ", ")))
		}
		return fmt.Errorf("the malformed blobs got %d different answers: %s", len(order), strings.Join(parts, "; "))
	}
	return nil
}

// paramsOrCutRefused checks an Ambiguous refusal (WRAP-007, WRAP-008): either
// GetParametersForImport refused the combination with one of codes, or it
// issued parameters, and then the material cut to what one OAEP block holds
// (the only RSAES_OAEP blob a client can build) is refused with one of
// importCodes. An import that succeeds always fails this step.
func (ws *wrapSteps) paramsOrCutRefused(ctx context.Context, codes, mat, key, importCodes string) error {
	res, err := ws.w.Result()
	if err != nil {
		return err
	}
	if res.Op != "GetParametersForImport" {
		return fmt.Errorf("the last call was %s, not GetParametersForImport", res.Op)
	}
	if res.Failed() {
		return ExpectCode(res, Codes(codes))
	}
	m, err := ws.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := ws.params(key, "")
	if err != nil {
		return err
	}
	pub, _, err := wrapping.ParsePublicKey(p.Out.PublicKey)
	if err != nil {
		return err
	}
	cut, err := cutToOAEP(pub, p.Algorithm, m.Bytes)
	if err != nil {
		return err
	}
	blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.Algorithm(p.Algorithm), cut)
	if err != nil {
		return err
	}
	res, err = ws.importBlob(ctx, key, p, blob)
	if err != nil {
		return err
	}
	if err := ws.w.record(res); err != nil {
		return err
	}
	res, _ = ws.w.Result()
	if err := ExpectCode(res, Codes(importCodes)); err != nil {
		return fmt.Errorf("GetParametersForImport issued %s parameters, then: %w", p.Algorithm, err)
	}
	return nil
}

// cutToOAEP returns the longest prefix of m that one RSAES-OAEP block holds:
// k - 2hLen - 2 octets (RFC 8017 §7.1.1, step 1b).
func cutToOAEP(pub *rsa.PublicKey, alg types.AlgorithmSpec, m []byte) ([]byte, error) {
	var hLen int
	switch alg {
	case types.AlgorithmSpecRsaesOaepSha1:
		hLen = 20
	case types.AlgorithmSpecRsaesOaepSha256:
		hLen = 32
	default:
		return nil, fmt.Errorf("steps: %s is not an RSAES_OAEP algorithm", alg)
	}
	n := pub.Size() - 2*hLen - 2
	if len(m) <= n {
		return nil, fmt.Errorf("steps: the material (%d bytes) fits one OAEP block; the scenario proves nothing", len(m))
	}
	return m[:n], nil
}

// importIfIssued covers an Ambiguous combination (WRAP-009): if
// GetParametersForImport issued the parameters, the import either works or is
// refused with one of codes.
func (ws *wrapSteps) importIfIssued(ctx context.Context, params, mat, key, codes string) error {
	if _, ok := ws.w.Params[params]; !ok {
		return nil
	}
	if err := ws.w.importMaterial(ctx, mat, key, params); err != nil {
		return err
	}
	res, _ := ws.w.Result()
	if !res.Failed() {
		return nil
	}
	return ExpectCode(res, Codes(codes))
}

// sameMaterialID checks WRAP-011 under @multiple-key-materials: the key has a
// CurrentKeyMaterialId, and it is the one noted before.
func (ws *wrapSteps) sameMaterialID(ctx context.Context, key string) error {
	before, ok := ws.w.Notes[key]
	if !ok {
		return fmt.Errorf("no metadata of %q was noted (use \"I note the metadata of\")", key)
	}
	md, err := ws.w.metadata(ctx, "DescribeKey", key)
	if err != nil {
		return err
	}
	was, now := aws.ToString(before.CurrentKeyMaterialId), aws.ToString(md.CurrentKeyMaterialId)
	switch {
	case was == "" || now == "":
		return fmt.Errorf("%q has no CurrentKeyMaterialId (noted %q, now %q)", key, was, now)
	case was != now:
		return fmt.Errorf("the CurrentKeyMaterialId of %q changed from %s to %s", key, was, now)
	}
	return nil
}
