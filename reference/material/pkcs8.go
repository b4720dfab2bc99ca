package material

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

var (
	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1} // RFC 8017 Appendix A.1
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}     // RFC 5480 §2.1.1
	oidP256          = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}  // RFC 5480 §2.1.1.1 secp256r1
	oidP384          = asn1.ObjectIdentifier{1, 3, 132, 0, 34}           // secp384r1
	oidP521          = asn1.ObjectIdentifier{1, 3, 132, 0, 35}           // secp521r1
	oidSecp256k1     = asn1.ObjectIdentifier{1, 3, 132, 0, 10}           // SEC 2 §2.4.1
)

// curveOID returns the namedCurve OID of an ECC spec.
func curveOID(spec Spec) asn1.ObjectIdentifier {
	switch spec {
	case ECCNISTP256:
		return oidP256
	case ECCNISTP384:
		return oidP384
	case ECCNISTP521:
		return oidP521
	default:
		return oidSecp256k1
	}
}

// privateKeyInfo is RFC 5208 §5 PrivateKeyInfo.
type privateKeyInfo struct {
	Version    int
	Algorithm  asn1.RawValue // an AlgorithmIdentifier, kept raw to count its elements
	PrivateKey []byte
	Attributes asn1.RawValue `asn1:"optional,tag:0"`
}

// ecPrivateKey is RFC 5915 §3 ECPrivateKey, with the optional fields kept raw so that their presence and
// form can be checked exactly: each RawValue is the whole [n] element, its Bytes the one element inside.
type ecPrivateKey struct {
	Version    int
	PrivateKey []byte
	Parameters asn1.RawValue `asn1:"optional,explicit,tag:0"`
	PublicKey  asn1.RawValue `asn1:"optional,explicit,tag:1"`
}

func incorrect(reason string) error { return fmt.Errorf("%w: %s", ErrIncorrect, reason) }

// parsePKCS8 decodes material for an RSA or ECC spec. The reasons in its errors name a structure, never a value.
func parsePKCS8(spec Spec, info specInfo, b []byte) (*Key, error) {
	der, err := berToDER(b) // MATERIAL-004: DER or BER
	if err != nil {
		return nil, incorrect("not a DER or BER encoding of a PKCS#8 PrivateKeyInfo")
	}
	var pki privateKeyInfo
	rest, err := asn1.Unmarshal(der, &pki)
	if err != nil || len(rest) != 0 {
		// PKCS#1, bare SEC1, EncryptedPrivateKeyInfo and random bytes all end here (MATERIAL-004).
		return nil, incorrect("not a PKCS#8 PrivateKeyInfo")
	}
	var alg pkix.AlgorithmIdentifier
	if rest, err := asn1.Unmarshal(pki.Algorithm.FullBytes, &alg); err != nil || len(rest) != 0 {
		return nil, incorrect("not a PKCS#8 PrivateKeyInfo")
	}
	// encoding/asn1 ignores elements after a struct's last field; RFC 5208 has no extension point.
	if n, err := elementCount(der); err != nil || n != 3+present(pki.Attributes) {
		return nil, incorrect("PrivateKeyInfo has extra elements")
	}
	if n, err := elementCount(pki.Algorithm.FullBytes); err != nil || n != 1+present(alg.Parameters) {
		return nil, incorrect("AlgorithmIdentifier has extra elements")
	}
	if pki.Version != 0 { // RFC 5208 §5: Version ::= INTEGER {v1(0)}
		return nil, incorrect("PrivateKeyInfo version is not v1")
	}
	inner, err := berToDER(pki.PrivateKey)
	if err != nil {
		return nil, incorrect("privateKey is not a DER or BER encoding")
	}
	switch info.family {
	case famRSA:
		if !alg.Algorithm.Equal(oidRSAEncryption) {
			return nil, incorrect("PrivateKeyInfo does not hold an rsaEncryption key") // MATERIAL-008
		}
		// RFC 8017 Appendix A.1: the parameters shall be NULL; some encoders omit them.
		if p := alg.Parameters.FullBytes; len(p) != 0 && !bytes.Equal(p, []byte{0x05, 0x00}) { // NULL
			return nil, incorrect("rsaEncryption parameters are not NULL")
		}
		return parseRSA(spec, info, inner)
	default:
		if !alg.Algorithm.Equal(oidECPublicKey) {
			return nil, incorrect("PrivateKeyInfo does not hold an id-ecPublicKey key") // MATERIAL-008
		}
		// MATERIAL-006, RFC 5480 §2.1.1: ECParameters must be a namedCurve, not specifiedCurve or implicitCurve.
		var named asn1.ObjectIdentifier
		if rest, err := asn1.Unmarshal(alg.Parameters.FullBytes, &named); err != nil || len(rest) != 0 {
			return nil, incorrect("ECC key does not use a named curve")
		}
		if !named.Equal(curveOID(spec)) {
			return nil, incorrect("ECC key is on another curve than the key spec's") // MATERIAL-006
		}
		return parseEC(spec, info, named, inner)
	}
}

