package wrapping

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"testing"
)

// BenchmarkUnwrap measures the server's unwrap of a 32-byte material
// (SYMMETRIC_DEFAULT) per spec and algorithm; compare with
// BenchmarkRSADecrypt to see what the wrapping adds to the private-key
// operation.
func BenchmarkUnwrap(b *testing.B) {
	m := bytes.Repeat([]byte{0x42}, 32)
	for _, s := range specs {
		priv := testKey(b, s)
		for _, alg := range algorithms {
			blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, m)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%s", s, alg), func(b *testing.B) {
				for b.Loop() {
					if _, err := Unwrap(priv, alg, blob); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkRSADecrypt is the baseline the import cycle cannot avoid: one RSA
// private-key decryption per spec, through rsa.DecryptOAEP (crypto/rsa has no
// raw RSA; the OAEP decoding costs microseconds against milliseconds).
func BenchmarkRSADecrypt(b *testing.B) {
	for _, s := range specs {
		priv := testKey(b, s)
		ct, err := rsa.EncryptOAEP(crypto.SHA256.New(), rand.Reader, &priv.PublicKey, make([]byte, 32), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(s), func(b *testing.B) {
			for b.Loop() {
				if _, err := rsa.DecryptOAEP(crypto.SHA256.New(), nil, priv, ct, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
