// Package kwp implements the AES Key Wrap with Padding algorithm (KWP) of
// [RFC 5649], which is the same construction as KWP-AE/KWP-AD in
// [NIST SP 800-38F] §6.3, with 128-, 192- and 256-bit key-encryption keys.
//
// AWS KMS uses it for the RSA_AES_KEY_WRAP_SHA_* wrapping algorithms: the key
// material is wrapped under an ephemeral AES key, and OpenSSL produces the same
// output with "openssl enc -id-aes256-wrap-pad -iv A65959A6".
//
// The package is written on crypto/aes rather than taken from a module. The Go
// modules offering RFC 5649 were either unmaintained or incomplete for this use:
// the best kept of them, tink-go's kwp/subtle, deliberately refuses 192-bit
// KEKs and key data shorter than 16 or longer than 8192 bytes, while RFC 5649
// allows 1 to 2^32-1 octets and the conformance suite must wrap short, invalid
// materials (1 byte, 31 bytes) to test the server's material checks. The
// implementation is checked against the RFC 5649 §6 examples, the Wycheproof
// aes_kwp vectors and OpenSSL.
//
// [RFC 5649]: https://www.rfc-editor.org/rfc/rfc5649.html
// [NIST SP 800-38F]: https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-38F.pdf
package kwp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrUnwrap is the single error Unwrap returns for every ciphertext that fails
// to unwrap, whatever the cause, so that no caller can act as a padding oracle.
var ErrUnwrap = errors.New("kwp: unwrap failed")

// aivPrefix is the constant high half of the Alternative Initial Value,
// RFC 5649 §3.
const aivPrefix = 0xA65959A6

// newCipher returns the AES block cipher for kek, refusing other key sizes
// before crypto/aes does so that the error names this package.
func newCipher(kek []byte) (cipher.Block, error) {
	switch len(kek) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("kwp: key-encryption key is %d bytes, want 16, 24 or 32", len(kek))
	}
	b, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("kwp: %w", err)
	}
	return b, nil
}

// Wrap wraps plaintext (1 to 2^32-1 bytes) under kek (16, 24 or 32 bytes) and
// returns a ciphertext of 8 bytes plus the plaintext rounded up to 8 bytes.
func Wrap(kek, plaintext []byte) ([]byte, error) {
	block, err := newCipher(kek)
	if err != nil {
		return nil, err
	}
	m := len(plaintext)
	// RFC 5649 §3: the MLI is a 32-bit unsigned integer, so 0 < m < 2^32
	// (SP 800-38F §6.3 also requires at least one octet).
	if m == 0 {
		return nil, errors.New("kwp: plaintext is empty")
	}
	if uint64(m) > math.MaxUint32 {
		return nil, fmt.Errorf("kwp: plaintext is %d bytes, more than 2^32-1", m)
	}

	// RFC 5649 §4.1, step 1: append zero octets up to a multiple of 8, and form
	// the AIV from the constant and the MLI (§3).
	n := (m + 7) / 8
	out := make([]byte, 8+8*n)
	copy(out[8:], plaintext)
	binary.BigEndian.PutUint32(out[0:4], aivPrefix)
	binary.BigEndian.PutUint32(out[4:8], uint32(m))

	if n == 1 {
		// RFC 5649 §4.1, step 2: a single block of padded plaintext is
		// encrypted together with the AIV as one AES block: C = ENC(K, AIV | P1).
		block.Encrypt(out, out)
		return out, nil
	}
	// RFC 5649 §4.1, step 2: otherwise apply the RFC 3394 §2.2.1 wrapping
	// process with the AIV as initial value.
	w(block, out)
	return out, nil
}

// w is the wrapping process W of RFC 3394 §2.2.1 (index-based form), in place:
// buf[0:8] holds the initial value A and buf[8:] the n >= 2 blocks R[1..n].
func w(block cipher.Block, buf []byte) {
	n := len(buf)/8 - 1
	var b [16]byte
	copy(b[:8], buf[:8])
	for j := 0; j <= 5; j++ {
		for i := 1; i <= n; i++ {
			// RFC 3394 §2.2.1, step 2: B = AES(K, A | R[i]); A = MSB(64, B) ^ t
			// with t = (n*j)+i; R[i] = LSB(64, B).
			r := buf[8*i : 8*i+8]
			copy(b[8:], r)
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(b[:8])^t)
			copy(r, b[8:])
		}
	}
	// RFC 3394 §2.2.1, step 3: C[0] = A.
	copy(buf[:8], b[:8])
}

