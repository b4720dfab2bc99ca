package material

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
	"errors"
	"fmt"
	"io"
	"strings"

	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

const gcmNonceSize = 12

func (k *Key) aead() (cipher.AEAD, error) {
	if k.spec != SymmetricDefault {
		return nil, fmt.Errorf("%w: %s is not a symmetric encryption key", ErrAlgorithm, k.spec)
	}
	block, err := aes.NewCipher(k.canonical) // AES-256: MATERIAL-001 guarantees 32 bytes
	if err != nil {
		return nil, fmt.Errorf("material: AES key: %w", err)
	}
	return cipher.NewGCM(block)
}

// Seal encrypts plaintext with a SYMMETRIC_DEFAULT key: AES-256-GCM under a random 12-byte nonce, binding aad,
// which the caller builds from the key ID, the material ID and the encryption context. It returns
// nonce || ciphertext || tag.
func (k *Key) Seal(rand io.Reader, plaintext, aad []byte) ([]byte, error) {
	g, err := k.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcmNonceSize, gcmNonceSize+len(plaintext)+g.Overhead())
	if _, err := io.ReadFull(rand, nonce); err != nil {
		return nil, fmt.Errorf("material: nonce: %w", err)
	}
	return g.Seal(nonce, nonce, plaintext, aad), nil
}

// Open decrypts what Seal returned for the same aad; every failure is ErrDecryption.
func (k *Key) Open(sealed, aad []byte) ([]byte, error) {
	g, err := k.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcmNonceSize+g.Overhead() {
		return nil, ErrDecryption
	}
	pt, err := g.Open(nil, sealed[:gcmNonceSize], sealed[gcmNonceSize:], aad)
	if err != nil {
		return nil, ErrDecryption
	}
	return pt, nil
}

// MAC computes the RFC 2104 HMAC of msg with the material as the key (USE-008). alg must be the one
// HMAC_SHA_* algorithm of the key's spec, else ErrAlgorithm.
func (k *Key) MAC(alg string, msg []byte) ([]byte, error) {
	info := specs[k.spec]
	if info.family != famHMAC || alg != macAlgorithm(info.hash) {
		return nil, fmt.Errorf("%w: %q is not the MAC algorithm of a %s key", ErrAlgorithm, alg, k.spec)
	}
	// RFC 2104 §2: a key longer than the hash's block size is hashed first; crypto/hmac does so.
	m := hmac.New(info.hash.New, k.canonical)
	m.Write(msg)
	return m.Sum(nil), nil
}

// VerifyMAC checks mac against MAC(alg, msg) in constant time; a mismatch is ErrInvalidMAC.
func (k *Key) VerifyMAC(alg string, msg, mac []byte) error {
	want, err := k.MAC(alg, msg)
	if err != nil {
		return err
	}
	if !hmac.Equal(want, mac) {
		return ErrInvalidMAC
	}
	return nil
}

// oaepHash maps KMS's RSA encryption algorithms to the OAEP hash; MGF1 uses the same hash and the label is
// empty (RFC 8017 §7.1).
func oaepHash(alg string) (crypto.Hash, bool) {
	switch alg {
	case "RSAES_OAEP_SHA_1":
		return crypto.SHA1, true
	case "RSAES_OAEP_SHA_256":
		return crypto.SHA256, true
	}
	return 0, false
}

// Encrypt encrypts plaintext with the public half of an RSA key by RSAES-OAEP (RFC 8017 §7.1.1, USE-011).
func (k *Key) Encrypt(rand io.Reader, alg string, plaintext []byte) ([]byte, error) {
	if k.pub == nil {
		return nil, fmt.Errorf("%w: %s keys do not encrypt with %q", ErrAlgorithm, k.spec, alg)
	}
	return k.pub.Encrypt(rand, alg, plaintext)
}

// Encrypt encrypts plaintext by RSAES-OAEP (RFC 8017 §7.1.1) with alg RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256.
// A plaintext longer than the key allows is ErrInvalidInput.
func (p *Public) Encrypt(rand io.Reader, alg string, plaintext []byte) ([]byte, error) {
	h, ok := oaepHash(alg)
	if !ok || p.rsa == nil {
		return nil, fmt.Errorf("%w: %s keys do not encrypt with %q", ErrAlgorithm, p.spec, alg)
	}
	ct, err := rsa.EncryptOAEP(h.New(), rand, p.rsa, plaintext, nil)
	if errors.Is(err, rsa.ErrMessageTooLong) {
		return nil, fmt.Errorf("%w: plaintext too long for %s with %s", ErrInvalidInput, p.spec, alg)
	}
	if err != nil {
		return nil, fmt.Errorf("material: RSA-OAEP: %w", err)
	}
	return ct, nil
}

// Decrypt decrypts RSAES-OAEP ciphertext (RFC 8017 §7.1.2) with an RSA key; every failure to open is
// ErrDecryption.
func (k *Key) Decrypt(alg string, ciphertext []byte) ([]byte, error) {
	h, ok := oaepHash(alg)
	if !ok || k.rsa == nil {
		return nil, fmt.Errorf("%w: %s keys do not decrypt with %q", ErrAlgorithm, k.spec, alg)
	}
	pt, err := rsa.DecryptOAEP(h.New(), nil, k.rsa, ciphertext, nil)
	if err != nil {
		return nil, ErrDecryption
	}
	return pt, nil
}