// rsaPrivateKey is RFC 8017 Appendix A.1.2 RSAPrivateKey for two primes (version 0).
type rsaPrivateKey struct {
	Version                               int
	N                                     *big.Int
	E                                     int
	D, P, Q, Exponent1, Exponent2, Coeffs *big.Int
}

// parseRSA checks an RSAPrivateKey (RFC 8017 Appendix A.1.2) against MATERIAL-005. The cheap structural
// checks come first, so that a multi-prime key or one of the wrong size never reaches key validation.
func parseRSA(spec Spec, info specInfo, der []byte) (*Key, error) {
	var raw rsaPrivateKey
	n, err := elementCount(der)
	if err != nil {
		return nil, incorrect("privateKey is not an RSAPrivateKey")
	}
	if _, err := asn1.Unmarshal(der, &raw); err != nil {
		if n > 9 { // otherPrimeInfos makes the tenth element
			return nil, incorrect("RSA key is not a two-prime key")
		}
		return nil, incorrect("privateKey is not an RSAPrivateKey")
	}
	// MATERIAL-005: two primes only. RFC 8017 Appendix A.1.2: version 0 for two primes, 1 for multi-prime.
	if raw.Version != 0 || n != 9 {
		return nil, incorrect("RSA key is not a two-prime key")
	}
	if raw.N.BitLen() != info.bits { // MATERIAL-005
		return nil, incorrect(fmt.Sprintf("RSA modulus is %d bits, the key spec needs %d", raw.N.BitLen(), info.bits))
	}
	priv, err := x509.ParsePKCS1PrivateKey(der) // checks the key's consistency (crypto/rsa Validate)
	if err != nil || len(priv.Primes) != 2 {
		return nil, incorrect("privateKey is not a valid RSAPrivateKey")
	}
	return newRSAKey(spec, priv)
}

// parseEC checks an ECPrivateKey (RFC 5915 §3) on the spec's named curve against MATERIAL-006.
func parseEC(spec Spec, info specInfo, named asn1.ObjectIdentifier, der []byte) (*Key, error) {
	var ec ecPrivateKey
	if rest, err := asn1.Unmarshal(der, &ec); err != nil || len(rest) != 0 {
		return nil, incorrect("privateKey is not an ECPrivateKey")
	}
	if n, err := elementCount(der); err != nil || n != 2+present(ec.Parameters)+present(ec.PublicKey) {
		return nil, incorrect("ECPrivateKey has extra elements")
	}
	if ec.Version != 1 { // RFC 5915 §3: ecPrivkeyVer1
		return nil, incorrect("ECPrivateKey version is not 1")
	}
	if len(ec.Parameters.FullBytes) != 0 { // RFC 5915 §3: when present, the same parameters as the PrivateKeyInfo's
		var inner asn1.ObjectIdentifier
		if rest, err := asn1.Unmarshal(ec.Parameters.Bytes, &inner); err != nil || len(rest) != 0 || !inner.Equal(named) {
			return nil, incorrect("ECPrivateKey parameters do not name the same curve")
		}
	}
	size := (info.bits + 7) / 8
	// RFC 5915 §3: the octet string is ceiling(log2(n)/8) long; OpenSSL once dropped leading zeros, which
	// crypto/x509 accepts too, so a shorter scalar is left-padded.
	if len(ec.PrivateKey) == 0 || len(ec.PrivateKey) > size {
		return nil, incorrect("ECPrivateKey privateKey has the wrong length")
	}
	scalar := make([]byte, size)
	copy(scalar[size-len(ec.PrivateKey):], ec.PrivateKey)

	var k *Key
	if info.family == famSecp256k1 {
		var s secp256k1.ModNScalar
		if overflow := s.SetByteSlice(scalar); overflow || s.IsZero() { // SEC 1 §3.2.1: d in [1, n-1]
			return nil, incorrect("ECC private key is out of range")
		}
		var err error
		if k, err = newSecp256k1Key(spec, secp256k1.NewPrivateKey(&s)); err != nil {
			return nil, err
		}
	} else {
		priv, err := ecdsa.ParseRawPrivateKey(info.curve, scalar) // checks d in [1, n-1]
		if err != nil {
			return nil, incorrect("ECC private key is out of range")
		}
		k, err = newNISTKey(spec, priv)
		if err != nil {
			return nil, err
		}
	}
	if len(ec.PublicKey.FullBytes) != 0 {
		var pub asn1.BitString
		if rest, err := asn1.Unmarshal(ec.PublicKey.Bytes, &pub); err != nil || len(rest) != 0 || pub.BitLength%8 != 0 {
			return nil, incorrect("ECPrivateKey publicKey is not a BIT STRING")
		}
		if !k.pub.pointMatches(pub.Bytes) {
			return nil, incorrect("ECPrivateKey publicKey is not the private key's public point")
		}
	}
	return k, nil
}

