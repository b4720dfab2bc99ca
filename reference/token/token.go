// Package token mints and verifies the import tokens of the reference KMS.
//
// An import token is what GetParametersForImport returns beside the wrapping
// public key and what ImportKeyMaterial takes back ([GetParametersForImport],
// [ImportKeyMaterial]). AWS documents it only as an opaque blob of at most
// 6144 bytes that is bound to one KMS key (IMPORT-004) and to the public key of
// the same response (WRAP-006), and that expires after 24 hours (PARAMS-004,
// TOKEN-001); an expired token and a forged one are different errors
// (TOKEN-003, TOKEN-004). The rules are catalogued in shared/spec/rules.md.
//
// The reference makes its tokens self-contained: a token is
//
//	version (1 byte, 0x01) || nonce (12 bytes) || AES-256-GCM(key, nonce, claims, ad)
//
// with key = HKDF-SHA-256 ([RFC 5869]) of the per-process secret and the claims
// in a fixed, length-prefixed binary encoding. GCM authenticates the version
// byte and the claims ([NIST SP 800-38D]) and compares its tag in constant time,
// so Verify trusts nothing inside a token before it is known to be genuine, and
// a server restart (a new secret) makes every older token invalid.
//
// [GetParametersForImport]: https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
// [ImportKeyMaterial]: https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
// [RFC 5869]: https://www.rfc-editor.org/rfc/rfc5869.html
// [NIST SP 800-38D]: https://csrc.nist.gov/pubs/sp/800/38/d/final
package token

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Validity is how long a token (and its public key) stays usable after it is
// issued (PARAMS-004: "Each public key and import token set is valid for 24 hours").
const Validity = 24 * time.Hour

// Claims is what a token asserts. Verify returns the times in UTC with their
// nanoseconds and without a monotonic clock reading.
type Claims struct {
	KeyARN          string    // the KMS key the token is for (IMPORT-004)
	Algorithm       string    // wrapping algorithm, e.g. "RSAES_OAEP_SHA_256"
	WrappingKeySpec string    // e.g. "RSA_2048"
	WrappingKeyID   string    // the reference's handle of the wrapping key pair (server-internal, not secret)
	PublicKeySHA256 [32]byte  // binds the token to the public key of the same response (WRAP-006)
	IssuedAt        time.Time // when GetParametersForImport ran, on the service's clock
	ValidTo         time.Time // IssuedAt + Validity: the ParametersValidTo of the response
}

// ErrInvalid is returned for a forged, altered, truncated, extended or foreign
// token (InvalidImportTokenException, TOKEN-003). It never says which check failed.
var ErrInvalid = errors.New("token: invalid import token")

// ErrExpired is wrapped by the error Verify returns for a genuine token whose
// ValidTo has passed (ExpiredImportTokenException, TOKEN-001).
var ErrExpired = errors.New("token: import token expired")

// Field limits of the claims encoding. They keep the largest token (2523 bytes)
// well under the 6144-byte ImportToken limit of the API model (errors.md §6).
const (
	maxKeyARN        = 2048 // the KeyIdType limit
	maxAlgorithm     = 64
	maxSpec          = 64
	maxWrappingKeyID = 256
)

const (
	version1  = 0x01
	nonceSize = 12 // the GCM standard nonce
	tagSize   = 16
	// fixed part of the claims: two (int64 seconds, uint32 nanoseconds) times,
	// the public key digest, and the four length prefixes (2+1+1+2 bytes).
	fixedClaims = 2*(8+4) + sha256.Size + 2 + 1 + 1 + 2
	minToken    = 1 + nonceSize + fixedClaims + 1 + 1 + 1 + tagSize
	maxToken    = 1 + nonceSize + fixedClaims + maxKeyARN + maxAlgorithm + maxSpec + maxWrappingKeyID + tagSize
	// hkdfInfo separates this key from any other use of the secret (RFC 5869 §3.2).
	hkdfInfo = "kmsconform reference/token v1 AES-256-GCM"
)

// Authority mints and verifies the tokens of one server process. It is safe
// for concurrent use.
type Authority struct {
	aead cipher.AEAD
}

