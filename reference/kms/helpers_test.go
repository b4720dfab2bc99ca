package kms

import (
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// Pre-generated wrapping keys keep the tests fast: the pool hands them out
// again and again (each time as a new wrapping key pair with its own ID).
var (
	testKeysOnce sync.Once
	testKeys     map[wrapping.Spec][]*rsa.PrivateKey
	testKeysErr  error
	testKeysMu   sync.Mutex
	testKeysNext int
)

func testKeygen(spec wrapping.Spec) (*rsa.PrivateKey, error) {
	testKeysOnce.Do(func() {
		testKeys = map[wrapping.Spec][]*rsa.PrivateKey{}
		for _, c := range []struct {
			spec wrapping.Spec
			n    int
		}{{wrapping.RSA2048, 2}, {wrapping.RSA3072, 1}} {
			for range c.n {
				k, err := rsa.GenerateKey(rand.Reader, c.spec.Bits())
				if err != nil {
					testKeysErr = err
					return
				}
				testKeys[c.spec] = append(testKeys[c.spec], k)
			}
		}
	})
	if testKeysErr != nil {
		return nil, testKeysErr
	}
	ks := testKeys[spec]
	if len(ks) == 0 {
		return nil, fmt.Errorf("kms test: no pre-generated %s key", spec)
	}
	testKeysMu.Lock()
	defer testKeysMu.Unlock()
	testKeysNext++
	return ks[testKeysNext%len(ks)], nil
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type env struct {
	t   *testing.T
	s   *Service
	clk *ManualClock
	c   Caller
	ctx context.Context
}

func newEnv(t *testing.T, mod ...func(*Options)) *env {
	t.Helper()
	clk := NewManualClock(t0)
	o := Options{Clock: clk, keygen: testKeygen}
	for _, m := range mod {
		m(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return &env{t: t, s: s, clk: clk, c: Caller{Region: "us-east-1"}, ctx: context.Background()}
}

func (e *env) in(region string) *env {
	cp := *e
	cp.c.Region = region
	return &cp
}

func p[T any](v T) *T { return &v }

func code(err error) string {
	if err == nil {
		return ""
	}
	var ke *Error
	if errors.As(err, &ke) {
		return ke.Code
	}
	return "non-KMS error: " + err.Error()
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("unexpected error: %v", err)
	}
}

func (e *env) wantCode(err error, want string) {
	e.t.Helper()
	if got := code(err); got != want {
		e.t.Fatalf("error = %q (%v), want %s", got, err, want)
	}
}

// create makes an EXTERNAL key of spec and usage ("" for the defaults).
func (e *env) create(spec, usage string, multi bool) *KeyMetadata {
	e.t.Helper()
	in := &CreateKeyInput{Origin: p(originExternal)}
	if spec != "" {
		in.KeySpec = p(spec)
	}
	if usage != "" {
		in.KeyUsage = p(usage)
	}
	if multi {
		in.MultiRegion = p(true)
	}
	out, err := e.s.CreateKey(e.ctx, e.c, in)
	e.must(err)
	return out.KeyMetadata
}

func (e *env) describe(id string) *KeyMetadata {
	e.t.Helper()
	out, err := e.s.DescribeKey(e.ctx, e.c, &DescribeKeyInput{KeyId: id})
	e.must(err)
	return out.KeyMetadata
}

func (e *env) state(id string) string { e.t.Helper(); return e.describe(id).KeyState }

func (e *env) params(id, alg, wspec string) *GetParametersForImportOutput {
	e.t.Helper()
	out, err := e.s.GetParametersForImport(e.ctx, e.c, &GetParametersForImportInput{KeyId: id, WrappingAlgorithm: alg, WrappingKeySpec: wspec})
	e.must(err)
	return out
}

func (e *env) wrap(pub []byte, alg string, m []byte) []byte {
	e.t.Helper()
	pk, _, err := wrapping.ParsePublicKey(pub)
	e.must(err)
	blob, err := wrapping.Wrap(rand.Reader, pk, wrapping.Algorithm(alg), m)
	e.must(err)
	return blob
}

// importIn builds an ImportKeyMaterial request with fresh parameters
// (RSA_2048; OAEP SHA-256, or AES key wrap for RSA material) and
// KEY_MATERIAL_DOES_NOT_EXPIRE unless mod changes it.
func (e *env) importIn(id string, m []byte, mod ...func(*ImportKeyMaterialInput)) *ImportKeyMaterialInput {
	e.t.Helper()
	alg := "RSAES_OAEP_SHA_256"
	if md := e.describe(id); len(md.KeySpec) > 4 && md.KeySpec[:4] == "RSA_" {
		alg = "RSA_AES_KEY_WRAP_SHA_256"
	}
	pr := e.params(id, alg, "RSA_2048")
	in := &ImportKeyMaterialInput{KeyId: id, ImportToken: pr.ImportToken, EncryptedKeyMaterial: e.wrap(pr.PublicKey, alg, m), ExpirationModel: p(modelDoesNotExpire)}
	for _, f := range mod {
		f(in)
	}
	return in
}

func (e *env) imp(id string, m []byte, mod ...func(*ImportKeyMaterialInput)) (*ImportKeyMaterialOutput, error) {
	e.t.Helper()
	return e.s.ImportKeyMaterial(e.ctx, e.c, e.importIn(id, m, mod...))
}

func (e *env) mustImport(id string, m []byte, mod ...func(*ImportKeyMaterialInput)) *ImportKeyMaterialOutput {
	e.t.Helper()
	out, err := e.imp(id, m, mod...)
	e.must(err)
	return out
}

func expiresAt(t time.Time) func(*ImportKeyMaterialInput) {
	return func(in *ImportKeyMaterialInput) {
		in.ExpirationModel, in.ValidTo = p(modelExpires), NewTime(t)
	}
}

func importType(typ string) func(*ImportKeyMaterialInput) {
	return func(in *ImportKeyMaterialInput) { in.ImportType = p(typ) }
}

func (e *env) encrypt(id string, pt string) []byte {
	e.t.Helper()
	out, err := e.s.Encrypt(e.ctx, e.c, &EncryptInput{KeyId: id, Plaintext: []byte(pt)})
	e.must(err)
	return out.CiphertextBlob
}

func (e *env) decrypt(ct []byte) (*DecryptOutput, error) {
	return e.s.Decrypt(e.ctx, e.c, &DecryptInput{CiphertextBlob: ct})
}

func (e *env) rotations(id string, all bool) []RotationsListEntry {
	e.t.Helper()
	in := &ListKeyRotationsInput{KeyId: id}
	if all {
		in.IncludeKeyMaterial = p("ALL_KEY_MATERIAL")
	}
	out, err := e.s.ListKeyRotations(e.ctx, e.c, in)
	e.must(err)
	return out.Rotations
}

func sym() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func ecKey(t *testing.T, c elliptic.Curve) (*ecdsa.PrivateKey, []byte) {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return k, der
}

func rsaMaterial(t *testing.T) (*rsa.PrivateKey, []byte) {
	t.Helper()
	k, err := testKeygen(wrapping.RSA2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return k, der
}

func ecdhPeer(t *testing.T) (*ecdh.PrivateKey, []byte) {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(k.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	return k, der
}

func p256() elliptic.Curve { return elliptic.P256() }

var sha384 = sha512.New384

func wrapFor(pub, m []byte) []byte {
	pk, _, err := wrapping.ParsePublicKey(pub)
	if err != nil {
		panic(err)
	}
	blob, err := wrapping.Wrap(rand.Reader, pk, wrapping.OAEPSHA256, m)
	if err != nil {
		panic(err)
	}
	return blob
}
