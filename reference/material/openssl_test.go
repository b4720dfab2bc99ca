package material

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestOpenSSLManifest parses every OpenSSL-made file as manifest.txt says and, for accepted keys, compares
// the derived public key with OpenSSL's (MATERIAL-009) and the parsed key with crypto/x509's.
func TestOpenSSLManifest(t *testing.T) {
	for _, l := range readManifest(t) {
		t.Run(fmt.Sprintf("manifest.txt:%d %s/%s/%s", l.n, l.rule, l.file, l.spec), func(t *testing.T) {
			t.Parallel()
			b := readFile(t, l.file)
			k, err := Parse(l.spec, b)
			switch l.expect {
			case "unsupported":
				if !errors.Is(err, ErrUnsupportedSpec) {
					t.Fatalf("Parse = %v, want ErrUnsupportedSpec", err)
				}
				return
			case "incorrect":
				if !errors.Is(err, ErrIncorrect) || errors.Is(err, ErrUnsupportedSpec) {
					t.Fatalf("Parse = %v, want ErrIncorrect", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse = %v, want success", err)
			}
			if k.Spec() != l.spec {
				t.Fatalf("Spec() = %s", k.Spec())
			}
			pub, err := k.PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			if want := readFile(t, strings.TrimSuffix(l.file, ".der")+".pub.der"); !bytes.Equal(pub, want) {
				t.Fatalf("PublicKey() differs from openssl pkey -pubout")
			}
			again, err := Parse(l.spec, b)
			if err != nil || !k.Same(again) || k.ID("k") != again.ID("k") {
				t.Fatalf("a second Parse of the same bytes is not the same material (err %v)", err)
			}
			if l.spec == ECCSECGP256K1 {
				return // crypto/x509 knows no secp256k1
			}
			std, err := x509.ParsePKCS8PrivateKey(b)
			if err != nil {
				t.Fatalf("crypto/x509 refuses a key material accepts: %v", err)
			}
			var stdPub any
			switch s := std.(type) {
			case *rsa.PrivateKey:
				stdPub = &s.PublicKey
			case *ecdsa.PrivateKey:
				stdPub = &s.PublicKey
			}
			stdDER, err := x509.MarshalPKIXPublicKey(stdPub)
			if err != nil || !bytes.Equal(stdDER, pub) {
				t.Fatalf("PublicKey() differs from crypto/x509's (err %v)", err)
			}
		})
	}
}

// TestOpenSSLVectors checks signatures, RSA-OAEP ciphertexts and ECDH secrets that OpenSSL made with the test
// keys (USE-010, USE-011, USE-012).
func TestOpenSSLVectors(t *testing.T) {
	msg := readFile(t, "message.bin")
	for _, l := range readVectors(t) {
		t.Run(fmt.Sprintf("vectors.txt:%d %s/%s/%s", l.n, l.op, l.key, l.alg), func(t *testing.T) {
			t.Parallel()
			k, err := Parse(l.spec, readFile(t, l.key))
			if err != nil {
				t.Fatal(err)
			}
			data := readFile(t, l.file)
			switch l.op {
			case "verify":
				if err := k.Verify(l.alg, "RAW", msg, data); err != nil {
					t.Fatalf("Verify(OpenSSL signature) = %v", err)
				}
				der, _ := k.PublicKey()
				pub, err := ParsePublic(l.spec, der)
				if err != nil {
					t.Fatal(err)
				}
				if err := pub.Verify(l.alg, "RAW", msg, data); err != nil {
					t.Fatalf("Public.Verify(OpenSSL signature) = %v", err)
				}
				if err := k.Verify(l.alg, "RAW", append([]byte("x"), msg...), data); !errors.Is(err, ErrInvalidSignature) {
					t.Fatalf("Verify(other message) = %v, want ErrInvalidSignature", err)
				}
			case "decrypt":
				pt, err := k.Decrypt(l.alg, data)
				if err != nil || !bytes.Equal(pt, msg) {
					t.Fatalf("Decrypt(OpenSSL ciphertext) = %v, plaintext equal %v", err, bytes.Equal(pt, msg))
				}
			case "derive":
				secret, err := k.DeriveSharedSecret(l.alg, readFile(t, l.peer))
				if err != nil || !bytes.Equal(secret, data) {
					t.Fatalf("DeriveSharedSecret = %v, equal to OpenSSL's %v", err, bytes.Equal(secret, data))
				}
			}
		})
	}
}
