// Package wrapping implements the wrapping of key material for import into
// AWS KMS, both directions: the client's Wrap and the server's Unwrap, for the
// wrapping algorithms of GetParametersForImport:
//
//   - RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256: RSAES-OAEP of [RFC 8017] §7.1
//     with SHA-1 or SHA-256 as both the hash and the MGF1 hash, and an empty
//     label (rules WRAP-001, WRAP-002);
//   - RSA_AES_KEY_WRAP_SHA_1 and RSA_AES_KEY_WRAP_SHA_256: a fresh 256-bit AES
//     key, RSAES-OAEP-encrypted as above to exactly the modulus length,
//     followed by the AES key wrap with padding of the material under that key,
//     [RFC 5649] / [NIST SP 800-38F] KWP, see package kwp (rule WRAP-003).
//
// RSAES_PKCS1_V1_5 is refused (PARAMS-011) and SM2PKE with the SM2 wrapping key
// spec, which exist only in China Regions, are not implemented; both yield
// ErrUnsupported. The wire format and the OpenSSL commands that produce it are
// in the [AWS KMS developer guide].
//
// Unwrap returns the single error ErrDecryption for every blob that cannot be
// unwrapped, whichever part failed, so that a server built on it is not an
// oracle for either layer.
//
// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017.html#section-7.1
// [RFC 5649]: https://www.rfc-editor.org/rfc/rfc5649.html
// [NIST SP 800-38F]: https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-38F.pdf
// [AWS KMS developer guide]: https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
package wrapping

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"

	// Registered for crypto.Hash.New.
	_ "crypto/sha1"
	_ "crypto/sha256"

	"github.com/kmsconform/kmsconform/reference/wrapping/kwp"
)

// Algorithm is a KMS wrapping algorithm, the AlgorithmSpec enum of
// GetParametersForImport.
type Algorithm string

// The AlgorithmSpec values.
const (
	OAEPSHA1            Algorithm = "RSAES_OAEP_SHA_1"
	OAEPSHA256          Algorithm = "RSAES_OAEP_SHA_256"
	RSAAESKeyWrapSHA1   Algorithm = "RSA_AES_KEY_WRAP_SHA_1"
	RSAAESKeyWrapSHA256 Algorithm = "RSA_AES_KEY_WRAP_SHA_256"
	PKCS1v15            Algorithm = "RSAES_PKCS1_V1_5" // refused (PARAMS-011)
	SM2PKE              Algorithm = "SM2PKE"           // China Regions only; not implemented (no @sm2)
)

// Spec is a KMS wrapping key spec, the WrappingKeySpec enum of
// GetParametersForImport.
type Spec string

// The WrappingKeySpec values.
const (
	RSA2048 Spec = "RSA_2048"
	RSA3072 Spec = "RSA_3072"
	RSA4096 Spec = "RSA_4096"
	SM2     Spec = "SM2" // China Regions only; not implemented
)

// Bits returns the RSA modulus size of the spec, or 0 for SM2 and unknown
// values.
func (s Spec) Bits() int {
	switch s {
	case RSA2048:
		return 2048
	case RSA3072:
		return 3072
	case RSA4096:
		return 4096
	}
	return 0
}

// ErrUnsupported is returned for the algorithms and specs this package does not
// implement: RSAES_PKCS1_V1_5, SM2PKE, SM2 and values outside the enums.
var ErrUnsupported = errors.New("wrapping: unsupported wrapping algorithm or key spec")

// ErrDecryption is the one error Unwrap returns for every blob that does not
// unwrap: wrong length, RSA-OAEP failure, AES-KWP failure or a missing part.
var ErrDecryption = errors.New("wrapping: the wrapped key material could not be decrypted")

// aesKeySize is the size of the ephemeral AES key of RSA_AES_KEY_WRAP_*: the
// documented recipe uses a 256-bit key (WRAP-003), and Unwrap accepts only that.
const aesKeySize = 32

// params returns the OAEP hash of alg (also its MGF1 hash) and whether alg is
// one of the RSA_AES_KEY_WRAP pair.
func params(alg Algorithm) (h crypto.Hash, keyWrap bool, err error) {
	switch alg {
	case OAEPSHA1:
		return crypto.SHA1, false, nil // WRAP-001
	case OAEPSHA256:
		return crypto.SHA256, false, nil // WRAP-002
	case RSAAESKeyWrapSHA1:
		return crypto.SHA1, true, nil // WRAP-003
	case RSAAESKeyWrapSHA256:
		return crypto.SHA256, true, nil // WRAP-003
	case PKCS1v15:
		// PARAMS-011: no longer supported since October 10, 2023.
		return 0, false, fmt.Errorf("wrapping: %s is no longer supported: %w", alg, ErrUnsupported)
	}
	return 0, false, fmt.Errorf("wrapping: algorithm %q: %w", string(alg), ErrUnsupported)
}

// GenerateKey generates an RSA wrapping key pair of the given spec. Since Go
// 1.26 crypto/rsa ignores rand and always uses a secure source (see
// rsa.GenerateKey).
func GenerateKey(rand io.Reader, spec Spec) (*rsa.PrivateKey, error) {
	bits := spec.Bits()
	if bits == 0 {
		return nil, fmt.Errorf("wrapping: key spec %q: %w", string(spec), ErrUnsupported)
	}
	k, err := rsa.GenerateKey(rand, bits)
	if err != nil {
		return nil, fmt.Errorf("wrapping: generating %s key: %w", spec, err)
	}
	return k, nil
}

