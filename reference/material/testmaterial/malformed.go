package testmaterial

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/pbkdf2"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/kmsconform/kmsconform/reference/material"
)

// Kinds of malformed material; each names a shape a rule says KMS must refuse with
// IncorrectKeyMaterialException.
const (
	PKCS1          = "PKCS#1"                    // MATERIAL-004: a PKCS#1 RSAPrivateKey of the spec's size
	SEC1           = "SEC1"                      // MATERIAL-004: a bare RFC 5915 ECPrivateKey on the spec's curve
	PEM            = "PEM"                       // MATERIAL-004: the valid PKCS#8 key as PEM text
	EncryptedPKCS8 = "encrypted PKCS#8"          // MATERIAL-004: an EncryptedPrivateKeyInfo (PBES2, AES-256-CBC)
	Random         = "random"                    // MATERIAL-004, -008: 32 random bytes
	ThreePrimeRSA  = "three-prime RSA"           // MATERIAL-005: a three-prime key of the spec's modulus size
	WrongSize      = "wrong size"                // MATERIAL-001, -003, -005: 31 bytes, spec size - 1 byte, another modulus
	TooLong        = "too long"                  // MATERIAL-001, -003: 33 bytes, 129 bytes
	ExplicitCurve  = "explicit curve parameters" // MATERIAL-006: the spec's curve as specifiedCurve
	WrongCurve     = "wrong curve"               // MATERIAL-006: P-384 for P-256, P-256 for the others
	Secp256k1Key   = "secp256k1 key"             // MATERIAL-006: a secp256k1 key for a NIST spec
	ECCKey         = "ECC key"                   // MATERIAL-008: a P-256 PKCS#8 key for an RSA or symmetric spec
	RSAKey         = "RSA key"                   // MATERIAL-008: an RSA_2048 PKCS#8 key for an ECC spec
	PublicKeyOnly  = "public key"                // MATERIAL-009: the public half (SPKI) instead of the private key
	TrailingData   = "trailing data"             // MATERIAL-004: a valid PKCS#8 key followed by one more byte
)

// Kinds returns the malformed kinds that apply to spec, in a fixed order.
func Kinds(spec material.Spec) []string {
	switch {
	case spec == material.SymmetricDefault:
		return []string{WrongSize, TooLong, ECCKey}
	case isHMAC(spec):
		return []string{WrongSize, TooLong} // MATERIAL-008: HMAC material has no wrong kind
	case isRSA(spec):
		return []string{PKCS1, PEM, EncryptedPKCS8, Random, ThreePrimeRSA, WrongSize, ECCKey, PublicKeyOnly, TrailingData}
	case spec == material.ECCSECGP256K1:
		return []string{SEC1, PEM, EncryptedPKCS8, Random, ExplicitCurve, WrongCurve, RSAKey, PublicKeyOnly, TrailingData}
	case material.Asymmetric(spec):
		return []string{SEC1, PEM, EncryptedPKCS8, Random, ExplicitCurve, WrongCurve, Secp256k1Key, RSAKey, PublicKeyOnly, TrailingData}
	}
	return nil
}

// Malformed returns material of the given kind that KMS must refuse for a key of spec; it generates the keys it
// needs with New, which for RSA takes up to seconds (a three-prime RSA_4096 key, several). A kind that does not
// apply to spec (see Kinds) is an error, and so is a variant the reference would accept.
func Malformed(rand io.Reader, kind string, spec material.Spec) ([]byte, error) {
	return malformed(rand, kind, spec, source{
		valid: func(s material.Spec) (Material, error) { return New(rand, s) },
		threePrime: func(s material.Spec) ([]byte, error) {
			//lint:ignore SA1019 a multi-prime key is what MATERIAL-005 refuses
			priv, err := rsa.GenerateMultiPrimeKey(rand, 3, rsaBits(s))
			if err != nil {
				return nil, err
			}
			return x509.MarshalPKCS8PrivateKey(priv)
		},
	})
}

// source supplies the keys malformed variants are made from; tests use pre-generated keys.
type source struct {
	valid      func(material.Spec) (Material, error)
	threePrime func(material.Spec) ([]byte, error) // PKCS#8 of a three-prime key of an RSA spec's size
}

