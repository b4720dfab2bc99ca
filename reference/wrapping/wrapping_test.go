package wrapping

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

func TestSpecBits(t *testing.T) {
	tests := []struct {
		spec Spec
		want int
	}{
		{RSA2048, 2048}, {RSA3072, 3072}, {RSA4096, 4096}, {SM2, 0}, {"RSA_1024", 0}, {"", 0}, {"rsa_2048", 0},
	}
	for _, tt := range tests {
		if got := tt.spec.Bits(); got != tt.want {
			t.Errorf("%q.Bits() = %d, want %d", tt.spec, got, tt.want)
		}
	}
}

// TestUnsupported checks that PKCS#1 v1.5 (PARAMS-011), SM2PKE and values
// outside the enum are refused with ErrUnsupported, in both directions, and
// never with ErrDecryption.
func TestUnsupported(t *testing.T) {
	priv := testKey(t, RSA2048)
	for _, alg := range []Algorithm{PKCS1v15, SM2PKE, "", "RSAES_OAEP_SHA_512", "rsaes_oaep_sha_256"} {
		t.Run(string(alg), func(t *testing.T) {
			if _, err := Wrap(rand.Reader, &priv.PublicKey, alg, make([]byte, 32)); !errors.Is(err, ErrUnsupported) {
				t.Errorf("Wrap: err = %v, want ErrUnsupported", err)
			}
			// Any modulus-sized blob: the algorithm is refused before decryption.
			_, err := Unwrap(priv, alg, make([]byte, priv.Size()))
			if !errors.Is(err, ErrUnsupported) || errors.Is(err, ErrDecryption) {
				t.Errorf("Unwrap: err = %v, want ErrUnsupported", err)
			}
		})
	}
	for _, s := range []Spec{SM2, "RSA_1024", ""} {
		if _, err := GenerateKey(rand.Reader, s); !errors.Is(err, ErrUnsupported) {
			t.Errorf("GenerateKey(%q): err = %v, want ErrUnsupported", s, err)
		}
	}
}

// TestGenerateKey generates only an RSA_2048 key: the other sizes are too slow
// for every test run and differ only in the bit count passed to crypto/rsa.
func TestGenerateKey(t *testing.T) {
	k, err := GenerateKey(rand.Reader, RSA2048)
	if err != nil {
		t.Fatal(err)
	}
	if k.N.BitLen() != 2048 {
		t.Fatalf("modulus is %d bits", k.N.BitLen())
	}
	if err := k.Validate(); err != nil {
		t.Fatal(err)
	}
	blob, err := Wrap(rand.Reader, &k.PublicKey, OAEPSHA256, []byte("material"))
	if err != nil {
		t.Fatal(err)
	}
	if m, err := Unwrap(k, OAEPSHA256, blob); err != nil || string(m) != "material" {
		t.Fatalf("round trip under a generated key: %q, %v", m, err)
	}
}

