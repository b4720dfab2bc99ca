package testmaterial

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rsa"
	_ "crypto/sha1" // RSAES_OAEP_SHA_1
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"fmt"
	"io"

	"github.com/kmsconform/kmsconform/reference/material"
)

// The local checks below use the standard library directly where it is small, so that the suite does not
// check the reference only against the reference's own code; signature verification goes through
// material.ParsePublic because crypto/x509 cannot read secp256k1 keys.

// VerifySignature checks a signature KMS made (USE-010) with the DER SubjectPublicKeyInfo of a key of spec,
// for alg and messageType ("RAW" or "DIGEST") as KMS's Sign takes them; a bad signature wraps
// material.ErrInvalidSignature.
func VerifySignature(spec material.Spec, publicKeyDER []byte, alg, messageType string, msg, sig []byte) error {
	pub, err := material.ParsePublic(spec, publicKeyDER)
	if err != nil {
		return fmt.Errorf("testmaterial: %w", err)
	}
	if err := pub.Verify(alg, messageType, msg, sig); err != nil {
		return fmt.Errorf("testmaterial: %w", err)
	}
	return nil
}

var macHashes = map[string]crypto.Hash{
	"HMAC_SHA_224": crypto.SHA224,
	"HMAC_SHA_256": crypto.SHA256,
	"HMAC_SHA_384": crypto.SHA384,
	"HMAC_SHA_512": crypto.SHA512,
}

// HMAC computes the RFC 2104 HMAC of msg under key for a KMS MAC algorithm (HMAC_SHA_224 ... HMAC_SHA_512),
// what GenerateMac must return (USE-008).
func HMAC(alg string, key, msg []byte) ([]byte, error) {
	h, ok := macHashes[alg]
	if !ok {
		return nil, fmt.Errorf("testmaterial: unknown MAC algorithm %q", alg)
	}
	m := hmac.New(h.New, key)
	m.Write(msg)
	return m.Sum(nil), nil
}

// SharedSecret computes ECDH between the NIST-curve private key of peer and a DER SubjectPublicKeyInfo (the
// KMS key's, from GetPublicKey): the x-coordinate DeriveSharedSecret must return (USE-012).
func SharedSecret(peer Material, publicKeyDER []byte) ([]byte, error) {
	priv, ok := peer.Private.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("testmaterial: %s material has no NIST-curve private key", peer.Spec)
	}
	k, err := x509.ParsePKIXPublicKey(publicKeyDER)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: public key: %w", err)
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("testmaterial: public key is not an ECC key")
	}
	privECDH, err := priv.ECDH()
	if err != nil {
		return nil, fmt.Errorf("testmaterial: private key: %w", err)
	}
	pubECDH, err := pub.ECDH()
	if err != nil {
		return nil, fmt.Errorf("testmaterial: public key: %w", err)
	}
	secret, err := privECDH.ECDH(pubECDH)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: ECDH: %w", err)
	}
	return secret, nil
}

func oaepHash(alg string) (crypto.Hash, error) {
	switch alg {
	case "RSAES_OAEP_SHA_1":
		return crypto.SHA1, nil
	case "RSAES_OAEP_SHA_256":
		return crypto.SHA256, nil
	}
	return 0, fmt.Errorf("testmaterial: unknown RSA encryption algorithm %q", alg)
}

// EncryptOAEP encrypts plaintext for an RSA key's DER SubjectPublicKeyInfo with RSAES_OAEP_SHA_1 or
// RSAES_OAEP_SHA_256 (MGF1 with the same hash, empty label), for KMS's Decrypt (USE-011).
func EncryptOAEP(rand io.Reader, publicKeyDER []byte, alg string, plaintext []byte) ([]byte, error) {
	h, err := oaepHash(alg)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(publicKeyDER)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: public key: %w", err)
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("testmaterial: public key is not an RSA key")
	}
	ct, err := rsa.EncryptOAEP(h.New(), rand, pub, plaintext, nil)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: RSA-OAEP: %w", err)
	}
	return ct, nil
}

// DecryptOAEP decrypts KMS's Encrypt output with the RSA private key of m (USE-011).
func DecryptOAEP(m Material, alg string, ciphertext []byte) ([]byte, error) {
	h, err := oaepHash(alg)
	if err != nil {
		return nil, err
	}
	priv, ok := m.Private.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("testmaterial: %s material has no RSA private key", m.Spec)
	}
	pt, err := rsa.DecryptOAEP(h.New(), nil, priv, ciphertext, nil)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: RSA-OAEP: %w", err)
	}
	return pt, nil
}

// SealGCM encrypts plaintext with AES-256-GCM under 32-byte symmetric material, a random 12-byte nonce and no
// additional data, returning nonce || ciphertext || tag: the ciphertext "produced outside KMS" that KMS must
// not decrypt (USE-014).
func SealGCM(rand io.Reader, key, plaintext []byte) ([]byte, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("testmaterial: AES-256 needs 32 bytes of material, not %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: AES: %w", err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: GCM: %w", err)
	}
	nonce, err := randomBytes(rand, g.NonceSize())
	if err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plaintext, nil), nil
}
