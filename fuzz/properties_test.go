package fuzz

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/kmsconform/kmsconform/reference/kms"
	"github.com/kmsconform/kmsconform/reference/token"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// The properties of issue 5 that span reference/wrapping, reference/token and
// reference/kms, checked through the service's Go methods with the codes of
// the catalogue. The packages' own properties check the parts alone (token:
// bit flips, claims binding and expiry of Verify; wrapping: round trip and bit
// flips of Unwrap); these check what the service answers.

var caller = kms.Caller{Region: "us-east-1", Account: kms.DefaultAccount}

// service is one reference service for every property: its wrapping key pool
// generates RSA keys once, in the background.
var service = sync.OnceValues(func() (*kms.Service, *kms.ManualClock) {
	clock := kms.NewManualClock(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
	s, err := kms.New(kms.Options{Clock: clock})
	if err != nil {
		panic(err)
	}
	return s, clock
})

var algorithms = []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"}

type fatalfer interface {
	Fatalf(format string, args ...any)
	Helper()
}

func newKey(t fatalfer, s *kms.Service) string {
	t.Helper()
	out, err := s.CreateKey(context.Background(), caller, &kms.CreateKeyInput{Origin: ptr("EXTERNAL")})
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	return out.KeyMetadata.Arn
}

func params(t fatalfer, s *kms.Service, arn, alg, spec string) *kms.GetParametersForImportOutput {
	t.Helper()
	out, err := s.GetParametersForImport(context.Background(), caller, &kms.GetParametersForImportInput{KeyId: arn, WrappingAlgorithm: alg, WrappingKeySpec: spec})
	if err != nil {
		t.Fatalf("GetParametersForImport: %v", err)
	}
	return out
}

func wrap(t fatalfer, p *kms.GetParametersForImportOutput, alg string, material []byte) []byte {
	t.Helper()
	pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
	if err != nil {
		t.Fatalf("public key: %v", err)
	}
	blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.Algorithm(alg), material)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	return blob
}

func importInto(s *kms.Service, arn string, tok, blob []byte) error {
	_, err := s.ImportKeyMaterial(context.Background(), caller, &kms.ImportKeyMaterialInput{
		KeyId: arn, ImportToken: tok, EncryptedKeyMaterial: blob, ExpirationModel: ptr("KEY_MATERIAL_DOES_NOT_EXPIRE"),
	})
	return err
}

func code(err error) string {
	var e *kms.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "not a kms.Error: " + err.Error()
	}
	return "success"
}

// pendingImport fails unless the key still has no material (IMPORT-005: a
// failed import changes nothing).
func pendingImport(t fatalfer, s *kms.Service, arn string) {
	t.Helper()
	out, err := s.DescribeKey(context.Background(), caller, &kms.DescribeKeyInput{KeyId: arn})
	if err != nil {
		t.Fatalf("DescribeKey: %v", err)
	}
	if st := out.KeyMetadata.KeyState; st != "PendingImport" {
		t.Fatalf("after a refused import the key is %s, want PendingImport (IMPORT-005)", st)
	}
}

func ptr[T any](v T) *T { return &v }

func material(t *rapid.T) []byte {
	return rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "material") // MATERIAL-001
}

// TestPropertyTokenBinding: the token of key A, or of parameters P, is never
// accepted for key B or for material wrapped for parameters Q (IMPORT-004,
// WRAP-005, WRAP-006); the right combination always is.
func TestPropertyTokenBinding(t *testing.T) {
	s, _ := service()
	rapid.Check(t, func(t *rapid.T) {
		a, b := newKey(t, s), newKey(t, s)
		algP := rapid.SampledFrom(algorithms).Draw(t, "algorithm of P")
		algQ := rapid.SampledFrom(algorithms).Draw(t, "algorithm of Q")
		specQ := rapid.SampledFrom([]string{"RSA_2048", "RSA_3072"}).Draw(t, "spec of Q")
		m := material(t)
		p := params(t, s, a, algP, "RSA_2048")
		switch rapid.IntRange(0, 1).Draw(t, "case") {
		case 0: // P's token and P's wrapping, for key B
			if c := code(importInto(s, b, p.ImportToken, wrap(t, p, algP, m))); c != kms.CodeInvalidImportToken {
				t.Fatalf("a token of key A imported into key B answered %s, want InvalidImportTokenException (IMPORT-004)", c)
			}
			pendingImport(t, s, a)
			pendingImport(t, s, b)
		case 1: // P's token with material wrapped for Q of the same key
			q := params(t, s, a, algQ, specQ)
			err := importInto(s, a, p.ImportToken, wrap(t, q, algQ, m))
			if algP == algQ && bytes.Equal(p.PublicKey, q.PublicKey) {
				// The pool may serve one key pair to several parameter sets
				// (design.md, PARAMS-003): then Q's wrapping is P's.
				if err != nil {
					t.Fatalf("the same public key and algorithm: %v", err)
				}
				return
			}
			if c := code(err); c != kms.CodeInvalidCiphertext {
				t.Fatalf("material wrapped for other parameters (%s %s vs %s RSA_2048) answered %s, want InvalidCiphertextException (WRAP-005, WRAP-006)", algQ, specQ, algP, c)
			}
			pendingImport(t, s, a)
		}
		if err := importInto(s, a, p.ImportToken, wrap(t, p, algP, m)); err != nil {
			t.Fatalf("the right token and wrapping after a refused import: %v (TOKEN-006)", err)
		}
	})
}

