package steps

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// Key material, GetParametersForImport, client-side wrapping, ImportKeyMaterial
// and DeleteImportedKeyMaterial (API_GetParametersForImport.html,
// API_ImportKeyMaterial.html; developer guide importing-keys-*).
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		sc.Step(re(`^(?:a )?(?:new )?key material "([^"]+)" for "([^"]+)"$`), w.materialFor)
		sc.Step(re(`^(?:a )?(?:new )?([A-Z][A-Z0-9_]+) key material "([^"]+)"$`), w.materialOfSpec)
		sc.Step(re(`^(\d+) random bytes as key material "([^"]+)"$`), w.randomMaterial)

		sc.Step(re(`^I get import parameters for "([^"]+)"(?: by its (key ID|key ARN))? with ([A-Z0-9_]+) and ([A-Z0-9_]+)(?: as "([^"]+)")?$`), w.getParameters)
		sc.Step(re(`^the parameters "([^"]+)" have a KeyId, an ImportToken, a PublicKey and a ParametersValidTo$`), w.paramsComplete)
		sc.Step(re(`^the KeyId of the parameters "([^"]+)" is the ARN of "([^"]+)"$`), w.paramsKeyIDIsARN)
		sc.Step(re(`^the public key of the parameters "([^"]+)" is a DER SubjectPublicKeyInfo of an RSA key of (\d+) bits$`), w.paramsRSAKey)
		sc.Step(re(`^the public key of the parameters "([^"]+)" is a DER SubjectPublicKeyInfo of an SM2 key$`), w.paramsSM2Key)
		sc.Step(re(`^the parameters "([^"]+)" are valid for 24 hours from the request$`), w.paramsValidFor24h)

		sc.Step(re(`^I import (?:the material )?"([^"]+)" into "([^"]+)"(?: with the parameters "([^"]+)")?$`), w.importMaterial)
		sc.Step(re(`^I import (?:the material )?"([^"]+)" into "([^"]+)"(?: with the parameters "([^"]+)")? expiring in (\d+) (second|minute|hour|day)s?$`), w.importExpiring)
		sc.Step(re(`^I import (?:the material )?"([^"]+)" into "([^"]+)" with (?:a|the) token for (?:key )?"([^"]+)"$`), w.importWithTokenOf)
		sc.Step(re(`^an? EXTERNAL( multi-Region)? (symmetric|[A-Z][A-Z0-9_]+) key "([^"]+)"(?: for ([A-Z_]+))? with imported material "([^"]+)"$`), w.importedKey)
		sc.Step(re(`^I delete the imported key material of "([^"]+)"$`), w.deleteMaterial)

		// Composite outcomes of Ambiguous rules, each alternative spelled out.
		sc.Step(re(`^it fails with (`+codeList+`), or else "([^"]+)" wrapped with RSAES_PKCS1_V1_5 under those parameters is refused with (`+codeList+`)$`), w.pkcs1Refused)
		sc.Step(re(`^the key creation fails with (`+codeList+`), or else getting import parameters for "([^"]+)" with ([A-Z0-9_]+) and ([A-Z0-9_]+) fails with (`+codeList+`)$`), w.creationOrParamsRefused)
		sc.Step(re(`^if "([^"]+)" was created, getting import parameters for it with ([A-Z0-9_]+) and ([A-Z0-9_]+) succeeds or fails with (`+codeList+`)$`), w.paramsIfCreated)
	})
}

func (w *World) addMaterial(name string, m testmaterial.Material) error {
	if _, dup := w.Materials[name]; dup {
		return fmt.Errorf("key material %q already exists in this scenario", name)
	}
	w.Materials[name] = m
	return nil
}

func (w *World) materialFor(ctx context.Context, name, key string) error {
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	return w.materialOfSpec(ctx, string(k.Spec), name)
}

func (w *World) materialOfSpec(ctx context.Context, spec, name string) error {
	m, err := testmaterial.New(rand.Reader, material.Spec(spec))
	if err != nil {
		return err
	}
	return w.addMaterial(name, m)
}

