package steps

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// runOpenSSL runs the openssl command with stdin, skipping the test without it.
func runOpenSSL(t *testing.T, stdin []byte, args ...string) ([]byte, error) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl on PATH")
	}
	cmd := exec.Command("openssl", args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Logf("openssl %v: %s", args, stderr.String())
	}
	return out, err
}

// TestSM2AgainstOpenSSL checks the SM2 material the suite builds with
// OpenSSL: it parses the PKCS#8 key, finds it consistent, and derives the
// same SubjectPublicKeyInfo from it.
func TestSM2AgainstOpenSSL(t *testing.T) {
	for i := range 5 {
		m, err := newSM2(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := runOpenSSL(t, m.Bytes, "pkey", "-inform", "DER", "-check", "-noout"); err != nil {
			t.Fatalf("key %d: openssl pkey -check refused the SM2 key: %v", i, err)
		}
		pub, err := runOpenSSL(t, m.Bytes, "pkey", "-inform", "DER", "-pubout", "-outform", "DER")
		if err != nil {
			t.Fatalf("key %d: %v", i, err)
		}
		if !bytes.Equal(pub, m.Public) {
			t.Errorf("key %d: the SubjectPublicKeyInfo differs from OpenSSL's", i)
		}
		text, err := runOpenSSL(t, m.Bytes, "pkey", "-inform", "DER", "-text", "-noout")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(text, []byte("ASN1 OID: SM2")) {
			t.Errorf("key %d: OpenSSL does not see the named SM2 curve:\n%s", i, text)
		}
	}
}

// TestSM2ExplicitCurve checks that the explicit-parameters SM2 key is the
// SM2 curve spelled out: OpenSSL reads it as a prime-field key with SM2's
// order, and it differs from the named form only in the parameters.
func TestSM2ExplicitCurve(t *testing.T) {
	b, err := sm2ExplicitCurve(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	text, err := runOpenSSL(t, b, "pkey", "-inform", "DER", "-text", "-noout")
	if err != nil {
		t.Fatalf("openssl cannot read the explicit SM2 key: %v", err)
	}
	for _, want := range []string{"Field Type: prime-field", "Cofactor:  1"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("OpenSSL's view of the key lacks %q:\n%s", want, text)
		}
	}
	if bytes.Contains(text, []byte("ASN1 OID")) {
		t.Errorf("the key names its curve instead of spelling it out:\n%s", text)
	}
	// The point on the curve: y² = x³ + ax + b for the public point.
	_, point, err := sm2Scalar(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x, y := new(big.Int).SetBytes(point[1:33]), new(big.Int).SetBytes(point[33:])
	if !onSM2(x, y) {
		t.Error("the public point is not on the SM2 curve")
	}
}

// TestSM2BaseMult checks the scalar multiplication on small cases: 1·G = G,
// n·G = infinity, (n-1)·G = -G, and 2·G + G = 3·G.
func TestSM2BaseMult(t *testing.T) {
	x, y := sm2BaseMult(sm2TestInt(1))
	if x.Cmp(sm2Curve.Gx) != 0 || y.Cmp(sm2Curve.Gy) != 0 {
		t.Error("1·G != G")
	}
	if x, _ := sm2BaseMult(sm2Curve.N); x != nil {
		t.Error("n·G is not the point at infinity")
	}
	nm1 := new(big.Int).Sub(sm2Curve.N, sm2TestInt(1))
	x, y = sm2BaseMult(nm1)
	if x.Cmp(sm2Curve.Gx) != 0 || new(big.Int).Add(y, sm2Curve.Gy).Cmp(sm2Curve.P) != 0 {
		t.Error("(n-1)·G != -G")
	}
	x2, y2 := sm2BaseMult(sm2TestInt(2))
	x3, y3 := sm2Add(x2, y2, sm2Curve.Gx, sm2Curve.Gy)
	wx, wy := sm2BaseMult(sm2TestInt(3))
	if x3.Cmp(wx) != 0 || y3.Cmp(wy) != 0 || !onSM2(x3, y3) {
		t.Error("2·G + G != 3·G")
	}
}

// TestToBER checks the BER re-encoding: not DER any more (crypto/x509
// refuses it), the same key for the reference's parser, and for OpenSSL.
func TestToBER(t *testing.T) {
	for _, spec := range []material.Spec{material.RSA2048, material.ECCNISTP256, material.ECCSECGP256K1, material.ECCNISTP521} {
		t.Run(string(spec), func(t *testing.T) {
			m, err := testmaterial.New(rand.Reader, spec)
			if err != nil {
				t.Fatal(err)
			}
			ber, err := toBER(m.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(ber, m.Bytes) {
				t.Fatal("BER equals DER")
			}
			var v asn1.RawValue
			if _, err := asn1.Unmarshal(ber, &v); err == nil {
				t.Error("encoding/asn1 accepts the BER form as DER")
			}
			if spec != material.ECCSECGP256K1 {
				if _, err := x509.ParsePKCS8PrivateKey(ber); err == nil {
					t.Error("crypto/x509 accepts the BER form as DER")
				}
			}
			k, err := material.Parse(spec, ber)
			if err != nil {
				t.Fatalf("the reference refuses the BER form: %v", err)
			}
			pub, err := k.PublicKey()
			if err != nil || !bytes.Equal(pub, m.Public) {
				t.Errorf("the BER form is another key (%v)", err)
			}
			der, err := runOpenSSL(t, ber, "pkey", "-inform", "DER", "-pubout", "-outform", "DER")
			if err == nil && !bytes.Equal(der, m.Public) {
				t.Error("OpenSSL reads another key from the BER form")
			}
		})
	}
}

// TestPooledKeys checks the pool: distinct keys for distinct indexes, the
// same key for the same index, and copies that callers may change.
func TestPooledKeys(t *testing.T) {
	a, err := pooledKey(material.RSA2048, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pooledKey(material.RSA2048, 1)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes, b.Bytes) {
		t.Error("two indexes gave the same key")
	}
	a.Bytes[0] ^= 0xFF
	again, err := pooledKey(material.RSA2048, 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Bytes[0] == a.Bytes[0] {
		t.Error("changing a handed-out key changed the pool")
	}
	if _, err := material.Parse(material.RSA2048, again.Bytes); err != nil {
		t.Errorf("pooled key: %v", err)
	}
}

// TestOpenSSLWrap wraps with the guide's OpenSSL commands and unwraps with
// the reference's code, for each algorithm and a symmetric and an RSA key.
func TestOpenSSLWrap(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl on PATH")
	}
	priv, err := wrapping.GenerateKey(rand.Reader, wrapping.RSA2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := wrapping.MarshalPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := pooledKey(material.RSA2048, 0)
	if err != nil {
		t.Fatal(err)
	}
	sym := testmaterial.HMACOfLength(rand.Reader, 32)
	for _, tc := range []struct {
		name string
		alg  types.AlgorithmSpec
		m    []byte
	}{
		{"symmetric", types.AlgorithmSpecRsaesOaepSha1, sym},
		{"symmetric", types.AlgorithmSpecRsaesOaepSha256, sym},
		{"RSA_2048", types.AlgorithmSpecRsaAesKeyWrapSha1, rsaKey.Bytes},
		{"RSA_2048", types.AlgorithmSpecRsaAesKeyWrapSha256, rsaKey.Bytes},
		{"5 bytes", types.AlgorithmSpecRsaAesKeyWrapSha256, sym[:5]}, // one KWP block: RFC 5649 §4.1 AES-ECB
	} {
		t.Run(string(tc.alg)+" "+tc.name, func(t *testing.T) {
			blob, err := opensslWrap(context.Background(), pub, tc.alg, tc.m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := wrapping.Unwrap(priv, wrapping.Algorithm(tc.alg), blob)
			if err != nil {
				t.Fatalf("the reference cannot unwrap OpenSSL's blob: %v", err)
			}
			if !bytes.Equal(got, tc.m) {
				t.Error("the unwrapped material differs")
			}
			// Another algorithm with the same hash must not unwrap it.
			other := map[types.AlgorithmSpec]wrapping.Algorithm{
				types.AlgorithmSpecRsaesOaepSha1: wrapping.OAEPSHA256, types.AlgorithmSpecRsaesOaepSha256: wrapping.OAEPSHA1,
				types.AlgorithmSpecRsaAesKeyWrapSha1: wrapping.RSAAESKeyWrapSHA256, types.AlgorithmSpecRsaAesKeyWrapSha256: wrapping.RSAAESKeyWrapSHA1,
			}[tc.alg]
			if _, err := wrapping.Unwrap(priv, other, blob); err == nil {
				t.Errorf("%s unwraps a %s blob", other, tc.alg)
			}
		})
	}
	if _, err := opensslWrap(context.Background(), pub, types.AlgorithmSpecRsaesPkcs1V15, sym); err == nil {
		t.Error("opensslWrap wrapped with an algorithm the guide has no command for")
	}
	if _, err := opensslWrap(context.Background(), []byte("not a key"), types.AlgorithmSpecRsaesOaepSha256, sym); err == nil {
		t.Error("opensslWrap wrapped under a public key that is not one")
	}
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "kmsconform-openssl-*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left behind: %v", left)
	}
}

// TestCutToOAEP checks the prefix length against RFC 8017 §7.1.1 and that
// the cut material does wrap.
func TestCutToOAEP(t *testing.T) {
	priv, err := wrapping.GenerateKey(rand.Reader, wrapping.RSA2048)
	if err != nil {
		t.Fatal(err)
	}
	long := make([]byte, 300)
	for _, tc := range []struct {
		alg  types.AlgorithmSpec
		want int
	}{
		{types.AlgorithmSpecRsaesOaepSha1, 256 - 2*20 - 2},
		{types.AlgorithmSpecRsaesOaepSha256, 256 - 2*32 - 2},
	} {
		cut, err := cutToOAEP(&priv.PublicKey, tc.alg, long)
		if err != nil || len(cut) != tc.want {
			t.Errorf("%s: %d bytes, %v; want %d", tc.alg, len(cut), err, tc.want)
			continue
		}
		if _, err := wrapping.Wrap(rand.Reader, &priv.PublicKey, wrapping.Algorithm(tc.alg), cut); err != nil {
			t.Errorf("%s: the cut material does not wrap: %v", tc.alg, err)
		}
	}
	if _, err := cutToOAEP(&priv.PublicKey, types.AlgorithmSpecRsaesOaepSha256, long[:190]); err == nil {
		t.Error("material that fits one block was cut")
	}
	if _, err := cutToOAEP(&priv.PublicKey, types.AlgorithmSpecRsaAesKeyWrapSha256, long); err == nil {
		t.Error("cut for an RSA_AES_KEY_WRAP algorithm")
	}
}

func sm2TestInt(n int64) *big.Int { return big.NewInt(n) }

// onSM2 says whether (x, y) satisfies y² = x³ + ax + b mod p.
func onSM2(x, y *big.Int) bool {
	p := sm2Curve.P
	lhs := new(big.Int).Mul(y, y)
	lhs.Mod(lhs, p)
	rhs := new(big.Int).Mul(x, x)
	rhs.Mul(rhs, x).Add(rhs, new(big.Int).Mul(sm2Curve.A, x)).Add(rhs, sm2Curve.B).Mod(rhs, p)
	return lhs.Cmp(rhs) == 0
}