// elementCount returns how many elements the SEQUENCE encoded in der holds.
func elementCount(der []byte) (int, error) {
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(der, &seq); err != nil {
		return 0, err
	}
	n := 0
	for rest := seq.Bytes; len(rest) > 0; n++ {
		var e asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &e); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func present(v asn1.RawValue) int {
	if len(v.FullBytes) == 0 {
		return 0
	}
	return 1
}

// pointMatches reports whether enc is one of the SEC 1 §2.3.3 encodings of the key's public point:
// compressed, uncompressed or hybrid (what the KMS guide calls "projective").
func (p *Public) pointMatches(enc []byte) bool {
	u := p.uncompressedPoint()
	size := (len(u) - 1) / 2
	x, y := u[1:1+size], u[1+size:]
	odd := y[size-1] & 1
	switch {
	case len(enc) == len(u) && enc[0] == 0x04:
		return bytes.Equal(enc, u)
	case len(enc) == 1+size && enc[0] == 0x02|odd:
		return bytes.Equal(enc[1:], x)
	case len(enc) == len(u) && enc[0] == 0x06|odd:
		return bytes.Equal(enc[1:], u[1:])
	default:
		return false
	}
}

// uncompressedPoint returns 04 || X || Y (SEC 1 §2.3.3).
func (p *Public) uncompressedPoint() []byte {
	if p.k1 != nil {
		return p.k1.SerializeUncompressed()
	}
	b, err := p.ec.Bytes()
	if err != nil { // unreachable: the point came from a validated private key
		return nil
	}
	return b
}

// subjectPublicKeyInfo is RFC 5280 §4.1.2.7 SubjectPublicKeyInfo.
type subjectPublicKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// marshalSecp256k1SPKI encodes a secp256k1 public key as RFC 5480 §2 SubjectPublicKeyInfo with the named
// curve and the uncompressed point, as crypto/x509 does for the NIST curves.
func marshalSecp256k1SPKI(pub *secp256k1.PublicKey) ([]byte, error) {
	params, err := asn1.Marshal(oidSecp256k1)
	if err != nil {
		return nil, fmt.Errorf("material: encode curve: %w", err)
	}
	point := pub.SerializeUncompressed()
	der, err := asn1.Marshal(subjectPublicKeyInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: point, BitLength: 8 * len(point)},
	})
	if err != nil {
		return nil, fmt.Errorf("material: encode public key: %w", err)
	}
	return der, nil
}

// parseSecp256k1SPKI decodes what marshalSecp256k1SPKI writes (any SEC 1 point encoding).
func parseSecp256k1SPKI(der []byte) (*secp256k1.PublicKey, error) {
	var spki subjectPublicKeyInfo
	if rest, err := asn1.Unmarshal(der, &spki); err != nil || len(rest) != 0 {
		return nil, incorrect("not a SubjectPublicKeyInfo")
	}
	var named asn1.ObjectIdentifier
	if !spki.Algorithm.Algorithm.Equal(oidECPublicKey) {
		return nil, incorrect("public key is not an id-ecPublicKey key")
	}
	if rest, err := asn1.Unmarshal(spki.Algorithm.Parameters.FullBytes, &named); err != nil || len(rest) != 0 || !named.Equal(oidSecp256k1) {
		return nil, incorrect("public key is not on secp256k1")
	}
	if spki.PublicKey.BitLength%8 != 0 {
		return nil, incorrect("public key is not a whole number of bytes")
	}
	pub, err := secp256k1.ParsePubKey(spki.PublicKey.Bytes)
	if err != nil {
		return nil, incorrect("public key is not a point on secp256k1")
	}
	return pub, nil
}

// canonicalRSA is the key's identity for Same and ID: the modulus, the public exponent and the smaller prime,
// each at a fixed width, so that two encodings of one key compare equal.
func canonicalRSA(priv *rsa.PrivateKey) []byte {
	size := (priv.N.BitLen() + 7) / 8
	p := priv.Primes[0]
	if priv.Primes[1].Cmp(p) < 0 {
		p = priv.Primes[1]
	}
	out := make([]byte, 2*size+8)
	priv.N.FillBytes(out[:size])
	big.NewInt(int64(priv.E)).FillBytes(out[size : size+8])
	p.FillBytes(out[size+8:])
	return out
}