func (w *World) randomMaterial(ctx context.Context, n int, name string) error {
	return w.addMaterial(name, testmaterial.Material{Spec: material.SymmetricDefault, Bytes: testmaterial.HMACOfLength(rand.Reader, n)})
}

// getParameters calls GetParametersForImport; the answer is kept under the
// given name, by default the key's.
func (w *World) getParameters(ctx context.Context, key, by, alg, spec, name string) error {
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	if name == "" {
		name = key
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	id := k.ID
	if by == "key ARN" {
		id = k.ARN
	}
	now, exact, err := w.Now(ctx)
	if err != nil {
		return err
	}
	out, err := c.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
		KeyId:             aws.String(id),
		WrappingAlgorithm: types.AlgorithmSpec(alg),
		WrappingKeySpec:   types.WrappingKeySpec(spec),
	})
	w.Changed(key) // PARAMS-007: it must not change the key; STATE-001 is checked anyway
	if rerr := w.Record("GetParametersForImport", err); rerr != nil || err != nil {
		return rerr
	}
	w.Params[name] = &Params{Name: name, Key: key, Algorithm: types.AlgorithmSpec(alg), WrapSpec: types.WrappingKeySpec(spec),
		Out: out, RequestedAt: now, ExactTime: exact}
	return nil
}

// PARAMS-001: all four members; ImportToken 1–6144 bytes, PublicKey 1–4096 bytes.
func (w *World) paramsComplete(ctx context.Context, name string) error {
	p, err := w.ParamsOf(name)
	if err != nil {
		return err
	}
	var missing []string
	if aws.ToString(p.Out.KeyId) == "" {
		missing = append(missing, "KeyId")
	}
	if n := len(p.Out.ImportToken); n < 1 || n > 6144 {
		missing = append(missing, fmt.Sprintf("ImportToken of 1 to 6144 bytes (got %d)", n))
	}
	if n := len(p.Out.PublicKey); n < 1 || n > 4096 {
		missing = append(missing, fmt.Sprintf("PublicKey of 1 to 4096 bytes (got %d)", n))
	}
	if p.Out.ParametersValidTo == nil {
		missing = append(missing, "ParametersValidTo")
	}
	if len(missing) > 0 {
		return fmt.Errorf("GetParametersForImport answer lacks %s", strings.Join(missing, ", "))
	}
	return nil
}

// PARAMS-002: KeyId is the key ARN, whichever identifier the request used.
func (w *World) paramsKeyIDIsARN(ctx context.Context, name, key string) error {
	p, err := w.ParamsOf(name)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	md, err := w.Describe(ctx, k)
	if err != nil {
		return err
	}
	if got, want := aws.ToString(p.Out.KeyId), aws.ToString(md.Arn); got != want {
		return fmt.Errorf("GetParametersForImport KeyId is %q, DescribeKey's Arn is %q", got, want)
	}
	return nil
}

// PARAMS-003: DER SubjectPublicKeyInfo, rsaEncryption, modulus of the spec's size.
func (w *World) paramsRSAKey(ctx context.Context, name string, bits int) error {
	p, err := w.ParamsOf(name)
	if err != nil {
		return err
	}
	pk, err := x509.ParsePKIXPublicKey(p.Out.PublicKey)
	if err != nil {
		return fmt.Errorf("PublicKey is not a DER SubjectPublicKeyInfo: %w", err)
	}
	rk, ok := pk.(*rsa.PublicKey)
	if !ok {
		return fmt.Errorf("PublicKey is a %T, not an RSA key", pk)
	}
	if rk.N.BitLen() != bits {
		return fmt.Errorf("PublicKey modulus has %d bits, expected %d", rk.N.BitLen(), bits)
	}
	return nil
}

// oidSM2 is the SM2 curve (GM/T 0006, 1.2.156.10197.1.301); id-ecPublicKey is RFC 5480 §2.1.1.
var (
	oidSM2         = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301}
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
)