// malformed is Malformed with the source of keys injected.
func malformed(rand io.Reader, kind string, spec material.Spec, src source) ([]byte, error) {
	if !slices.Contains(Kinds(spec), kind) {
		return nil, fmt.Errorf("testmaterial: kind %q does not apply to %s", kind, spec)
	}
	b, err := build(rand, kind, spec, src)
	if err != nil {
		return nil, fmt.Errorf("testmaterial: %s for %s: %w", kind, spec, err)
	}
	// Guard against a variant that happens to be valid (random bytes that parse, say): the caller must get
	// material the reference refuses.
	if _, err := material.Parse(spec, b); !errors.Is(err, material.ErrIncorrect) {
		return nil, fmt.Errorf("testmaterial: %s for %s is not refused by the reference", kind, spec)
	}
	return b, nil
}

func build(rand io.Reader, kind string, spec material.Spec, src source) ([]byte, error) {
	other := func(s material.Spec) ([]byte, error) {
		m, err := src.valid(s)
		return m.Bytes, err
	}
	switch kind {
	case Random:
		return randomBytes(rand, 32)
	case WrongSize:
		switch {
		case spec == material.SymmetricDefault:
			return randomBytes(rand, 31)
		case isHMAC(spec):
			return randomBytes(rand, hmacSize(spec)-1)
		case spec == material.RSA2048:
			return other(material.RSA3072)
		default:
			return other(material.RSA2048)
		}
	case TooLong:
		if spec == material.SymmetricDefault {
			return randomBytes(rand, 33)
		}
		return randomBytes(rand, 129)
	case ECCKey:
		return other(material.ECCNISTP256)
	case RSAKey:
		return other(material.RSA2048)
	case Secp256k1Key:
		return other(material.ECCSECGP256K1)
	case WrongCurve:
		if spec == material.ECCNISTP256 {
			return other(material.ECCNISTP384)
		}
		return other(material.ECCNISTP256)
	case ThreePrimeRSA:
		return src.threePrime(spec)
	}

	m, err := src.valid(spec)
	if err != nil {
		return nil, err
	}
	switch kind {
	case PEM:
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: m.Bytes}), nil
	case PublicKeyOnly:
		return m.Public, nil
	case TrailingData:
		return append(append([]byte(nil), m.Bytes...), 0), nil
	case EncryptedPKCS8:
		return encryptPKCS8(rand, m.Bytes)
	case PKCS1:
		priv, ok := m.Private.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("no RSA private key")
		}
		return x509.MarshalPKCS1PrivateKey(priv), nil
	case SEC1:
		return sec1(m)
	case ExplicitCurve:
		return explicitCurve(m)
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// sec1 re-encodes an ECC key as a bare RFC 5915 ECPrivateKey with its named curve, as `openssl ec -outform der`.
func sec1(m Material) ([]byte, error) {
	if m.Spec == material.ECCSECGP256K1 {
		priv, err := secp256k1Private(m)
		if err != nil {
			return nil, err
		}
		return marshalSecp256k1EC(priv, true)
	}
	priv, ok := m.Private.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("no ECDSA private key")
	}
	return x509.MarshalECPrivateKey(priv)
}

// secp256k1Private extracts the scalar from PKCS#8 secp256k1 material made by New or OpenSSL.
func secp256k1Private(m Material) (*secp256k1.PrivateKey, error) {
	var pki struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(m.Bytes, &pki); err != nil {
		return nil, fmt.Errorf("decode PKCS#8: %w", err)
	}
	var ec ecPrivateKey
	if _, err := asn1.Unmarshal(pki.PrivateKey, &ec); err != nil {
		return nil, fmt.Errorf("decode ECPrivateKey: %w", err)
	}
	return secp256k1.PrivKeyFromBytes(ec.PrivateKey), nil
}

// ecParameters is SEC 1 §C.2 SpecifiedECDomain, for a prime field.
type ecParameters struct {
	Version  int
	FieldID  fieldID
	Curve    curve
	Base     []byte
	Order    *big.Int
	Cofactor *big.Int
}

type fieldID struct {
	FieldType asn1.ObjectIdentifier
	Prime     *big.Int
}

type curve struct{ A, B []byte }

var oidPrimeField = asn1.ObjectIdentifier{1, 2, 840, 10045, 1, 1} // SEC 1 §C.1 prime-field

