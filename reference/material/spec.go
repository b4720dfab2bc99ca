package material

import (
	"crypto"
	"crypto/elliptic"
	"errors"
	"slices"
)

// Spec is a KMS KeySpec value.
type Spec string

// The key specs that can hold imported key material outside China Regions.
const (
	SymmetricDefault Spec = "SYMMETRIC_DEFAULT"
	HMAC224          Spec = "HMAC_224"
	HMAC256          Spec = "HMAC_256"
	HMAC384          Spec = "HMAC_384"
	HMAC512          Spec = "HMAC_512"
	RSA2048          Spec = "RSA_2048"
	RSA3072          Spec = "RSA_3072"
	RSA4096          Spec = "RSA_4096"
	ECCNISTP256      Spec = "ECC_NIST_P256"
	ECCNISTP384      Spec = "ECC_NIST_P384"
	ECCNISTP521      Spec = "ECC_NIST_P521"
	ECCSECGP256K1    Spec = "ECC_SECG_P256K1"
)

// Errors returned by this package; reference/kms maps each to one AWS error code.
var (
	// ErrIncorrect means the material does not meet the key spec's requirements: IncorrectKeyMaterialException.
	ErrIncorrect = errors.New("material: key material does not meet the key spec's requirements")
	// ErrUnsupportedSpec means the key spec cannot hold imported material (SM2, ML_DSA_*, ECC_NIST_EDWARDS25519,
	// ML_KEM_*, or a value KMS does not know): CREATE-007, CREATE-008.
	ErrUnsupportedSpec = errors.New("material: key spec does not support imported key material")
	// ErrAlgorithm means the algorithm or operation is not valid for this key: InvalidKeyUsageException.
	ErrAlgorithm = errors.New("material: algorithm is not valid for this key")
	// ErrInvalidInput means a request value does not fit the key and algorithm (a digest of the wrong length, an
	// unknown message type, a plaintext too long for RSA-OAEP, a peer public key that is not on the key's curve):
	// ValidationException.
	ErrInvalidInput = errors.New("material: input is not valid for this key and algorithm")
	// ErrDecryption means a ciphertext cannot be opened, whatever the reason: InvalidCiphertextException.
	ErrDecryption = errors.New("material: ciphertext cannot be decrypted")
	// ErrInvalidMAC means a MAC does not verify: KMSInvalidMacException.
	ErrInvalidMAC = errors.New("material: MAC does not verify")
	// ErrInvalidSignature means a signature does not verify: KMSInvalidSignatureException.
	ErrInvalidSignature = errors.New("material: signature does not verify")
)

// Key usages, as KMS spells them.
const (
	usageEncrypt  = "ENCRYPT_DECRYPT"
	usageSign     = "SIGN_VERIFY"
	usageMAC      = "GENERATE_VERIFY_MAC"
	usageAgreeKey = "KEY_AGREEMENT"
)

type family int

const (
	famSymmetric family = iota + 1
	famHMAC
	famRSA
	famNIST
	famSecp256k1
)

// specInfo is what the package knows about one importable key spec.
type specInfo struct {
	family family
	bits   int         // HMAC: minimum key size and MAC size; RSA: modulus size; ECC: field size
	hash   crypto.Hash // HMAC: the MAC's hash; ECC: the only ECDSA hash KMS allows for the curve
	curve  elliptic.Curve
}

var specs = map[Spec]specInfo{
	SymmetricDefault: {family: famSymmetric, bits: 256},
	HMAC224:          {family: famHMAC, bits: 224, hash: crypto.SHA224},
	HMAC256:          {family: famHMAC, bits: 256, hash: crypto.SHA256},
	HMAC384:          {family: famHMAC, bits: 384, hash: crypto.SHA384},
	HMAC512:          {family: famHMAC, bits: 512, hash: crypto.SHA512},
	RSA2048:          {family: famRSA, bits: 2048},
	RSA3072:          {family: famRSA, bits: 3072},
	RSA4096:          {family: famRSA, bits: 4096},
	ECCNISTP256:      {family: famNIST, bits: 256, hash: crypto.SHA256, curve: elliptic.P256()},
	ECCNISTP384:      {family: famNIST, bits: 384, hash: crypto.SHA384, curve: elliptic.P384()},
	ECCNISTP521:      {family: famNIST, bits: 521, hash: crypto.SHA512, curve: elliptic.P521()},
	ECCSECGP256K1:    {family: famSecp256k1, bits: 256, hash: crypto.SHA256},
}

