package badwrap

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kmsconform/kmsconform/reference/wrapping"
	"github.com/kmsconform/kmsconform/reference/wrapping/kwp"
)

var specs = []wrapping.Spec{wrapping.RSA2048, wrapping.RSA3072, wrapping.RSA4096}

var keys = sync.OnceValues(func() (map[wrapping.Spec]*rsa.PrivateKey, error) {
	m := map[wrapping.Spec]*rsa.PrivateKey{}
	for _, s := range specs {
		// The committed OpenSSL test keys of package wrapping: no RSA keygen in tests.
		der, err := os.ReadFile(filepath.Join("..", "testdata", "openssl", fmt.Sprintf("rsa_%d.key.der", s.Bits())))
		if err != nil {
			return nil, err
		}
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, err
		}
		priv, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s: %T, not RSA", s, k)
		}
		m[s] = priv
	}
	return m, nil
})

func testKey(t *testing.T, s wrapping.Spec) *rsa.PrivateKey {
	t.Helper()
	m, err := keys()
	if err != nil {
		t.Fatal(err)
	}
	return m[s]
}

// TestEncoderIsCorrect checks the hand-made EME-OAEP encoder and textbook RSA
// without a defect: wrapping.Unwrap must accept the result, so each bad case
// differs from a valid blob only by its defect.
func TestEncoderIsCorrect(t *testing.T) {
	for _, s := range specs {
		priv := testKey(t, s)
		for _, tc := range []struct {
			alg wrapping.Algorithm
			h   crypto.Hash
		}{{wrapping.OAEPSHA1, crypto.SHA1}, {wrapping.OAEPSHA256, crypto.SHA256}} {
			for _, n := range []int{0, 1, 32, priv.Size() - 2*tc.h.Size() - 2} {
				m := bytes.Repeat([]byte{0xC3}, n)
				blob, err := encrypt(rand.Reader, &priv.PublicKey, tc.h, m, defect{})
				if err != nil {
					t.Fatal(err)
				}
				got, err := wrapping.Unwrap(priv, tc.alg, blob)
				if err != nil || !bytes.Equal(got, m) {
					t.Errorf("%s %s %d bytes: hand-encoded blob not accepted: %v", s, tc.alg, n, err)
				}
			}
		}
	}
}

// TestForgeIsCorrect checks the package's own W against package kwp: with the
// right AIV the forgery is the RFC 5649 wrap, and kwp.Unwrap accepts it.
func TestForgeIsCorrect(t *testing.T) {
	kek := bytes.Repeat([]byte{0x24}, 32)
	for _, n := range []int{1, 7, 8, 9, 16, 185} {
		m := bytes.Repeat([]byte{0x99}, n)
		want, err := kwp.Wrap(kek, m)
		if err != nil {
			t.Fatal(err)
		}
		padded := make([]byte, (n+7)/8*8)
		copy(padded, m)
		if got := forgeKWP(kek, 0xA65959A6<<32|uint64(n), padded); !bytes.Equal(got, want) {
			t.Errorf("%d bytes: forgeKWP = %x, kwp.Wrap = %x", n, got, want)
		}
	}
}

// TestEveryCaseIsRefused is the package's contract: every case, for every
// spec and algorithm, is refused by wrapping.Unwrap with exactly
// ErrDecryption. The material sizes that change the cases (one KWP block, a
// multiple of 8, PS empty or not) are spread over RSA_2048, where decryption
// is cheapest; the larger specs get one size.
func TestEveryCaseIsRefused(t *testing.T) {
	total := 0
	for _, s := range specs {
		priv := testKey(t, s)
		for _, alg := range []wrapping.Algorithm{wrapping.OAEPSHA1, wrapping.OAEPSHA256, wrapping.RSAAESKeyWrapSHA1, wrapping.RSAAESKeyWrapSHA256} {
			sizes := []int{32}
			if s == wrapping.RSA2048 {
				sizes = []int{1, 8, 32, 185, 190}
			}
			for _, size := range sizes {
				if size == 190 && alg == wrapping.OAEPSHA1 {
					size = 214 // the longest material of each hash: PS is empty
				}
				material := bytes.Repeat([]byte{0x3C}, size)
				build, minCases := OAEP, 15
				if alg == wrapping.RSAAESKeyWrapSHA1 || alg == wrapping.RSAAESKeyWrapSHA256 {
					build, minCases = KeyWrap, 30
				}
				cases, err := build(rand.Reader, &priv.PublicKey, alg, material)
				if err != nil {
					t.Fatalf("%s %s %d bytes: %v", s, alg, size, err)
				}
				if len(cases) < minCases {
					t.Errorf("%s %s %d bytes: %d cases, want at least %d", s, alg, size, len(cases), minCases)
				}
				names := map[string]bool{}
				for _, c := range cases {
					if names[c.Name] {
						t.Errorf("%s %s: duplicate case name %q", s, alg, c.Name)
					}
					names[c.Name] = true
					total++
					t.Run(fmt.Sprintf("%s/%s/%d bytes/%s", s, alg, size, c.Name), func(t *testing.T) {
						t.Parallel()
						got, err := wrapping.Unwrap(priv, alg, c.Blob)
						if err != wrapping.ErrDecryption {
							t.Fatalf("Unwrap: %d bytes, %v; want exactly ErrDecryption", len(got), err)
						}
					})
				}
			}
		}
	}
	t.Logf("%d malformed blobs refused", total)
}

func TestBuildersRefuse(t *testing.T) {
	pub := &testKey(t, wrapping.RSA2048).PublicKey
	tests := []struct {
		name string
		fn   func() ([]Case, error)
	}{
		{"OAEP with a key wrap algorithm", func() ([]Case, error) { return OAEP(rand.Reader, pub, wrapping.RSAAESKeyWrapSHA256, []byte{1}) }},
		{"KeyWrap with an OAEP algorithm", func() ([]Case, error) { return KeyWrap(rand.Reader, pub, wrapping.OAEPSHA256, []byte{1}) }},
		{"OAEP with PKCS1v15", func() ([]Case, error) { return OAEP(rand.Reader, pub, wrapping.PKCS1v15, []byte{1}) }},
		{"OAEP with material too long", func() ([]Case, error) { return OAEP(rand.Reader, pub, wrapping.OAEPSHA256, make([]byte, 191)) }},
		{"KeyWrap with empty material", func() ([]Case, error) { return KeyWrap(rand.Reader, pub, wrapping.RSAAESKeyWrapSHA1, nil) }},
		{"OAEP with nil key", func() ([]Case, error) { return OAEP(rand.Reader, nil, wrapping.OAEPSHA1, []byte{1}) }},
		{"KeyWrap with nil key", func() ([]Case, error) { return KeyWrap(rand.Reader, nil, wrapping.RSAAESKeyWrapSHA1, []byte{1}) }},
	}
	for _, tt := range tests {
		if _, err := tt.fn(); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if _, err := OAEP(rand.Reader, pub, wrapping.SM2PKE, []byte{1}); !errors.Is(err, wrapping.ErrUnsupported) {
		t.Errorf("SM2PKE: err = %v, want ErrUnsupported", err)
	}
}
