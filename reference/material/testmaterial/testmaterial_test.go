package testmaterial

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reference/material"
)

const opensslDir = "../testdata/openssl"

func deterministic(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(opensslDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var keyFiles = map[material.Spec]string{
	material.RSA2048: "rsa2048", material.RSA3072: "rsa3072", material.RSA4096: "rsa4096",
	material.ECCNISTP256: "p256", material.ECCNISTP384: "p384", material.ECCNISTP521: "p521",
	material.ECCSECGP256K1: "secp256k1",
}

// pregenerated is a source of the OpenSSL-made test keys, so that no test waits for RSA key generation.
func pregenerated(t testing.TB) source {
	return source{
		valid: func(s material.Spec) (Material, error) {
			if f, ok := keyFiles[s]; ok {
				return Load(s, readFile(t, f+".der"))
			}
			return New(deterministic(1), s)
		},
		threePrime: func(s material.Spec) ([]byte, error) {
			return readFile(t, keyFiles[s]+"-3prime.der"), nil
		},
	}
}

func TestNew(t *testing.T) {
	for _, spec := range material.Specs() {
		t.Run(string(spec), func(t *testing.T) {
			if testing.Short() && (spec == material.RSA3072 || spec == material.RSA4096) {
				t.Skip("RSA_3072/RSA_4096 generation takes seconds")
			}
			m, err := New(deterministic(2), spec)
			if err != nil {
				t.Fatal(err)
			}
			k, err := m.Key()
			if err != nil {
				t.Fatalf("the reference refuses New's material: %v", err)
			}
			if m.Spec != spec || k.Spec() != spec {
				t.Fatalf("spec %s / %s", m.Spec, k.Spec())
			}
			if !material.Asymmetric(spec) {
				want := map[material.Spec]int{material.SymmetricDefault: 32, material.HMAC224: 28,
					material.HMAC256: 32, material.HMAC384: 48, material.HMAC512: 64}[spec]
				if len(m.Bytes) != want || m.Private != nil || m.Public != nil {
					t.Fatalf("%d bytes, private %v, public %v", len(m.Bytes), m.Private != nil, m.Public != nil)
				}
				return
			}
			if pub, _ := k.PublicKey(); !bytes.Equal(pub, m.Public) {
				t.Fatal("Public differs from the reference's GetPublicKey answer")
			}
			if spec == material.ECCSECGP256K1 {
				if m.Private != nil {
					t.Fatal("secp256k1 material has a crypto.Signer")
				}
				opensslPublic(t, m.Bytes, m.Public) // crypto/x509 cannot read it: OpenSSL must
				return
			}
			der, err := x509.MarshalPKIXPublicKey(m.Private.Public())
			if err != nil || !bytes.Equal(der, m.Public) {
				t.Fatalf("Public is not Private's public key (%v)", err)
			}
		})
	}
	if _, err := New(deterministic(1), "ML_DSA_65"); !errors.Is(err, material.ErrUnsupportedSpec) {
		t.Fatalf("New(ML_DSA_65) = %v", err)
	}
}

func TestLoad(t *testing.T) {
	for spec, f := range keyFiles {
		t.Run(f, func(t *testing.T) {
			m, err := Load(spec, readFile(t, f+".der"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(m.Public, readFile(t, f+".pub.der")) {
				t.Fatal("Public differs from openssl pkey -pubout")
			}
			if (m.Private == nil) != (spec == material.ECCSECGP256K1) {
				t.Fatal("Private set wrongly")
			}
		})
	}
	if _, err := Load(material.RSA2048, readFile(t, "rsa2048-pkcs1.der")); !errors.Is(err, material.ErrIncorrect) {
		t.Fatalf("Load(PKCS#1) = %v", err)
	}
	if _, err := Load(material.HMAC256, HMACOfLength(deterministic(1), 31)); !errors.Is(err, material.ErrIncorrect) {
		t.Fatalf("Load(31-byte HMAC_256) = %v", err)
	}
}

// reasons says why the reference must refuse each kind, as a part of its error message, so that a variant is
// refused for its own flaw and not an accidental one. An empty reason accepts any ErrIncorrect.
func reason(kind string, spec material.Spec) string {
	switch kind {
	case PKCS1, SEC1, EncryptedPKCS8, PublicKeyOnly:
		return "not a PKCS#8 PrivateKeyInfo"
	case PEM, TrailingData:
		return "not a DER or BER encoding"
	case ThreePrimeRSA:
		return "not a two-prime key"
	case ExplicitCurve:
		return "does not use a named curve"
	case WrongCurve, Secp256k1Key:
		return "another curve"
	case RSAKey:
		return "id-ecPublicKey"
	case ECCKey:
		if spec == material.SymmetricDefault {
			return "it must be 32"
		}
		return "rsaEncryption"
	case WrongSize:
		if isRSA(spec) {
			return "RSA modulus is"
		}
		return "it must be"
	case TooLong:
		return "it must be"
	}
	return ""
}

func TestMalformed(t *testing.T) {
	src := pregenerated(t)
	all := []string{PKCS1, SEC1, PEM, EncryptedPKCS8, Random, ThreePrimeRSA, WrongSize, TooLong, ExplicitCurve,
		WrongCurve, Secp256k1Key, ECCKey, RSAKey, PublicKeyOnly, TrailingData}
	used := map[string]bool{}
	for _, spec := range material.Specs() {
		for _, kind := range all {
			applies := slices.Contains(Kinds(spec), kind)
			t.Run(fmt.Sprintf("%s/%s", spec, kind), func(t *testing.T) {
				b, err := malformed(deterministic(3), kind, spec, src)
				if !applies {
					if err == nil {
						t.Fatal("a kind that does not apply gave material")
					}
					return
				}
				used[kind] = true
				if err != nil {
					t.Fatal(err)
				}
				_, err = material.Parse(spec, b)
				if !errors.Is(err, material.ErrIncorrect) || !strings.Contains(err.Error(), reason(kind, spec)) {
					t.Fatalf("Parse = %v, want ErrIncorrect with %q", err, reason(kind, spec))
				}
				if m, _ := src.valid(spec); len(m.Bytes) >= 16 && bytes.Contains([]byte(err.Error()), m.Bytes[len(m.Bytes)-16:]) {
					t.Fatal("the error message carries material")
				}
			})
		}
	}
	for _, kind := range all {
		if !used[kind] {
			t.Errorf("kind %q applies to no spec", kind)
		}
	}
	if _, err := malformed(deterministic(3), "gzip", material.RSA2048, src); err == nil {
		t.Fatal("unknown kind gave material")
	}
}

// TestMalformedOpenSSL checks with OpenSSL that the hand-made variants are what they claim: the encrypted
// PKCS#8 key decrypts to the key, and the explicit-parameters and SEC1 keys are consistent keys.
func TestMalformedOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	src := pregenerated(t)
	for _, spec := range []material.Spec{material.RSA2048, material.ECCNISTP256, material.ECCNISTP521, material.ECCSECGP256K1} {
		m, _ := src.valid(spec)
		t.Run(string(spec)+"/"+EncryptedPKCS8, func(t *testing.T) {
			b, err := malformed(deterministic(4), EncryptedPKCS8, spec, src)
			if err != nil {
				t.Fatal(err)
			}
			out := openssl(t, b, "pkcs8", "-inform", "DER", "-passin", "pass:"+EncryptionPassword, "-outform", "DER", "-nocrypt", "-topk8")
			if !bytes.Equal(out, m.Bytes) {
				t.Fatal("OpenSSL's decryption is not the original key")
			}
		})
		if spec == material.RSA2048 {
			continue
		}
		for _, kind := range []string{ExplicitCurve, SEC1} {
			t.Run(string(spec)+"/"+kind, func(t *testing.T) {
				b, err := malformed(deterministic(4), kind, spec, src)
				if err != nil {
					t.Fatal(err)
				}
				cmd := "pkey"
				if kind == SEC1 {
					cmd = "ec"
				}
				openssl(t, b, cmd, "-inform", "DER", "-check", "-noout")
				text := string(openssl(t, b, cmd, "-inform", "DER", "-noout", "-text"))
				if explicit := strings.Contains(text, "Field Type: prime-field"); explicit != (kind == ExplicitCurve) {
					t.Fatalf("OpenSSL sees explicit parameters: %v", explicit)
				}
			})
		}
	}
}

func openssl(t *testing.T, in []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// opensslPublic checks that OpenSSL reads the PKCS#8 key and derives the same public key.
func opensslPublic(t *testing.T, der, public []byte) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Log("openssl is not installed: secp256k1 PKCS#8 not cross-checked")
		return
	}
	if out := openssl(t, der, "pkey", "-inform", "DER", "-pubout", "-outform", "DER"); !bytes.Equal(out, public) {
		t.Fatal("OpenSSL derives another public key")
	}
}

func TestLocalChecks(t *testing.T) {
	src := pregenerated(t)
	rnd := deterministic(5)
	msg := []byte("message")

	t.Run("VerifySignature", func(t *testing.T) {
		for spec := range keyFiles {
			m, _ := src.valid(spec)
			k, _ := m.Key()
			a, _ := material.AlgorithmsFor(spec, "SIGN_VERIFY")
			for _, alg := range a.Signing {
				sig, err := k.Sign(rnd, alg, "RAW", msg)
				if err != nil {
					t.Fatal(err)
				}
				if err := VerifySignature(spec, m.Public, alg, "RAW", msg, sig); err != nil {
					t.Fatalf("%s %s: %v", spec, alg, err)
				}
				sig[len(sig)/2] ^= 1
				if err := VerifySignature(spec, m.Public, alg, "RAW", msg, sig); !errors.Is(err, material.ErrInvalidSignature) {
					t.Fatalf("%s %s flipped: %v", spec, alg, err)
				}
			}
		}
	})
	t.Run("HMAC", func(t *testing.T) {
		for _, spec := range []material.Spec{material.HMAC224, material.HMAC256, material.HMAC384, material.HMAC512} {
			m, _ := New(rnd, spec)
			k, _ := m.Key()
			a, _ := material.AlgorithmsFor(spec, "GENERATE_VERIFY_MAC")
			want, _ := k.MAC(a.MAC[0], msg)
			got, err := HMAC(a.MAC[0], m.Bytes, msg)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: %v", spec, err)
			}
		}
		std := hmac.New(sha256.New, []byte("key"))
		std.Write(msg)
		if got, _ := HMAC("HMAC_SHA_256", []byte("key"), msg); !bytes.Equal(got, std.Sum(nil)) {
			t.Fatal("HMAC differs from crypto/hmac")
		}
		if _, err := HMAC("HMAC_SHA_1", []byte("key"), msg); err == nil {
			t.Fatal("HMAC_SHA_1 accepted")
		}
	})
	t.Run("SharedSecret", func(t *testing.T) {
		for _, spec := range []material.Spec{material.ECCNISTP256, material.ECCNISTP384, material.ECCNISTP521} {
			kms, _ := src.valid(spec)
			peer, err := New(rnd, spec)
			if err != nil {
				t.Fatal(err)
			}
			k, _ := kms.Key()
			want, err := k.DeriveSharedSecret("ECDH", peer.Public)
			if err != nil {
				t.Fatal(err)
			}
			got, err := SharedSecret(peer, kms.Public)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: %v", spec, err)
			}
			p, _ := peer.Private.(*ecdsa.PrivateKey).ECDH()
			if _, ok := any(p).(*ecdh.PrivateKey); !ok {
				t.Fatal("not an ECDH key")
			}
		}
		rsaM, _ := src.valid(material.RSA2048)
		if _, err := SharedSecret(rsaM, rsaM.Public); err == nil {
			t.Fatal("SharedSecret with an RSA key")
		}
	})
	t.Run("OAEP", func(t *testing.T) {
		m, _ := src.valid(material.RSA2048)
		k, _ := m.Key()
		for _, alg := range []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"} {
			ct, err := EncryptOAEP(rnd, m.Public, alg, msg)
			if err != nil {
				t.Fatal(err)
			}
			if pt, err := k.Decrypt(alg, ct); err != nil || !bytes.Equal(pt, msg) {
				t.Fatalf("the reference cannot decrypt EncryptOAEP %s: %v", alg, err)
			}
			ct, _ = k.Encrypt(rnd, alg, msg)
			if pt, err := DecryptOAEP(m, alg, ct); err != nil || !bytes.Equal(pt, msg) {
				t.Fatalf("DecryptOAEP %s: %v", alg, err)
			}
		}
		if _, err := EncryptOAEP(rnd, m.Public, "RSAES_PKCS1_V1_5", msg); err == nil {
			t.Fatal("RSAES_PKCS1_V1_5 accepted")
		}
	})
	t.Run("SealGCM", func(t *testing.T) {
		m, _ := New(rnd, material.SymmetricDefault)
		sealed, err := SealGCM(rnd, m.Bytes, msg)
		if err != nil {
			t.Fatal(err)
		}
		// Same layout as the reference's Seal, so only KMS's own envelope and binding can refuse it (USE-014).
		k, _ := m.Key()
		if pt, err := k.Open(sealed, nil); err != nil || !bytes.Equal(pt, msg) {
			t.Fatalf("not AES-256-GCM nonce || ciphertext || tag: %v", err)
		}
		if _, err := SealGCM(rnd, m.Bytes[:16], msg); err == nil {
			t.Fatal("16-byte key accepted")
		}
	})
	if n := len(HMACOfLength(rnd, 129)); n != 129 {
		t.Fatalf("HMACOfLength(129) gave %d bytes", n)
	}
}