// PARAMS-012: an SM2 public key, as a SubjectPublicKeyInfo (RFC 5480) naming the SM2 curve.
func (w *World) paramsSM2Key(ctx context.Context, name string) error {
	p, err := w.ParamsOf(name)
	if err != nil {
		return err
	}
	var spki struct {
		Algorithm struct {
			Algorithm asn1.ObjectIdentifier
			Curve     asn1.ObjectIdentifier
		}
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(p.Out.PublicKey, &spki); err != nil || len(rest) > 0 {
		return fmt.Errorf("PublicKey is not a DER SubjectPublicKeyInfo with a named curve: %v", err)
	}
	if !spki.Algorithm.Algorithm.Equal(oidECPublicKey) || !spki.Algorithm.Curve.Equal(oidSM2) {
		return fmt.Errorf("PublicKey is %v on %v, expected id-ecPublicKey on SM2 (%v)", spki.Algorithm.Algorithm, spki.Algorithm.Curve, oidSM2)
	}
	return nil
}

// PARAMS-004: ParametersValidTo − time of the request = 24 h, exact under the
// test clock (to the millisecond the wire carries), ±5 min otherwise.
func (w *World) paramsValidFor24h(ctx context.Context, name string) error {
	p, err := w.ParamsOf(name)
	if err != nil {
		return err
	}
	if p.Out.ParametersValidTo == nil {
		return fmt.Errorf("GetParametersForImport answer has no ParametersValidTo")
	}
	got := p.Out.ParametersValidTo.Sub(p.RequestedAt)
	tolerance := 5 * time.Minute
	if p.ExactTime {
		tolerance = time.Millisecond
	}
	if d := got - 24*time.Hour; d < -tolerance || d > tolerance {
		return fmt.Errorf("ParametersValidTo is %s after the request (at %s), expected 24h (±%s)", got, p.RequestedAt.UTC().Format(time.RFC3339Nano), tolerance)
	}
	return nil
}

// wrap wraps m under the public key of p with p's algorithm, as the developer
// guide's importing-keys-encrypt-key-material page describes.
func wrap(p *Params, m []byte, alg types.AlgorithmSpec) ([]byte, error) {
	pub, _, err := wrapping.ParsePublicKey(p.Out.PublicKey)
	if err != nil {
		return nil, err
	}
	if alg == types.AlgorithmSpecRsaesPkcs1V15 {
		//lint:ignore SA1019 PARAMS-011 sends the deprecated padding on purpose, to see it refused
		return rsa.EncryptPKCS1v15(rand.Reader, pub, m)
	}
	return wrapping.Wrap(rand.Reader, pub, wrapping.Algorithm(alg), m)
}

// importWith wraps material under params p and imports it into key with p's token.
func (w *World) importWith(ctx context.Context, mat, key, params string, in *kms.ImportKeyMaterialInput) error {
	m, err := w.Material(mat)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	if params == "" {
		params = key
	}
	p, err := w.ParamsOf(params)
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, p.Algorithm)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	in.KeyId = aws.String(k.ID)
	in.ImportToken = p.Out.ImportToken
	in.EncryptedKeyMaterial = blob
	_, err = c.ImportKeyMaterial(ctx, in)
	w.Changed(key)
	return w.Record("ImportKeyMaterial", err)
}