// Specs lists every key spec that can hold imported material, in a fixed order.
func Specs() []Spec {
	return []Spec{
		SymmetricDefault, HMAC224, HMAC256, HMAC384, HMAC512, RSA2048, RSA3072, RSA4096,
		ECCNISTP256, ECCNISTP384, ECCNISTP521, ECCSECGP256K1,
	}
}

// Asymmetric reports whether spec is an RSA or ECC key spec that can hold imported material.
func Asymmetric(spec Spec) bool {
	f := specs[spec].family
	return f == famRSA || f == famNIST || f == famSecp256k1
}

func lookup(spec Spec) (specInfo, error) {
	info, ok := specs[spec]
	if !ok {
		// CREATE-007 (ML_DSA_*), CREATE-008 (ECC_NIST_EDWARDS25519, ML_KEM_*); SM2 is China-only (CREATE-006).
		return specInfo{}, ErrUnsupportedSpec
	}
	return info, nil
}

// Algorithms lists the algorithms KMS reports in KeyMetadata for a key spec and key usage.
type Algorithms struct {
	Encryption, Signing, MAC, KeyAgreement []string
}

// AlgorithmsFor returns the algorithms of a key with this spec and usage; ok is false when the pair is not
// valid for imported material (CREATE-003, CREATE-004, CREATE-005).
func AlgorithmsFor(spec Spec, usage string) (Algorithms, bool) {
	info, err := lookup(spec)
	if err != nil {
		return Algorithms{}, false
	}
	var a Algorithms
	switch {
	case info.family == famSymmetric && usage == usageEncrypt:
		a.Encryption = []string{"SYMMETRIC_DEFAULT"}
	case info.family == famHMAC && usage == usageMAC:
		a.MAC = []string{macAlgorithm(info.hash)} // CREATE-003
	case info.family == famRSA && usage == usageEncrypt:
		a.Encryption = []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"} // CREATE-004
	case info.family == famRSA && usage == usageSign:
		a.Signing = []string{
			"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
			"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
		}
	case (info.family == famNIST || info.family == famSecp256k1) && usage == usageSign:
		a.Signing = []string{ecdsaAlgorithm(info.hash)} // CREATE-005
	case info.family == famNIST && usage == usageAgreeKey:
		a.KeyAgreement = []string{"ECDH"}
	default:
		return Algorithms{}, false
	}
	return a, true
}

func macAlgorithm(h crypto.Hash) string {
	switch h {
	case crypto.SHA224:
		return "HMAC_SHA_224"
	case crypto.SHA256:
		return "HMAC_SHA_256"
	case crypto.SHA384:
		return "HMAC_SHA_384"
	default:
		return "HMAC_SHA_512"
	}
}

func ecdsaAlgorithm(h crypto.Hash) string {
	switch h {
	case crypto.SHA256:
		return "ECDSA_SHA_256"
	case crypto.SHA384:
		return "ECDSA_SHA_384"
	default:
		return "ECDSA_SHA_512"
	}
}

// signingHashes maps each signing algorithm KMS offers for RSA and ECC keys to its hash.
var signingHashes = map[string]crypto.Hash{
	"RSASSA_PSS_SHA_256":        crypto.SHA256,
	"RSASSA_PSS_SHA_384":        crypto.SHA384,
	"RSASSA_PSS_SHA_512":        crypto.SHA512,
	"RSASSA_PKCS1_V1_5_SHA_256": crypto.SHA256,
	"RSASSA_PKCS1_V1_5_SHA_384": crypto.SHA384,
	"RSASSA_PKCS1_V1_5_SHA_512": crypto.SHA512,
	"ECDSA_SHA_256":             crypto.SHA256,
	"ECDSA_SHA_384":             crypto.SHA384,
	"ECDSA_SHA_512":             crypto.SHA512,
}

// signingAllowed reports whether alg is one of the signing algorithms AlgorithmsFor lists for spec.
func signingAllowed(spec Spec, alg string) bool {
	a, ok := AlgorithmsFor(spec, usageSign)
	return ok && slices.Contains(a.Signing, alg)
}