// TestPublicKeyEncoding checks PARAMS-003 both ways: our DER matches the
// SubjectPublicKeyInfo OpenSSL writes, and ParsePublicKey derives the spec.
func TestPublicKeyEncoding(t *testing.T) {
	for _, s := range specs {
		t.Run(string(s), func(t *testing.T) {
			priv := testKey(t, s)
			der, err := MarshalPublicKey(&priv.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			opensslDER := readTestdata(t, fmt.Sprintf("openssl/rsa_%d.pub.der", s.Bits()))
			if !bytes.Equal(der, opensslDER) {
				t.Errorf("MarshalPublicKey differs from openssl pkey -pubout -outform DER")
			}
			pub, spec, err := ParsePublicKey(der)
			if err != nil {
				t.Fatal(err)
			}
			if spec != s || !pub.Equal(&priv.PublicKey) {
				t.Errorf("ParsePublicKey = spec %s, equal %v; want %s, true", spec, pub.Equal(&priv.PublicKey), s)
			}
		})
	}
	if _, err := MarshalPublicKey(nil); err == nil {
		t.Error("MarshalPublicKey(nil): no error")
	}
}

func TestParsePublicKeyRefuses(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	// A 2047-bit modulus: the top bit of a real key cleared. ParsePublicKey
	// does not check that it is a product of primes, only its size.
	small := testKey(t, RSA2048).PublicKey
	small.N = new(big.Int).Rsh(small.N, 1)
	smallDER, err := x509.MarshalPKIXPublicKey(&small)
	if err != nil {
		t.Fatal(err)
	}
	good, err := MarshalPublicKey(&testKey(t, RSA2048).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := x509.MarshalPKCS1PublicKey(&testKey(t, RSA2048).PublicKey)
	tests := []struct {
		name        string
		der         []byte
		unsupported bool
	}{
		{"empty", nil, false},
		{"garbage", []byte{0x30, 0x03, 0x02, 0x01, 0x01}, false},
		{"trailing data", append(bytes.Clone(good), 0), false},
		{"PKCS#1 instead of SPKI", pkcs1, false},
		{"truncated", good[:len(good)-1], false},
		{"ECDSA P-256", ecDER, true},
		{"2047-bit modulus", smallDER, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, spec, err := ParsePublicKey(tt.der)
			if err == nil {
				t.Fatalf("ParsePublicKey accepted it as %s (%v)", spec, pub != nil)
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupported {
				t.Errorf("err = %v; wrapping ErrUnsupported: %v, want %v", err, errors.Is(err, ErrUnsupported), tt.unsupported)
			}
		})
	}
}

// TestWrapLimits checks the material sizes Wrap refuses.
func TestWrapLimits(t *testing.T) {
	priv := testKey(t, RSA2048)
	pub := &priv.PublicKey
	tests := []struct {
		alg    Algorithm
		length int
		ok     bool
	}{
		{OAEPSHA1, 214, true}, // RFC 8017 §7.1.1: 256 - 2*20 - 2
		{OAEPSHA1, 215, false},
		{OAEPSHA256, 190, true}, // 256 - 2*32 - 2
		{OAEPSHA256, 191, false},
		{OAEPSHA256, 0, true}, // an empty OAEP message is valid; the material checks refuse it later
		{RSAAESKeyWrapSHA1, 0, false},
		{RSAAESKeyWrapSHA256, 0, false},
		{RSAAESKeyWrapSHA256, 1, true},
		{RSAAESKeyWrapSHA256, 5000, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.alg, tt.length), func(t *testing.T) {
			m := bytes.Repeat([]byte{0xAB}, tt.length)
			blob, err := Wrap(rand.Reader, pub, tt.alg, m)
			if (err == nil) != tt.ok {
				t.Fatalf("Wrap: err = %v, want ok = %v", err, tt.ok)
			}
			if err != nil {
				return
			}
			got, err := Unwrap(priv, tt.alg, blob)
			if err != nil || !bytes.Equal(got, m) {
				t.Fatalf("Unwrap: %d bytes, %v", len(got), err)
			}
		})
	}
	if _, err := Wrap(rand.Reader, nil, OAEPSHA256, []byte{1}); err == nil {
		t.Error("Wrap with a nil key: no error")
	}
	if _, err := Unwrap(nil, OAEPSHA256, make([]byte, 256)); err == nil || err == ErrDecryption {
		t.Errorf("Unwrap with a nil key: err = %v, want a non-ErrDecryption error", err)
	}
}

// errReader fails every read, to check that Wrap reports a broken rand.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestWrapRandFailure(t *testing.T) {
	pub := &testKey(t, RSA2048).PublicKey
	for _, alg := range algorithms {
		if _, err := Wrap(errReader{}, pub, alg, []byte{1, 2, 3}); err == nil {
			t.Errorf("%s: Wrap with a failing rand: no error", alg)
		}
	}
}

// TestRoundTripTable wraps and unwraps a few material shapes under every spec
// and algorithm, and checks the WRAP-003 layout: OAEP part of exactly the
// modulus length, then the KWP part of 8 + the material rounded up to 8.
func TestRoundTripTable(t *testing.T) {
	materials := []struct {
		name string
		n    int
	}{{"1 byte", 1}, {"16 bytes", 16}, {"32 bytes (SYMMETRIC_DEFAULT)", 32}, {"33 bytes", 33}, {"64 bytes (HMAC_512)", 64}}
	for _, s := range specs {
		priv := testKey(t, s)
		k := s.Bits() / 8
		for _, alg := range algorithms {
			for _, mt := range materials {
				t.Run(fmt.Sprintf("%s/%s/%s", s, alg, mt.name), func(t *testing.T) {
					t.Parallel()
					m := make([]byte, mt.n)
					rand.Read(m)
					blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, m)
					if err != nil {
						t.Fatal(err)
					}
					_, keyWrap, _ := params(alg)
					want := k
					if keyWrap {
						want = k + 8 + (mt.n+7)/8*8
					}
					if len(blob) != want {
						t.Errorf("blob is %d bytes, want %d", len(blob), want)
					}
					got, err := Unwrap(priv, alg, blob)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, m) {
						t.Fatal("Unwrap(Wrap(m)) != m")
					}
				})
			}
		}
	}
}