func (w *World) importMaterial(ctx context.Context, mat, key, params string) error {
	return w.importWith(ctx, mat, key, params, &kms.ImportKeyMaterialInput{ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
}

func (w *World) importExpiring(ctx context.Context, mat, key, params string, n int, unit string) error {
	now, _, err := w.Now(ctx)
	if err != nil {
		return err
	}
	validTo := now.Add(time.Duration(n) * units[unit])
	return w.importWith(ctx, mat, key, params, &kms.ImportKeyMaterialInput{
		ExpirationModel: types.ExpirationModelTypeKeyMaterialExpires, ValidTo: aws.Time(validTo)})
}

// importWithTokenOf imports into key material wrapped under other's public key
// with other's token (IMPORT-004).
func (w *World) importWithTokenOf(ctx context.Context, mat, key, other string) error {
	return w.importWith(ctx, mat, key, other, &kms.ImportKeyMaterialInput{ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
}

// importedKey creates an EXTERNAL key and imports new material into it, with
// a wrapping the guide lists for its spec: RSAES_OAEP_SHA_256 for symmetric
// and HMAC material, RSA_AES_KEY_WRAP_SHA_256 for private keys (WRAP-007..010).
func (w *World) importedKey(ctx context.Context, multi, spec, name, usage, mat string) error {
	if err := w.create(ctx, "EXTERNAL", multi != "", keySpecOf(spec), name, usage, ""); err != nil {
		return err
	}
	if err := w.materialFor(ctx, mat, name); err != nil {
		return err
	}
	alg := "RSAES_OAEP_SHA_256"
	if material.Asymmetric(material.Spec(w.Keys[name].Spec)) {
		alg = "RSA_AES_KEY_WRAP_SHA_256"
	}
	if err := w.getParameters(ctx, name, "", alg, "RSA_2048", ""); err != nil {
		return err
	}
	return w.importMaterial(ctx, mat, name, "")
}

func (w *World) deleteMaterial(ctx context.Context, key string) error {
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.ID)})
	w.Changed(key)
	return w.Record("DeleteImportedKeyMaterial", err)
}

// PARAMS-011: GetParametersForImport(RSAES_PKCS1_V1_5) refused with one of
// codes; or, if parameters were issued, PKCS#1 v1.5-wrapped material refused
// at import with one of importCodes. An import that succeeds always fails this.
func (w *World) pkcs1Refused(ctx context.Context, codes, mat, importCodes string) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if res.Op != "GetParametersForImport" {
		return fmt.Errorf("the last call was %s, not GetParametersForImport", res.Op)
	}
	if res.Failed() {
		return ExpectCode(res, Codes(codes))
	}
	var p *Params
	for _, q := range w.Params {
		if q.Algorithm == types.AlgorithmSpecRsaesPkcs1V15 {
			p = q
		}
	}
	if p == nil {
		return fmt.Errorf("no RSAES_PKCS1_V1_5 parameters were issued in this scenario")
	}
	m, err := w.Material(mat)
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, types.AlgorithmSpecRsaesPkcs1V15)
	if err != nil {
		return err
	}
	k := w.Keys[p.Key]
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: aws.String(k.ID), ImportToken: p.Out.ImportToken,
		EncryptedKeyMaterial: blob, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	w.Changed(p.Key)
	if rerr := w.Record("ImportKeyMaterial", err); rerr != nil {
		return rerr
	}
	res, _ = w.Result()
	if err := ExpectCode(res, Codes(importCodes)); err != nil {
		return fmt.Errorf("GetParametersForImport issued RSAES_PKCS1_V1_5 parameters, then: %w", err)
	}
	return nil
}

// CREATE-007: CreateKey refused with one of codes; or, if it created the key,
// GetParametersForImport refused with one of paramCodes.
func (w *World) creationOrParamsRefused(ctx context.Context, codes, key, alg, spec, paramCodes string) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if res.Op != "CreateKey" {
		return fmt.Errorf("the last call was %s, not CreateKey", res.Op)
	}
	if res.Failed() {
		return ExpectCode(res, Codes(codes))
	}
	if err := w.getParameters(ctx, key, "", alg, spec, ""); err != nil {
		return err
	}
	res, _ = w.Result()
	if err := ExpectCode(res, Codes(paramCodes)); err != nil {
		return fmt.Errorf("CreateKey created %q, then: %w", key, err)
	}
	return nil
}

// CREATE-008: if the key exists, GetParametersForImport either works or is
// refused with one of codes.
func (w *World) paramsIfCreated(ctx context.Context, key, alg, spec, codes string) error {
	if _, ok := w.Keys[key]; !ok {
		return nil
	}
	if err := w.getParameters(ctx, key, "", alg, spec, ""); err != nil {
		return err
	}
	res, _ := w.Result()
	if !res.Failed() {
		return nil
	}
	return ExpectCode(res, Codes(codes))
}

// b64 is the standard base64 the AWS JSON protocol uses for blobs.
func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