// TestPropertyTokenExpiry: a genuine token is accepted before
// ParametersValidTo and reported expired, never invalid, after it (TOKEN-001,
// TOKEN-002, TOKEN-004); an altered one is invalid at any age (TOKEN-003).
func TestPropertyTokenExpiry(t *testing.T) {
	s, clock := service()
	var mu sync.Mutex // the clock is shared; a check moves it forward only
	rapid.Check(t, func(t *rapid.T) {
		mu.Lock()
		defer mu.Unlock()
		arn := newKey(t, s)
		alg := rapid.SampledFrom(algorithms).Draw(t, "algorithm")
		p := params(t, s, arn, alg, "RSA_2048")
		age := time.Duration(rapid.Int64Range(1, int64(2*token.Validity/time.Second)).Draw(t, "age in seconds")) * time.Second
		now := clock.Advance(age)
		blob := wrap(t, p, alg, material(t))
		altered := bytes.Clone(p.ImportToken)
		altered[rapid.IntRange(0, len(altered)-1).Draw(t, "altered byte")] ^= byte(rapid.IntRange(1, 255).Draw(t, "xor"))
		if c := code(importInto(s, arn, altered, blob)); c != kms.CodeInvalidImportToken {
			t.Fatalf("an altered token at age %s answered %s, want InvalidImportTokenException (TOKEN-003, TOKEN-004)", age, c)
		}
		err := importInto(s, arn, p.ImportToken, blob)
		switch d := p.ParametersValidTo.Sub(now); {
		case d > time.Second:
			if err != nil {
				t.Fatalf("a genuine token %s before ParametersValidTo answered %s, want success (TOKEN-002)", d, code(err))
			}
		case d < -time.Second:
			if c := code(err); c != kms.CodeExpiredImportToken {
				t.Fatalf("a genuine token %s after ParametersValidTo answered %s, want ExpiredImportTokenException (TOKEN-001, TOKEN-004)", -d, c)
			}
			pendingImport(t, s, arn)
		}
	})
}

// TestPropertySingleBitFlip: any single-bit flip in the wrapped material is
// refused with InvalidCiphertextException (WRAP-004), in the token with
// InvalidImportTokenException (TOKEN-003), and the key does not change.
func TestPropertySingleBitFlip(t *testing.T) {
	s, _ := service()
	rapid.Check(t, func(t *rapid.T) {
		arn := newKey(t, s)
		alg := rapid.SampledFrom(algorithms).Draw(t, "algorithm")
		p := params(t, s, arn, alg, rapid.SampledFrom([]string{"RSA_2048", "RSA_3072"}).Draw(t, "spec"))
		blob := wrap(t, p, alg, material(t))
		tok := p.ImportToken
		want := kms.CodeInvalidCiphertext
		if rapid.Bool().Draw(t, "flip in the token") {
			tok, want = bytes.Clone(tok), kms.CodeInvalidImportToken
			bit := rapid.IntRange(0, 8*len(tok)-1).Draw(t, "bit")
			tok[bit/8] ^= 1 << (bit % 8)
		} else {
			blob = bytes.Clone(blob)
			bit := rapid.IntRange(0, 8*len(blob)-1).Draw(t, "bit")
			blob[bit/8] ^= 1 << (bit % 8)
		}
		if c := code(importInto(s, arn, tok, blob)); c != want {
			t.Fatalf("a bit flip answered %s, want %s", c, want)
		}
		pendingImport(t, s, arn)
	})
}