// TestWrongAlgorithmOrKey checks WRAP-005 (material wrapped with another
// algorithm than the one the server unwraps with) and WRAP-006 (under another
// public key): both give exactly ErrDecryption.
func TestWrongAlgorithmOrKey(t *testing.T) {
	m := bytes.Repeat([]byte{0x5A}, 32)
	for _, s := range specs {
		priv := testKey(t, s)
		other := testKey(t, specs[(indexOf(specs, s)+1)%len(specs)])
		for _, wrapAlg := range algorithms {
			blob, err := Wrap(rand.Reader, &priv.PublicKey, wrapAlg, m)
			if err != nil {
				t.Fatal(err)
			}
			for _, unwrapAlg := range algorithms {
				if unwrapAlg == wrapAlg {
					continue
				}
				if got, err := Unwrap(priv, unwrapAlg, blob); err != ErrDecryption {
					t.Errorf("%s: wrapped with %s, unwrapped with %s: %d bytes, %v; want exactly ErrDecryption", s, wrapAlg, unwrapAlg, len(got), err)
				}
			}
			if got, err := Unwrap(other, wrapAlg, blob); err != ErrDecryption {
				t.Errorf("%s %s: unwrapped with a %d-bit key: %d bytes, %v; want exactly ErrDecryption", s, wrapAlg, other.N.BitLen(), len(got), err)
			}
		}
	}
}

func indexOf[T comparable](s []T, v T) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestMalformed checks the WRAP-004 classes: every one gives exactly
// ErrDecryption.
func TestMalformed(t *testing.T) {
	m := bytes.Repeat([]byte{0x11}, 32)
	for _, s := range specs {
		priv := testKey(t, s)
		k := s.Bits() / 8
		for _, alg := range algorithms {
			blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, m)
			if err != nil {
				t.Fatal(err)
			}
			_, keyWrap, _ := params(alg)
			flip := func(i int) []byte {
				b := bytes.Clone(blob)
				b[i] ^= 0x80
				return b
			}
			random := make([]byte, len(blob))
			rand.Read(random)
			cases := map[string][]byte{
				"empty":                      nil,
				"random bytes, same length":  random,
				"random bytes, modulus size": random[:k],
				"flipped first byte":         flip(0),
				"flipped byte in RSA part":   flip(k / 2),
				"flipped last RSA byte":      flip(k - 1),
				"one byte short":             blob[:len(blob)-1],
				"one byte long":              append(bytes.Clone(blob), 0),
				"leading zero byte":          append([]byte{0}, blob...),
			}
			if keyWrap {
				cases["truncated to the modulus length"] = blob[:k]
				cases["cut inside the KWP part"] = blob[:k+8]
				cases["flipped byte in KWP part"] = flip(k + 8)
				cases["flipped last byte"] = flip(len(blob) - 1)
				cases["RSA part only, doubled"] = append(bytes.Clone(blob[:k]), blob[:k]...)
			} else {
				cases["doubled"] = append(bytes.Clone(blob), blob...)
			}
			for name, c := range cases {
				t.Run(fmt.Sprintf("%s/%s/%s", s, alg, name), func(t *testing.T) {
					t.Parallel()
					if got, err := Unwrap(priv, alg, c); err != ErrDecryption {
						t.Fatalf("Unwrap: %d bytes, %v; want exactly ErrDecryption", len(got), err)
					}
				})
			}
		}
	}
}

// TestRoundTripProperty: Unwrap(Wrap(m)) == m for every algorithm, spec and
// material length from 1 to what fits.
func TestRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.SampledFrom(specs).Draw(t, "spec")
		alg := rapid.SampledFrom(algorithms).Draw(t, "alg")
		m := rapid.SliceOfN(rapid.Byte(), 1, maxMaterial(s, alg)).Draw(t, "material")
		priv := testKey(t, s)
		blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, m)
		if err != nil {
			t.Fatalf("Wrap: %v", err)
		}
		got, err := Unwrap(priv, alg, blob)
		if err != nil {
			t.Fatalf("Unwrap: %v", err)
		}
		if !bytes.Equal(got, m) {
			t.Fatal("Unwrap(Wrap(m)) != m")
		}
	})
}

// TestBitFlipProperty: a single bit flipped anywhere in a valid blob gives
// exactly ErrDecryption, whichever layer it lands in.
func TestBitFlipProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.SampledFrom(specs).Draw(t, "spec")
		alg := rapid.SampledFrom(algorithms).Draw(t, "alg")
		m := rapid.SliceOfN(rapid.Byte(), 1, min(64, maxMaterial(s, alg))).Draw(t, "material")
		priv := testKey(t, s)
		blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, m)
		if err != nil {
			t.Fatalf("Wrap: %v", err)
		}
		bit := rapid.IntRange(0, 8*len(blob)-1).Draw(t, "bit")
		blob[bit/8] ^= 1 << (bit % 8)
		if got, err := Unwrap(priv, alg, blob); err != ErrDecryption {
			t.Fatalf("Unwrap after flipping bit %d: %d bytes, %v; want exactly ErrDecryption", bit, len(got), err)
		}
	})
}
