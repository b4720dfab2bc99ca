package material

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Key is the key material of one KMS key: parsed, checked against its key spec, and never exported.
type Key struct {
	spec Spec
	// canonical identifies the material for Same and ID; for symmetric and HMAC keys it is the material.
	canonical []byte
	rsa       *rsa.PrivateKey
	ec        *ecdsa.PrivateKey
	k1        *secp256k1.PrivateKey
	pub       *Public // asymmetric keys only
}

// Public is the public half of an RSA or ECC key, for verifying signatures and encrypting outside the key.
type Public struct {
	spec Spec
	der  []byte // DER SubjectPublicKeyInfo
	rsa  *rsa.PublicKey
	ec   *ecdsa.PublicKey
	k1   *secp256k1.PublicKey
}

// Parse checks imported key material against the requirements of spec and returns the key it holds.
// Refusals wrap ErrIncorrect, or ErrUnsupportedSpec for a spec that cannot hold imported material.
func Parse(spec Spec, b []byte) (*Key, error) {
	info, err := lookup(spec)
	if err != nil {
		return nil, err
	}
	switch info.family {
	case famSymmetric:
		if len(b) != 32 { // MATERIAL-001: exactly 256 bits
			return nil, incorrect(fmt.Sprintf("SYMMETRIC_DEFAULT material is %d bytes, it must be 32", len(b)))
		}
		return &Key{spec: spec, canonical: clone(b)}, nil
	case famHMAC:
		// MATERIAL-003: from the spec's size up to 1024 bits.
		if len(b) < info.bits/8 || len(b) > 128 {
			return nil, incorrect(fmt.Sprintf("%s material is %d bytes, it must be %d to 128", spec, len(b), info.bits/8))
		}
		return &Key{spec: spec, canonical: clone(b)}, nil
	default:
		return parsePKCS8(spec, info, b) // MATERIAL-004, -005, -006, -008
	}
}

// Generate makes new key material for spec, as KMS does for a key of origin AWS_KMS. RSA key generation takes
// up to a second; crypto/rsa and crypto/ecdsa ignore rand since Go 1.26.
func Generate(rand io.Reader, spec Spec) (*Key, error) {
	info, err := lookup(spec)
	if err != nil {
		return nil, err
	}
	switch info.family {
	case famSymmetric, famHMAC:
		b := make([]byte, info.bits/8)
		if _, err := io.ReadFull(rand, b); err != nil {
			return nil, fmt.Errorf("material: generate %s: %w", spec, err)
		}
		return &Key{spec: spec, canonical: b}, nil
	case famRSA:
		priv, err := rsa.GenerateKey(rand, info.bits)
		if err != nil {
			return nil, fmt.Errorf("material: generate %s: %w", spec, err)
		}
		return newRSAKey(spec, priv)
	case famNIST:
		priv, err := ecdsa.GenerateKey(info.curve, rand)
		if err != nil {
			return nil, fmt.Errorf("material: generate %s: %w", spec, err)
		}
		return newNISTKey(spec, priv)
	default:
		priv, err := secp256k1.GeneratePrivateKeyFromRand(rand)
		if err != nil {
			return nil, fmt.Errorf("material: generate %s: %w", spec, err)
		}
		return newSecp256k1Key(spec, priv)
	}
}

func newRSAKey(spec Spec, priv *rsa.PrivateKey) (*Key, error) {
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("material: encode %s public key: %w", spec, err)
	}
	return &Key{
		spec: spec, canonical: canonicalRSA(priv), rsa: priv,
		pub: &Public{spec: spec, der: der, rsa: &priv.PublicKey},
	}, nil
}