// wInverse is the unwrapping process W^-1 of RFC 3394 §2.2.2 (index-based
// form, steps 1 and 2 only: no integrity check), in place.
func wInverse(block cipher.Block, buf []byte) {
	n := len(buf)/8 - 1
	var b [16]byte
	copy(b[:8], buf[:8])
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			// RFC 3394 §2.2.2, step 2: B = AES-1(K, (A ^ t) | R[i]) with
			// t = n*j+i; A = MSB(64, B); R[i] = LSB(64, B).
			r := buf[8*i : 8*i+8]
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(b[:8])^t)
			copy(b[8:], r)
			block.Decrypt(b[:], b[:])
			copy(r, b[8:])
		}
	}
	copy(buf[:8], b[:8])
}

// Unwrap unwraps ciphertext under kek (16, 24 or 32 bytes). Every ciphertext
// that is not the wrap of some plaintext under kek yields ErrUnwrap; a kek of
// the wrong size yields a different, descriptive error.
//
// The integrity checks run in constant time with respect to the decrypted data
// (the AIV, the MLI and the padding); only the ciphertext length, which is
// public, and the final verdict influence the timing.
func Unwrap(kek, ciphertext []byte) ([]byte, error) {
	block, err := newCipher(kek)
	if err != nil {
		return nil, err
	}
	// RFC 5649 §4.2: the ciphertext is n+1 64-bit blocks with n >= 1. Its
	// length is public, so this check may branch.
	if len(ciphertext) < 16 || len(ciphertext)%8 != 0 || uint64(len(ciphertext)-8) > 8*uint64(math.MaxUint32/8+1) {
		return nil, ErrUnwrap
	}
	n := len(ciphertext)/8 - 1
	buf := make([]byte, len(ciphertext))
	copy(buf, ciphertext)

	if n == 1 {
		// RFC 5649 §4.2, step 1: for n = 1, AIV | P1 = DEC(K, C[0] | C[1]).
		block.Decrypt(buf, buf)
	} else {
		// RFC 5649 §4.2, step 1: otherwise steps 1 and 2 of RFC 3394 §2.2.2.
		wInverse(block, buf)
	}

	// RFC 5649 §4.2, step 2: the three AIV checks of §3, all evaluated, in
	// constant time, and combined into one verdict.

	// RFC 5649 §3, check 1: MSB(32,A) = A65959A6.
	var prefix [4]byte
	binary.BigEndian.PutUint32(prefix[:], aivPrefix)
	ok := subtle.ConstantTimeCompare(buf[0:4], prefix[:])

	// RFC 5649 §3, check 2: 8*(n-1) < LSB(32,A) <= 8*n; then MLI = LSB(32,A).
	// The MLI is compared as uint64 so a 32-bit int cannot overflow; the
	// comparisons below are branch-free.
	mli := uint64(binary.BigEndian.Uint32(buf[4:8]))
	lo, hi := uint64(8*(n-1)), uint64(8*n)
	ok &= ctLess(lo, mli) & (1 ^ ctLess(hi, mli))

	// RFC 5649 §3, check 3: with b = 8*n - MLI, the rightmost b octets of the
	// padded plaintext are zero. Only the last block can hold padding when
	// check 2 holds; every octet of it is visited, and those at or past the
	// MLI are ORed into the accumulator, so the work does not depend on b.
	var pad byte
	last := 8 * (n - 1)
	for k := 0; k < 8; k++ {
		isPad := byte(0) - byte(1^ctLess(uint64(last+k), mli)) // 0xFF when last+k >= MLI
		pad |= buf[8+last+k] & isPad
	}
	ok &= subtle.ConstantTimeByteEq(pad, 0)

	if ok != 1 {
		clear(buf)
		return nil, ErrUnwrap
	}
	out := make([]byte, mli)
	copy(out, buf[8:8+int(mli)])
	clear(buf)
	return out, nil
}

// ctLess returns 1 if a < b and 0 otherwise, without branching on the values;
// both must be below 2^63.
func ctLess(a, b uint64) int {
	return int((a - b) >> 63)
}
