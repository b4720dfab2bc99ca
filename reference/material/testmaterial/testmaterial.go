// Package testmaterial builds key material on the client side of an import, as the conformance suite and
// tests need it: valid material for every key spec that [material] accepts, the malformed variants that
// MATERIAL-004, -005, -006 and -008 say KMS must refuse, and small local implementations of each operation
// to check what KMS answers (USE-008, USE-010, USE-011, USE-012, USE-014).
//
// The formats are those of [Requirements for imported key material]: raw bytes for symmetric and HMAC keys,
// a PKCS#8 PrivateKeyInfo ([RFC 5208]) DER encoding for RSA ([RFC 8017]) and ECC ([RFC 5915]) keys, as
// `openssl pkcs8 -topk8 -outform der -nocrypt` writes it.
//
// [Requirements for imported key material]: https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
// [RFC 5208]: https://www.rfc-editor.org/rfc/rfc5208.html
// [RFC 5915]: https://www.rfc-editor.org/rfc/rfc5915.html
// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017.html
package testmaterial

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/kmsconform/kmsconform/reference/material"
)

// Material is key material as a client holds it before wrapping it for ImportKeyMaterial.
type Material struct {
	// Spec is the key spec the material is made for.
	Spec material.Spec
	// Bytes is what is imported: raw bytes for symmetric and HMAC specs, PKCS#8 DER for RSA and ECC specs.
	Bytes []byte
	// Private is the private key for RSA and NIST-curve specs; nil for symmetric, HMAC and secp256k1 material
	// (the secp256k1 package's keys are not crypto.Signers: use Key).
	Private crypto.Signer
	// Public is the DER SubjectPublicKeyInfo that GetPublicKey must return (MATERIAL-009); asymmetric only.
	Public []byte
}

// Key parses the material as the reference does, for the operations of [material.Key].
func (m Material) Key() (*material.Key, error) {
	k, err := material.Parse(m.Spec, m.Bytes)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: %w", err)
	}
	return k, nil
}

// New makes valid material of spec: 32 random bytes for SYMMETRIC_DEFAULT, the spec's size for HMAC, a new
// PKCS#8 private key for RSA and ECC. RSA key generation takes up to a second (RSA_4096).
func New(rand io.Reader, spec material.Spec) (Material, error) {
	switch spec {
	case material.SymmetricDefault:
		b, err := randomBytes(rand, 32) // MATERIAL-001
		return Material{Spec: spec, Bytes: b}, err
	case material.HMAC224, material.HMAC256, material.HMAC384, material.HMAC512:
		b, err := randomBytes(rand, hmacSize(spec)) // MATERIAL-003, the examples' size
		return Material{Spec: spec, Bytes: b}, err
	case material.RSA2048, material.RSA3072, material.RSA4096:
		priv, err := rsa.GenerateKey(rand, rsaBits(spec))
		if err != nil {
			return Material{}, fmt.Errorf("testmaterial: generate %s: %w", spec, err)
		}
		return fromSigner(spec, priv)
	case material.ECCNISTP256, material.ECCNISTP384, material.ECCNISTP521:
		priv, err := ecdsa.GenerateKey(nistCurve(spec), rand)
		if err != nil {
			return Material{}, fmt.Errorf("testmaterial: generate %s: %w", spec, err)
		}
		return fromSigner(spec, priv)
	case material.ECCSECGP256K1:
		priv, err := secp256k1.GeneratePrivateKeyFromRand(rand)
		if err != nil {
			return Material{}, fmt.Errorf("testmaterial: generate %s: %w", spec, err)
		}
		der, err := marshalSecp256k1PKCS8(priv)
		if err != nil {
			return Material{}, err
		}
		return withPublic(Material{Spec: spec, Bytes: der})
	}
	return Material{}, fmt.Errorf("testmaterial: %s: %w", spec, material.ErrUnsupportedSpec)
}

// Load wraps existing material bytes of spec (a test key from disk, say) after checking them with
// [material.Parse].
func Load(spec material.Spec, b []byte) (Material, error) {
	m := Material{Spec: spec, Bytes: append([]byte(nil), b...)}
	if !material.Asymmetric(spec) {
		if _, err := m.Key(); err != nil {
			return Material{}, err
		}
		return m, nil
	}
	m, err := withPublic(m)
	if err != nil || spec == material.ECCSECGP256K1 {
		return m, err
	}
	priv, err := x509.ParsePKCS8PrivateKey(b)
	if err != nil {
		return Material{}, fmt.Errorf("testmaterial: %s material: %w", spec, err)
	}
	signer, ok := priv.(crypto.Signer)
	if !ok {
		return Material{}, fmt.Errorf("testmaterial: %s material is not a signing key", spec)
	}
	m.Private = signer
	return m, nil
}

