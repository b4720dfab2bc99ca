package wrapping

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"io/fs"
	"path"
	"sync"
	"testing"
)

// This file is self-contained: OSS-Fuzz (compile_native_go_fuzzer, go-118-fuzz-build) builds it as the
// package's only test file, against a testing.F replacement that is no testing.TB, and runs the binary
// away from the source tree. So the test keys and vectors FuzzUnwrap needs live here, embedded, and the
// other test files use them from here.

// readTestdata returns testdata/<name>.
func readTestdata(t fataler, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(testdata, path.Join("testdata", name))
	if err != nil {
		t.Fatalf("%v", err)
	}
	return b
}

// The committed OpenSSL test keys, one per spec: tests never generate RSA
// keys, which is slow (about a second for RSA_4096).
var testKeys = map[Spec]func() (*rsa.PrivateKey, error){}

var specs = []Spec{RSA2048, RSA3072, RSA4096}

var algorithms = []Algorithm{OAEPSHA1, OAEPSHA256, RSAAESKeyWrapSHA1, RSAAESKeyWrapSHA256}

func init() {
	for _, s := range specs {
		testKeys[s] = sync.OnceValues(func() (*rsa.PrivateKey, error) {
			return loadKey(fmt.Sprintf("testdata/openssl/rsa_%d.key.der", s.Bits()))
		})
	}
}

func loadKey(name string) (*rsa.PrivateKey, error) {
	der, err := fs.ReadFile(testdata, name)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: %T, not an RSA key", name, k)
	}
	return priv, nil
}

// fataler is the part of testing.TB and *rapid.T that testKey and
// readTestdata need; go-118-fuzz-build's testing.F and testing.T have it too.
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

// FuzzUnwrap feeds arbitrary blobs to Unwrap under the committed keys, for
// every spec and algorithm. Invariants: no panic; the result is material or
// exactly ErrDecryption; and Unwrap is a function of its input (the same
// blob gives the same answer twice).

// loud stops a fuzz target whose setup failed under go-118-fuzz-build too,
// whose F.Fatal only logs and returns: there, the panic after it turns a
// silently empty target into a crash on its first input. Under go test
// F.Fatal never returns, so the panic is not reached.
type loud struct{ *testing.F }

func (l loud) Fatal(args ...any) {
	l.F.Fatal(args...)
	panic(fmt.Sprint(args...))
}

func (l loud) Fatalf(format string, args ...any) {
	l.F.Fatalf(format, args...)
	panic(fmt.Sprintf(format, args...))
}

func FuzzUnwrap(f *testing.F) {
	ft := loud{f}
	n := 0
	for si, s := range specs {
		for ai, alg := range algorithms {
			blob := readTestdata(ft, fmt.Sprintf("openssl/rsa_%d.%s.wrapped.bin", s.Bits(), alg))
			f.Add(uint8(si), uint8(ai), blob)
			n++
		}
	}
	if n == 0 {
		ft.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, specIndex, algIndex uint8, blob []byte) {
		s := specs[int(specIndex)%len(specs)]
		alg := algorithms[int(algIndex)%len(algorithms)]
		priv := testKey(t, s)
		m, err := Unwrap(priv, alg, blob)
		if err != nil && err != ErrDecryption {
			t.Fatalf("Unwrap error %v, want exactly ErrDecryption", err)
		}
		m2, err2 := Unwrap(priv, alg, blob)
		if err2 != err || !bytes.Equal(m, m2) {
			t.Fatal("Unwrap gave two different answers for the same blob")
		}
	})
}