// digest returns what is signed for msg: its hash for MessageType RAW (the default), msg itself for DIGEST,
// which must then be exactly the hash's size.
func digest(h crypto.Hash, messageType string, msg []byte) ([]byte, error) {
	switch messageType {
	case "RAW", "":
		d := h.New()
		d.Write(msg)
		return d.Sum(nil), nil
	case "DIGEST":
		if len(msg) != h.Size() {
			return nil, fmt.Errorf("%w: digest is %d bytes, the algorithm needs %d", ErrInvalidInput, len(msg), h.Size())
		}
		return msg, nil
	}
	return nil, fmt.Errorf("%w: message type %q", ErrInvalidInput, messageType)
}

// Sign signs msg with an RSA or ECC key (USE-010): RSASSA_PSS_* with a salt as long as the hash (RFC 8017
// §8.1), RSASSA_PKCS1_V1_5_* (RFC 8017 §8.2), or the one ECDSA_* algorithm KMS allows for the key's curve
// (SEC 1 §4.1.3), as a DER ECDSA-Sig-Value (RFC 3279 §2.2.3). Any other algorithm is ErrAlgorithm.
func (k *Key) Sign(rand io.Reader, alg, messageType string, msg []byte) ([]byte, error) {
	if k.pub == nil || !signingAllowed(k.spec, alg) {
		return nil, fmt.Errorf("%w: %s keys do not sign with %q", ErrAlgorithm, k.spec, alg)
	}
	h := signingHashes[alg]
	d, err := digest(h, messageType, msg)
	if err != nil {
		return nil, err
	}
	var sig []byte
	switch {
	case k.rsa != nil && isPSS(alg):
		sig, err = rsa.SignPSS(rand, k.rsa, h, d, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case k.rsa != nil:
		sig, err = rsa.SignPKCS1v15(rand, k.rsa, h, d)
	case k.ec != nil:
		sig, err = ecdsa.SignASN1(rand, k.ec, d)
	default:
		sig = secpecdsa.Sign(k.k1, d).Serialize() // RFC 6979 nonce, low-S form
	}
	if err != nil {
		return nil, fmt.Errorf("material: sign with %s: %w", alg, err)
	}
	return sig, nil
}

func isPSS(alg string) bool { return strings.HasPrefix(alg, "RSASSA_PSS_") }

// Verify checks a signature made by Sign (or by any implementation of the same algorithm) with the key's
// public half; a signature that does not verify is ErrInvalidSignature.
func (k *Key) Verify(alg, messageType string, msg, sig []byte) error {
	if k.pub == nil {
		return fmt.Errorf("%w: %s keys do not verify %q", ErrAlgorithm, k.spec, alg)
	}
	return k.pub.Verify(alg, messageType, msg, sig)
}

// Verify checks a signature as Key.Verify does.
func (p *Public) Verify(alg, messageType string, msg, sig []byte) error {
	if !signingAllowed(p.spec, alg) {
		return fmt.Errorf("%w: %s keys do not verify %q", ErrAlgorithm, p.spec, alg)
	}
	h := signingHashes[alg]
	d, err := digest(h, messageType, msg)
	if err != nil {
		return err
	}
	ok := false
	switch {
	case p.rsa != nil && isPSS(alg):
		ok = rsa.VerifyPSS(p.rsa, h, d, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
	case p.rsa != nil:
		ok = rsa.VerifyPKCS1v15(p.rsa, h, d, sig) == nil
	case p.ec != nil:
		ok = ecdsa.VerifyASN1(p.ec, d, sig)
	case p.k1 != nil:
		s, err := secpecdsa.ParseDERSignature(sig)
		ok = err == nil && s.Verify(d, p.k1)
	}
	if !ok {
		return ErrInvalidSignature
	}
	return nil
}

// DeriveSharedSecret performs ECDH (SEC 1 §3.3.1, alg "ECDH") between a NIST-curve key and the peer's DER
// SubjectPublicKeyInfo on the same curve, and returns the raw shared secret, the x-coordinate, as KMS's
// DeriveSharedSecret does (USE-012). A peer key that is not a point on the key's curve is ErrInvalidInput.
func (k *Key) DeriveSharedSecret(alg string, peerPublicKeyDER []byte) ([]byte, error) {
	if k.ec == nil || alg != "ECDH" {
		return nil, fmt.Errorf("%w: %s keys do not derive shared secrets with %q", ErrAlgorithm, k.spec, alg)
	}
	peer, err := x509.ParsePKIXPublicKey(peerPublicKeyDER)
	if err != nil {
		return nil, fmt.Errorf("%w: peer public key is not a SubjectPublicKeyInfo", ErrInvalidInput)
	}
	pub, ok := peer.(*ecdsa.PublicKey)
	if !ok || pub.Curve != k.ec.Curve {
		return nil, fmt.Errorf("%w: peer public key is not on the curve of %s", ErrInvalidInput, k.spec)
	}
	peerECDH, err := pub.ECDH()
	if err != nil {
		return nil, fmt.Errorf("%w: peer public key is not a valid point", ErrInvalidInput)
	}
	priv, err := k.ec.ECDH()
	if err != nil {
		return nil, fmt.Errorf("material: ECDH private key: %w", err)
	}
	secret, err := priv.ECDH(peerECDH)
	if err != nil {
		return nil, fmt.Errorf("%w: peer public key: %w", ErrInvalidInput, err)
	}
	return secret, nil
}