// explicitCurve re-encodes an ECC key with its curve spelled out as specifiedCurve (SEC 1 §C.2), as
// `openssl genpkey -pkeyopt ec_param_enc:explicit` does; RFC 5480 §2.1.1 forbids it in PKIX, and KMS too.
func explicitCurve(m Material) ([]byte, error) {
	var (
		p, a, b, n, gx, gy *big.Int
		bits               int
		inner              []byte
		err                error
	)
	if m.Spec == material.ECCSECGP256K1 {
		priv, err := secp256k1Private(m)
		if err != nil {
			return nil, err
		}
		c := secp256k1.Params() // SEC 2 §2.4.1: y² = x³ + 7
		p, a, b, n, gx, gy, bits = c.P, new(big.Int), big.NewInt(7), c.N, c.Gx, c.Gy, c.BitSize
		if inner, err = marshalSecp256k1EC(priv, false); err != nil {
			return nil, err
		}
	} else {
		priv, ok := m.Private.(*ecdsa.PrivateKey)
		if !ok {
			return nil, errors.New("no ECDSA private key")
		}
		c := priv.Curve.Params() // FIPS 186-5 curves: y² = x³ - 3x + b
		p, a, b, n, gx, gy, bits = c.P, new(big.Int).Sub(c.P, big.NewInt(3)), c.B, c.N, c.Gx, c.Gy, c.BitSize
		scalar, err := priv.Bytes()
		if err != nil {
			return nil, err
		}
		point, err := priv.PublicKey.Bytes()
		if err != nil {
			return nil, err
		}
		if inner, err = asn1.Marshal(ecPrivateKey{
			Version: 1, PrivateKey: scalar,
			PublicKey: asn1.BitString{Bytes: point, BitLength: 8 * len(point)},
		}); err != nil {
			return nil, err
		}
	}
	size := (bits + 7) / 8
	field := func(v *big.Int) []byte { return v.FillBytes(make([]byte, size)) }
	spec, err := asn1.Marshal(ecParameters{
		Version:  1,
		FieldID:  fieldID{FieldType: oidPrimeField, Prime: p},
		Curve:    curve{A: field(a), B: field(b)},
		Base:     append(append([]byte{4}, field(gx)...), field(gy)...), // SEC 1 §2.3.3 uncompressed
		Order:    n,
		Cofactor: big.NewInt(1),
	})
	if err != nil {
		return nil, err
	}
	return marshalPKCS8EC(asn1.RawValue{FullBytes: spec}, inner)
}

var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13} // RFC 8018 §A.4
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12} // RFC 8018 §A.2
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}     // RFC 8018 §B.1.2
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// EncryptionPassword is the password of EncryptedPKCS8 material, so that a test can open it (with OpenSSL,
// `openssl pkcs8 -inform der -passin pass:kmsconform`) and see the key inside is valid.
const EncryptionPassword = "kmsconform"

type pbkdf2Params struct {
	Salt           []byte
	IterationCount int
	PRF            pkix.AlgorithmIdentifier
}

type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

type encryptedPrivateKeyInfo struct {
	EncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedData       []byte
}

// encryptPKCS8 encrypts a PrivateKeyInfo into an EncryptedPrivateKeyInfo (RFC 5208 §6) with PBES2 (RFC 8018
// §6.2), PBKDF2-HMAC-SHA-256 and AES-256-CBC, as `openssl pkcs8 -topk8 -v2 aes-256-cbc` does.
func encryptPKCS8(rand io.Reader, der []byte) ([]byte, error) {
	salt, err := randomBytes(rand, 16)
	if err != nil {
		return nil, err
	}
	iv, err := randomBytes(rand, aes.BlockSize)
	if err != nil {
		return nil, err
	}
	const iterations = 2048
	key, err := pbkdf2.Key(sha256.New, EncryptionPassword, salt, iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	pad := aes.BlockSize - len(der)%aes.BlockSize // RFC 8018 §6.2.1 step 4: PKCS #5 padding
	ct := append(append([]byte(nil), der...), slices.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)

	raw := func(v any) (asn1.RawValue, error) {
		b, err := asn1.Marshal(v)
		return asn1.RawValue{FullBytes: b}, err
	}
	kdf, err := raw(pbkdf2Params{
		Salt: salt, IterationCount: iterations,
		PRF: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue},
	})
	if err != nil {
		return nil, err
	}
	ivParam, err := raw(iv)
	if err != nil {
		return nil, err
	}
	params, err := raw(pbes2Params{
		KeyDerivationFunc: pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: kdf},
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: ivParam},
	})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(encryptedPrivateKeyInfo{
		EncryptionAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: params},
		EncryptedData:       ct,
	})
}

func isHMAC(spec material.Spec) bool {
	return spec == material.HMAC224 || spec == material.HMAC256 || spec == material.HMAC384 || spec == material.HMAC512
}

func isRSA(spec material.Spec) bool {
	return spec == material.RSA2048 || spec == material.RSA3072 || spec == material.RSA4096
}