// MarshalPublicKey encodes pub as the DER SubjectPublicKeyInfo that
// GetParametersForImport returns as PublicKey (PARAMS-003).
func MarshalPublicKey(pub *rsa.PublicKey) ([]byte, error) {
	if pub == nil {
		return nil, errors.New("wrapping: nil public key")
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("wrapping: marshaling public key: %w", err)
	}
	return der, nil
}

// ParsePublicKey parses a GetParametersForImport PublicKey: a DER
// SubjectPublicKeyInfo of an RSA key (PARAMS-003). The spec is derived from the
// modulus size; a modulus of another size, or a non-RSA key, is refused with an
// error wrapping ErrUnsupported.
func ParsePublicKey(der []byte) (*rsa.PublicKey, Spec, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, "", fmt.Errorf("wrapping: parsing public key: %w", err)
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, "", fmt.Errorf("wrapping: public key is %T, not RSA: %w", k, ErrUnsupported)
	}
	bits := pub.N.BitLen()
	for _, s := range []Spec{RSA2048, RSA3072, RSA4096} {
		if s.Bits() == bits {
			return pub, s, nil
		}
	}
	return nil, "", fmt.Errorf("wrapping: RSA modulus of %d bits matches no wrapping key spec: %w", bits, ErrUnsupported)
}

// maxOAEP returns the largest message RSAES-OAEP can encrypt under a k-byte
// modulus: RFC 8017 §7.1.1, step 1b, mLen <= k - 2hLen - 2.
func maxOAEP(k int, h crypto.Hash) int {
	return k - 2*h.Size() - 2
}

// Wrap wraps material under pub with alg, as a KMS client does before
// ImportKeyMaterial. RSAES_OAEP_* material must fit one OAEP block (at most
// k - 2*hLen - 2 bytes for a k-byte modulus: 214 bytes for RSA_2048 with
// SHA-1, 190 with SHA-256); RSA_AES_KEY_WRAP_* material must not be empty.
// rand supplies the ephemeral AES key and the OAEP seeds.
func Wrap(rand io.Reader, pub *rsa.PublicKey, alg Algorithm, material []byte) ([]byte, error) {
	h, keyWrap, err := params(alg)
	if err != nil {
		return nil, err
	}
	if pub == nil {
		return nil, errors.New("wrapping: nil public key")
	}
	k := pub.Size()
	if !keyWrap {
		if max := maxOAEP(k, h); len(material) > max {
			return nil, fmt.Errorf("wrapping: %d bytes of key material do not fit one %s block under a %d-bit key (at most %d bytes); use RSA_AES_KEY_WRAP_*",
				len(material), alg, pub.N.BitLen(), max)
		}
		out, err := rsa.EncryptOAEP(h.New(), rand, pub, material, nil)
		if err != nil {
			return nil, fmt.Errorf("wrapping: %s: %w", alg, err)
		}
		return out, nil
	}

	if len(material) == 0 {
		return nil, fmt.Errorf("wrapping: %s: empty key material (RFC 5649 wraps 1 to 2^32-1 bytes)", alg)
	}
	aesKey := make([]byte, aesKeySize)
	defer clear(aesKey)
	if _, err := io.ReadFull(rand, aesKey); err != nil {
		return nil, fmt.Errorf("wrapping: %s: reading AES key: %w", alg, err)
	}
	// WRAP-003: the AES key, OAEP-encrypted with the same hash for OAEP and
	// MGF1, is exactly k bytes (RFC 8017 §7.1.1, step 3c: I2OSP(c, k)).
	rsaPart, err := rsa.EncryptOAEP(h.New(), rand, pub, aesKey, nil)
	if err != nil {
		return nil, fmt.Errorf("wrapping: %s: %w", alg, err)
	}
	// WRAP-003: followed by the RFC 5649 wrap of the material.
	kwpPart, err := kwp.Wrap(aesKey, material)
	if err != nil {
		return nil, fmt.Errorf("wrapping: %s: %w", alg, err)
	}
	return append(rsaPart, kwpPart...), nil
}

// Unwrap recovers the key material from a blob wrapped with alg under the
// public half of priv, as KMS does in ImportKeyMaterial. Every blob that does
// not unwrap yields exactly ErrDecryption; an unsupported alg or a nil key
// yields a different error. RSAES_OAEP_* may yield empty material, which is a
// valid OAEP message; judging the material is the caller's job.
func Unwrap(priv *rsa.PrivateKey, alg Algorithm, blob []byte) ([]byte, error) {
	h, keyWrap, err := params(alg)
	if err != nil {
		return nil, err
	}
	if priv == nil {
		return nil, errors.New("wrapping: nil private key")
	}
	k := priv.Size()
	if !keyWrap {
		// RFC 8017 §7.1.2, step 1b: the ciphertext must be exactly k octets.
		if len(blob) != k {
			return nil, ErrDecryption
		}
		m, err := rsa.DecryptOAEP(h.New(), nil, priv, blob, nil)
		if err != nil {
			return nil, ErrDecryption
		}
		return m, nil
	}

	// WRAP-003/WRAP-004: the RSA part is the first k bytes, and the KWP part
	// that follows must not be empty (kwp.Unwrap refuses a short one).
	if len(blob) <= k {
		return nil, ErrDecryption
	}
	aesKey, err := rsa.DecryptOAEP(h.New(), nil, priv, blob[:k], nil)
	defer clear(aesKey)
	valid := err == nil && len(aesKey) == aesKeySize
	kek := aesKey
	if !valid {
		// Unwrap the KWP part anyway, under a fixed key, so that the work done
		// (and so the timing) does not tell which layer failed.
		kek = make([]byte, aesKeySize)
	}
	m, err := kwp.Unwrap(kek, blob[k:])
	if err != nil || !valid {
		clear(m)
		return nil, ErrDecryption
	}
	return m, nil
}