// NewAuthority returns an Authority keyed by secret, which must be 32 bytes
// drawn from a cryptographic random source once per server process.
func NewAuthority(secret []byte) (*Authority, error) {
	if len(secret) != 32 {
		return nil, fmt.Errorf("token: secret is %d bytes, want 32", len(secret))
	}
	// RFC 5869 §2.2-2.3: extract with no salt (the secret is already uniformly
	// random), expand with a label naming this use.
	key, err := hkdf.Key(sha256.New, secret, nil, hkdfInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("token: deriving the token key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return &Authority{aead: aead}, nil
}

// Mint returns a token asserting c. The nonce is read from rand (crypto/rand
// when nil); with random 96-bit nonces one secret is good for far more than
// the 2^32 tokens SP 800-38D §8.3 allows. Times keep nanosecond precision.
func (a *Authority) Mint(rand io.Reader, c Claims) ([]byte, error) {
	if err := checkClaims(&c); err != nil {
		return nil, err
	}
	if rand == nil {
		rand = cryptoRand
	}
	tok := make([]byte, 1+nonceSize, maxToken)
	tok[0] = version1
	if _, err := io.ReadFull(rand, tok[1:1+nonceSize]); err != nil {
		return nil, fmt.Errorf("token: reading the nonce: %w", err)
	}
	plain := encodeClaims(&c)
	// The version byte is authenticated as additional data, so a token cannot
	// be replayed under another version's decoding.
	tok = a.aead.Seal(tok, tok[1:1+nonceSize], plain, tok[:1])
	return tok, nil
}

var cryptoRand io.Reader = rand.Reader

// Verify authenticates tok and returns its claims. Only a genuine token's
// claims are trusted: anything else returns the zero Claims and ErrInvalid.
// For a genuine token whose ValidTo <= now it returns the claims together with
// an error wrapping ErrExpired, so that the caller can check the key binding
// first (TOKEN-004: a genuine expired token for another key is
// InvalidImportTokenException). now is the service's clock, never time.Now.
func (a *Authority) Verify(tok []byte, now time.Time) (Claims, error) {
	if len(tok) < minToken || len(tok) > maxToken || tok[0] != version1 {
		return Claims{}, ErrInvalid
	}
	nonce, sealed := tok[1:1+nonceSize], tok[1+nonceSize:]
	// GCM checks the tag in constant time before it releases any plaintext
	// (SP 800-38D §7.2, step 8).
	plain, err := a.aead.Open(nil, nonce, sealed, tok[:1])
	if err != nil {
		return Claims{}, ErrInvalid
	}
	c, ok := decodeClaims(plain)
	if !ok {
		// Unreachable for tokens this package minted; refused all the same.
		return Claims{}, ErrInvalid
	}
	// TOKEN-001/TOKEN-002: usable strictly before ValidTo.
	if !now.Before(c.ValidTo) {
		return c, fmt.Errorf("%w (valid to %s)", ErrExpired, c.ValidTo.Format(time.RFC3339))
	}
	return c, nil
}

func checkClaims(c *Claims) error {
	switch {
	case len(c.KeyARN) == 0 || len(c.KeyARN) > maxKeyARN:
		return fmt.Errorf("token: key ARN length %d is outside 1..%d", len(c.KeyARN), maxKeyARN)
	case len(c.Algorithm) == 0 || len(c.Algorithm) > maxAlgorithm:
		return fmt.Errorf("token: algorithm length %d is outside 1..%d", len(c.Algorithm), maxAlgorithm)
	case len(c.WrappingKeySpec) == 0 || len(c.WrappingKeySpec) > maxSpec:
		return fmt.Errorf("token: wrapping key spec length %d is outside 1..%d", len(c.WrappingKeySpec), maxSpec)
	case len(c.WrappingKeyID) > maxWrappingKeyID:
		return fmt.Errorf("token: wrapping key ID length %d is over %d", len(c.WrappingKeyID), maxWrappingKeyID)
	case c.IssuedAt.IsZero():
		return errors.New("token: IssuedAt is not set")
	case !c.ValidTo.After(c.IssuedAt):
		return errors.New("token: ValidTo is not after IssuedAt")
	}
	return nil
}

// encodeClaims writes the canonical encoding: every field at a fixed position
// or behind its length, big-endian, nothing optional, so that one set of
// claims has exactly one encoding.
func encodeClaims(c *Claims) []byte {
	b := make([]byte, 0, fixedClaims+len(c.KeyARN)+len(c.Algorithm)+len(c.WrappingKeySpec)+len(c.WrappingKeyID))
	b = appendTime(b, c.IssuedAt)
	b = appendTime(b, c.ValidTo)
	b = append(b, c.PublicKeySHA256[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(c.KeyARN)))
	b = append(b, c.KeyARN...)
	b = append(b, byte(len(c.Algorithm)))
	b = append(b, c.Algorithm...)
	b = append(b, byte(len(c.WrappingKeySpec)))
	b = append(b, c.WrappingKeySpec...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(c.WrappingKeyID)))
	b = append(b, c.WrappingKeyID...)
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
	return binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
}

// decodeClaims is the strict inverse of encodeClaims: a short field, a length
// over its limit, a nanosecond count of a second or more, or a trailing byte
// fails, as do claims Mint would have refused.
func decodeClaims(b []byte) (Claims, bool) {
	d := decoder{b: b}
	var c Claims
	c.IssuedAt = d.time()
	c.ValidTo = d.time()
	copy(c.PublicKeySHA256[:], d.bytes(sha256.Size))
	c.KeyARN = string(d.bytes(d.uint16()))
	c.Algorithm = string(d.bytes(int(d.byte())))
	c.WrappingKeySpec = string(d.bytes(int(d.byte())))
	c.WrappingKeyID = string(d.bytes(d.uint16()))
	if d.bad || len(d.b) != 0 || checkClaims(&c) != nil {
		return Claims{}, false
	}
	return c, true
}

type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) bytes(n int) []byte {
	if d.bad || n > len(d.b) {
		d.bad = true
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if v := d.bytes(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *decoder) uint16() int {
	if v := d.bytes(2); v != nil {
		return int(binary.BigEndian.Uint16(v))
	}
	return 0
}

func (d *decoder) time() time.Time {
	v := d.bytes(12)
	if v == nil {
		return time.Time{}
	}
	sec, nsec := int64(binary.BigEndian.Uint64(v)), binary.BigEndian.Uint32(v[8:])
	if nsec >= 1e9 {
		d.bad = true
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