// HMACOfLength returns n random bytes: HMAC material of any length, for MATERIAL-003's boundaries. It panics
// if rand fails, which crypto/rand.Reader never does.
func HMACOfLength(rand io.Reader, n int) []byte {
	b, err := randomBytes(rand, n)
	if err != nil {
		panic(err)
	}
	return b
}

func fromSigner(spec material.Spec, priv crypto.Signer) (Material, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return Material{}, fmt.Errorf("testmaterial: encode %s: %w", spec, err)
	}
	pub, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		return Material{}, fmt.Errorf("testmaterial: encode %s public key: %w", spec, err)
	}
	return Material{Spec: spec, Bytes: der, Private: priv, Public: pub}, nil
}

// withPublic fills in Public from what material.Parse derives (secp256k1 has no crypto/x509 support).
func withPublic(m Material) (Material, error) {
	k, err := m.Key()
	if err != nil {
		return Material{}, err
	}
	if m.Public, err = k.PublicKey(); err != nil {
		return Material{}, fmt.Errorf("testmaterial: %w", err)
	}
	return m, nil
}

func randomBytes(rand io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand, b); err != nil {
		return nil, fmt.Errorf("testmaterial: random bytes: %w", err)
	}
	return b, nil
}

func hmacSize(spec material.Spec) int {
	switch spec {
	case material.HMAC224:
		return 28
	case material.HMAC256:
		return 32
	case material.HMAC384:
		return 48
	default:
		return 64
	}
}

func rsaBits(spec material.Spec) int {
	switch spec {
	case material.RSA2048:
		return 2048
	case material.RSA3072:
		return 3072
	default:
		return 4096
	}
}

func nistCurve(spec material.Spec) elliptic.Curve {
	switch spec {
	case material.ECCNISTP256:
		return elliptic.P256()
	case material.ECCNISTP384:
		return elliptic.P384()
	default:
		return elliptic.P521()
	}
}

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1} // RFC 5480 §2.1.1
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}       // SEC 2 §2.4.1
)

// privateKeyInfo is RFC 5208 §5 PrivateKeyInfo.
type privateKeyInfo struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

// ecPrivateKey is RFC 5915 §3 ECPrivateKey.
type ecPrivateKey struct {
	Version       int
	PrivateKey    []byte
	NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey     asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

// marshalSecp256k1EC encodes a secp256k1 key as RFC 5915 ECPrivateKey; withCurve adds the [0] parameters, as
// a bare SEC1 key has them and OpenSSL's PKCS#8 keys do not.
func marshalSecp256k1EC(priv *secp256k1.PrivateKey, withCurve bool) ([]byte, error) {
	point := priv.PubKey().SerializeUncompressed()
	ec := ecPrivateKey{
		Version:    1,
		PrivateKey: priv.Serialize(),
		PublicKey:  asn1.BitString{Bytes: point, BitLength: 8 * len(point)},
	}
	if withCurve {
		ec.NamedCurveOID = oidSecp256k1
	}
	der, err := asn1.Marshal(ec)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: encode secp256k1 key: %w", err)
	}
	return der, nil
}

// marshalSecp256k1PKCS8 encodes a secp256k1 key as OpenSSL does: PKCS#8 with the named curve (crypto/x509
// knows no secp256k1).
func marshalSecp256k1PKCS8(priv *secp256k1.PrivateKey) ([]byte, error) {
	inner, err := marshalSecp256k1EC(priv, false)
	if err != nil {
		return nil, err
	}
	return marshalPKCS8EC(oidSecp256k1, inner)
}

// marshalPKCS8EC wraps an ECPrivateKey in a PrivateKeyInfo whose parameters are the given named curve OID or,
// for an asn1.RawValue, any ECParameters.
func marshalPKCS8EC(params any, inner []byte) ([]byte, error) {
	p, err := asn1.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: encode EC parameters: %w", err)
	}
	der, err := asn1.Marshal(privateKeyInfo{
		Algorithm:  pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: p}},
		PrivateKey: inner,
	})
	if err != nil {
		return nil, fmt.Errorf("testmaterial: encode PKCS#8: %w", err)
	}
	return der, nil
}
