package wrapping

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// The committed OpenSSL test keys (testdata/openssl/make.sh), one per spec:
// tests never generate RSA keys, which is slow (about a second for RSA_4096).
var testKeys = map[Spec]func() (*rsa.PrivateKey, error){}

var specs = []Spec{RSA2048, RSA3072, RSA4096}

var algorithms = []Algorithm{OAEPSHA1, OAEPSHA256, RSAAESKeyWrapSHA1, RSAAESKeyWrapSHA256}

func init() {
	for _, s := range specs {
		testKeys[s] = sync.OnceValues(func() (*rsa.PrivateKey, error) {
			return loadKey(filepath.Join("testdata", "openssl", fmt.Sprintf("rsa_%d.key.der", s.Bits())))
		})
	}
}

func loadKey(path string) (*rsa.PrivateKey, error) {
	der, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: %T, not an RSA key", path, k)
	}
	return priv, nil
}

// fataler is the part of testing.TB and *rapid.T that testKey needs.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// testKey returns the committed private key of spec.
func testKey(t fataler, s Spec) *rsa.PrivateKey {
	t.Helper()
	load, ok := testKeys[s]
	if !ok {
		t.Fatalf("no test key for %q", s)
	}
	k, err := load()
	if err != nil {
		t.Fatalf("test key %s: %v", s, err)
	}
	if k.N.BitLen() != s.Bits() {
		t.Fatalf("test key %s has a %d-bit modulus", s, k.N.BitLen())
	}
	return k
}

// maxMaterial is the longest material the round-trip tests wrap with alg under
// a key of spec: one OAEP block for RSAES_OAEP_*, and for RSA_AES_KEY_WRAP_*
// more than the largest KMS material (an RSA_4096 PKCS#8 key, about 2.4 KB).
func maxMaterial(s Spec, alg Algorithm) int {
	h, keyWrap, err := params(alg)
	if err != nil {
		panic(err)
	}
	if keyWrap {
		return 4096
	}
	return maxOAEP(s.Bits()/8, h)
}