func newNISTKey(spec Spec, priv *ecdsa.PrivateKey) (*Key, error) {
	scalar, err := priv.Bytes()
	if err != nil {
		return nil, fmt.Errorf("material: encode %s private key: %w", spec, err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("material: encode %s public key: %w", spec, err)
	}
	return &Key{
		spec: spec, canonical: scalar, ec: priv,
		pub: &Public{spec: spec, der: der, ec: &priv.PublicKey},
	}, nil
}

func newSecp256k1Key(spec Spec, priv *secp256k1.PrivateKey) (*Key, error) {
	pub := priv.PubKey()
	der, err := marshalSecp256k1SPKI(pub)
	if err != nil {
		return nil, err
	}
	return &Key{
		spec: spec, canonical: priv.Serialize(), k1: priv,
		pub: &Public{spec: spec, der: der, k1: pub},
	}, nil
}

// ParsePublic decodes a DER SubjectPublicKeyInfo (as GetPublicKey returns it) of an RSA or ECC key of spec.
// Refusals wrap ErrIncorrect, or ErrAlgorithm for a symmetric or HMAC spec.
func ParsePublic(spec Spec, der []byte) (*Public, error) {
	info, err := lookup(spec)
	if err != nil {
		return nil, err
	}
	p := &Public{spec: spec, der: clone(der)}
	switch info.family {
	case famRSA:
		k, err := x509.ParsePKIXPublicKey(der)
		pub, ok := k.(*rsa.PublicKey)
		if err != nil || !ok || pub.N.BitLen() != info.bits {
			return nil, incorrect(fmt.Sprintf("not an %s public key", spec))
		}
		p.rsa = pub
	case famNIST:
		k, err := x509.ParsePKIXPublicKey(der)
		pub, ok := k.(*ecdsa.PublicKey)
		if err != nil || !ok || pub.Curve != info.curve {
			return nil, incorrect(fmt.Sprintf("not an %s public key", spec))
		}
		p.ec = pub
	case famSecp256k1:
		pub, err := parseSecp256k1SPKI(der)
		if err != nil {
			return nil, err
		}
		p.k1 = pub
	default:
		return nil, fmt.Errorf("%w: %s has no public key", ErrAlgorithm, spec)
	}
	return p, nil
}

// Spec returns the key spec the material was checked against.
func (k *Key) Spec() Spec { return k.spec }

// Same reports whether o holds the same material for the same key spec (REIMPORT-003), in constant time over
// the material. Two encodings of one RSA or ECC private key are the same material.
func (k *Key) Same(o *Key) bool {
	if k == nil || o == nil || k.spec != o.spec {
		return false
	}
	return subtle.ConstantTimeCompare(k.canonical, o.canonical) == 1
}

// ID returns the KeyMaterialId of this material in the KMS key kmsKeyID (ROTATE-003): 64 lowercase hex digits,
// the same for the same key and material, different across keys and materials, and revealing neither.
func (k *Key) ID(kmsKeyID string) string {
	// A one-way digest of the material keys an HMAC over the key ID; the labels keep both uses of SHA-256
	// apart from any other use of the material.
	h := sha256.New()
	h.Write([]byte("kmsconform material id v1\x00"))
	h.Write([]byte(k.spec))
	h.Write([]byte{0})
	h.Write(k.canonical)
	m := hmac.New(sha256.New, h.Sum(nil))
	m.Write([]byte("kms key id\x00"))
	m.Write([]byte(kmsKeyID))
	return hex.EncodeToString(m.Sum(nil))
}

// PublicKey returns the DER SubjectPublicKeyInfo of the key's public half (MATERIAL-009), or an error wrapping
// ErrAlgorithm for a symmetric or HMAC key.
func (k *Key) PublicKey() ([]byte, error) {
	if k.pub == nil {
		return nil, fmt.Errorf("%w: %s has no public key", ErrAlgorithm, k.spec)
	}
	return clone(k.pub.der), nil
}

// Spec returns the key spec of the public key.
func (p *Public) Spec() Spec { return p.spec }

// Bytes returns the DER SubjectPublicKeyInfo.
func (p *Public) Bytes() []byte { return clone(p.der) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }
