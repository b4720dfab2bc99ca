// Package badwrap builds deliberately malformed wrapped key materials for the
// conformance suite's negative scenarios (rules WRAP-004 and WRAP-005): every
// blob it returns must be refused by ImportKeyMaterial with
// InvalidCiphertextException, and by wrapping.Unwrap with ErrDecryption.
//
// For RSAES_OAEP_* the bad blobs are EME-OAEP encoded messages of
// [RFC 8017] §7.1.1 built by hand with exactly one defect (first octet not
// zero, wrong label hash, no 0x01 separator, ...) and encrypted with textbook
// RSA, plus ciphertexts that are not valid RSAEP outputs (c >= n, wrong
// length). For RSA_AES_KEY_WRAP_* they pair a valid RSA part with an AES key
// wrap with padding ([RFC 5649]) that is malformed in the ways the Wycheproof
// aes_kwp vectors exercise (modified AIV, bad message length indicator,
// non-zero padding, RFC 3394 IV, truncation), and a corrupted RSA part with a
// valid KWP part. The KWP forgeries come from this package's own
// implementation of the RFC 3394 wrapping function W, not from package kwp, so
// that the two check each other.
//
// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017.html#section-7.1
// [RFC 5649]: https://www.rfc-editor.org/rfc/rfc5649.html
package badwrap

import (
	"crypto"
	"crypto/aes"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/kmsconform/kmsconform/reference/wrapping"
	"github.com/kmsconform/kmsconform/reference/wrapping/kwp"
)

// Case is one malformed blob and a stable, human-readable name for it.
type Case struct {
	Name string
	Blob []byte
}

// oaepHashes returns the OAEP hash of an RSAES_OAEP_* or RSA_AES_KEY_WRAP_*
// algorithm and the other one of the pair, for wrong-hash cases.
func oaepHashes(alg wrapping.Algorithm) (h, other crypto.Hash, keyWrap bool, err error) {
	switch alg {
	case wrapping.OAEPSHA1:
		return crypto.SHA1, crypto.SHA256, false, nil
	case wrapping.OAEPSHA256:
		return crypto.SHA256, crypto.SHA1, false, nil
	case wrapping.RSAAESKeyWrapSHA1:
		return crypto.SHA1, crypto.SHA256, true, nil
	case wrapping.RSAAESKeyWrapSHA256:
		return crypto.SHA256, crypto.SHA1, true, nil
	}
	return 0, 0, false, fmt.Errorf("badwrap: algorithm %q: %w", string(alg), wrapping.ErrUnsupported)
}

// defect is the one thing an encoded message gets wrong; the zero value is a
// correct RFC 8017 §7.1.1 encoding.
type defect struct {
	firstByte   byte        // EM's first octet (0x00 when correct)
	label       []byte      // label whose hash goes into DB (empty when correct)
	flipLHash   bool        // flip a bit of lHash
	psByte      byte        // value of PS's first octet, if PS is not empty (0x00 when correct)
	separator   byte        // the octet between PS and M (0x01 when correct)
	noSeparator bool        // DB is lHash followed by zeros only: no 0x01, no M
	mgfHash     crypto.Hash // MGF1 hash (the OAEP hash when zero)
}

// encodeOAEP is EME-OAEP encoding, RFC 8017 §7.1.1 step 2, for a k-octet
// modulus, with the given defect.
func encodeOAEP(rand io.Reader, h crypto.Hash, k int, m []byte, d defect) ([]byte, error) {
	hLen := h.Size()
	// RFC 8017 §7.1.1, step 1b: mLen <= k - 2hLen - 2.
	if len(m) > k-2*hLen-2 {
		return nil, fmt.Errorf("badwrap: %d bytes of key material do not fit one OAEP block (at most %d)", len(m), k-2*hLen-2)
	}
	mgfHash := h
	if d.mgfHash != 0 {
		mgfHash = d.mgfHash
	}
	// Step 2a: lHash = Hash(L).
	lh := h.New()
	lh.Write(d.label)
	lHash := lh.Sum(nil)
	if d.flipLHash {
		lHash[len(lHash)-1] ^= 0x01
	}
	// Steps 2b-2c: DB = lHash || PS || 0x01 || M, with PS of k - mLen - 2hLen - 2 zeros.
	db := make([]byte, k-hLen-1)
	copy(db, lHash)
	psLen := k - len(m) - 2*hLen - 2
	if psLen > 0 {
		db[hLen] = d.psByte
	}
	if !d.noSeparator {
		db[hLen+psLen] = 0x01
		if d.separator != 0 {
			db[hLen+psLen] = d.separator
		}
		copy(db[hLen+psLen+1:], m)
	}
	// Step 2d: a random seed of hLen octets.
	seed := make([]byte, hLen)
	if _, err := io.ReadFull(rand, seed); err != nil {
		return nil, fmt.Errorf("badwrap: reading OAEP seed: %w", err)
	}
	// Steps 2e-2f: maskedDB = DB xor MGF(seed, k - hLen - 1).
	xorMGF1(mgfHash, db, seed)
	// Steps 2g-2h: maskedSeed = seed xor MGF(maskedDB, hLen).
	xorMGF1(mgfHash, seed, db)
	// Step 2i: EM = 0x00 || maskedSeed || maskedDB.
	em := make([]byte, 0, k)
	em = append(em, d.firstByte)
	em = append(em, seed...)
	em = append(em, db...)
	return em, nil
}

// xorMGF1 XORs MGF1(seed, len(out)) with hash h into out, RFC 8017 §B.2.1.
func xorMGF1(h crypto.Hash, out, seed []byte) {
	var counter [4]byte
	for done := 0; done < len(out); {
		hh := h.New()
		hh.Write(seed)
		hh.Write(counter[:])
		for _, b := range hh.Sum(nil) {
			if done == len(out) {
				break
			}
			out[done] ^= b
			done++
		}
		binary.BigEndian.PutUint32(counter[:], binary.BigEndian.Uint32(counter[:])+1)
	}
}

// textbook is RSAEP, RFC 8017 §5.1.1 (c = m^e mod n), with I2OSP to k octets.
// It refuses m >= n, which RSAEP forbids.
func textbook(pub *rsa.PublicKey, em []byte) ([]byte, error) {
	m := new(big.Int).SetBytes(em)
	if m.Cmp(pub.N) >= 0 {
		return nil, errors.New("badwrap: encoded message is not below the modulus")
	}
	c := new(big.Int).Exp(m, big.NewInt(int64(pub.E)), pub.N)
	return c.FillBytes(make([]byte, pub.Size())), nil
}

// encrypt encodes m with the defect and encrypts it with textbook RSA.
func encrypt(rand io.Reader, pub *rsa.PublicKey, h crypto.Hash, m []byte, d defect) ([]byte, error) {
	em, err := encodeOAEP(rand, h, pub.Size(), m, d)
	if err != nil {
		return nil, err
	}
	return textbook(pub, em)
}

// pkcs1v15 encrypts m with the RSAES-PKCS1-v1_5 encoding of RFC 8017 §7.2.1
// (EM = 0x00 || 0x02 || PS || 0x00 || M), built by hand because crypto/rsa
// deprecates it; KMS no longer accepts it (PARAMS-011).
func pkcs1v15(rand io.Reader, pub *rsa.PublicKey, m []byte) ([]byte, error) {
	k := pub.Size()
	if len(m) > k-11 {
		return nil, fmt.Errorf("badwrap: %d bytes do not fit one PKCS #1 v1.5 block", len(m))
	}
	em := make([]byte, k)
	em[1] = 0x02
	ps := em[2 : k-len(m)-1]
	if _, err := io.ReadFull(rand, ps); err != nil {
		return nil, fmt.Errorf("badwrap: reading padding: %w", err)
	}
	for i := range ps {
		if ps[i] == 0 {
			ps[i] = 0x5A // PS octets are non-zero
		}
	}
	copy(em[k-len(m):], m)
	return textbook(pub, em)
}

// invalidCiphertexts are the cases that are not valid RSAEP outputs whatever
// the padding: c >= n, a wrong length, nothing at all. valid is a correct blob
// of modulus length to cut and extend.
func invalidCiphertexts(rand io.Reader, pub *rsa.PublicKey, valid []byte) ([]Case, error) {
	k := pub.Size()
	n := pub.N.FillBytes(make([]byte, k))
	nPlus1 := new(big.Int).Add(pub.N, big.NewInt(1)).FillBytes(make([]byte, k))
	allFF := make([]byte, k)
	for i := range allFF {
		allFF[i] = 0xFF
	}
	random := make([]byte, k)
	if _, err := io.ReadFull(rand, random); err != nil {
		return nil, fmt.Errorf("badwrap: reading random blob: %w", err)
	}
	return []Case{
		{"ciphertext equals the modulus n", n},
		{"ciphertext is n+1", nPlus1},
		{"ciphertext is all 0xFF (above n)", allFF},
		{"random bytes of modulus length", random},
		{"one byte short", clone(valid[:k-1])},
		{"one byte long (trailing zero)", append(clone(valid), 0)},
		{"leading zero byte (same integer, k+1 bytes)", append([]byte{0}, valid...)},
		{"empty", []byte{}},
	}, nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// OAEP returns malformed RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256 blobs of
// material under pub, each with one defect. material must fit one OAEP block.
func OAEP(rand io.Reader, pub *rsa.PublicKey, alg wrapping.Algorithm, material []byte) ([]Case, error) {
	h, other, keyWrap, err := oaepHashes(alg)
	if err != nil {
		return nil, err
	}
	if keyWrap {
		return nil, fmt.Errorf("badwrap: OAEP needs an RSAES_OAEP_* algorithm, not %s", alg)
	}
	if pub == nil {
		return nil, errors.New("badwrap: nil public key")
	}
	defects := []struct {
		name string
		d    defect
	}{
		// RFC 8017 §7.1.2, step 3g names each check these break.
		{"EM first byte 0x01 instead of 0x00", defect{firstByte: 0x01}},
		{"label hash of a non-empty label", defect{label: []byte("kmsconform")}},
		{"label hash with one bit flipped", defect{flipLHash: true}},
		{"no 0x01 separator (DB is lHash and zeros)", defect{noSeparator: true}},
		{"separator 0x02 instead of 0x01", defect{separator: 0x02}},
		{"MGF1 with " + other.String() + " instead of " + h.String(), defect{mgfHash: other}},
	}
	if len(material) < pub.Size()-2*h.Size()-2 {
		// PS is not empty, so it can hold a non-zero octet.
		defects = append(defects, struct {
			name string
			d    defect
		}{"non-zero octet in PS", defect{psByte: 0x02}})
	}
	var cases []Case
	for _, x := range defects {
		blob, err := encrypt(rand, pub, h, material, x.d)
		if err != nil {
			return nil, fmt.Errorf("badwrap: %s: %w", x.name, err)
		}
		cases = append(cases, Case{x.name, blob})
	}

	// Correctly encoded, but for another algorithm (WRAP-005).
	if len(material) <= pub.Size()-2*other.Size()-2 {
		blob, err := encrypt(rand, pub, other, material, defect{})
		if err != nil {
			return nil, err
		}
		cases = append(cases, Case{"OAEP with " + other.String() + " instead of " + h.String(), blob})
	}
	// PKCS #1 v1.5 takes up to k-11 bytes, more than OAEP, so material fits.
	v15, err := pkcs1v15(rand, pub, material)
	if err != nil {
		return nil, err
	}
	cases = append(cases, Case{"PKCS #1 v1.5 padding instead of OAEP", v15})

	valid, err := encrypt(rand, pub, h, material, defect{})
	if err != nil {
		return nil, err
	}
	bad, err := invalidCiphertexts(rand, pub, valid)
	if err != nil {
		return nil, err
	}
	return append(cases, bad...), nil
}

// KeyWrap returns malformed RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256
// blobs of material under pub: a valid RSA part with a malformed KWP part, and
// a malformed RSA part with a valid KWP part.
func KeyWrap(rand io.Reader, pub *rsa.PublicKey, alg wrapping.Algorithm, material []byte) ([]Case, error) {
	h, other, keyWrap, err := oaepHashes(alg)
	if err != nil {
		return nil, err
	}
	if !keyWrap {
		return nil, fmt.Errorf("badwrap: KeyWrap needs an RSA_AES_KEY_WRAP_* algorithm, not %s", alg)
	}
	if pub == nil {
		return nil, errors.New("badwrap: nil public key")
	}
	if len(material) == 0 {
		return nil, errors.New("badwrap: empty key material")
	}
	readKey := func(n int) ([]byte, error) {
		key := make([]byte, n)
		if _, err := io.ReadFull(rand, key); err != nil {
			return nil, fmt.Errorf("badwrap: reading AES key: %w", err)
		}
		return key, nil
	}
	aesKey, err := readKey(32)
	if err != nil {
		return nil, err
	}
	rsaPart, err := encrypt(rand, pub, h, aesKey, defect{})
	if err != nil {
		return nil, err
	}
	kwpPart, err := kwp.Wrap(aesKey, material)
	if err != nil {
		return nil, fmt.Errorf("badwrap: %w", err)
	}
	with := func(kwpPart []byte) []byte { return append(clone(rsaPart), kwpPart...) }

	// The RFC 5649 inputs: n blocks of zero-padded material, MLI = len(material).
	n := (len(material) + 7) / 8
	padded := make([]byte, 8*n)
	copy(padded, material)
	mli := uint64(len(material))
	forge := func(a uint64, p []byte) []byte { return forgeKWP(aesKey, a, p) }
	const aiv = 0xA65959A6 << 32
	nonZeroPad := clone(padded)
	nonZeroPad[len(nonZeroPad)-1] ^= 0x80 // becomes the one padding octet under MLI = 8n-1

	var cases []Case
	add := func(name string, blob []byte) { cases = append(cases, Case{name, blob}) }

	// A valid RSA part, a malformed KWP part (WRAP-004).
	flip := func(i int) []byte { b := clone(kwpPart); b[i] ^= 0x01; return b }
	add("KWP part: first byte flipped", with(flip(0)))
	add("KWP part: last byte flipped", with(flip(len(kwpPart)-1)))
	add("KWP part: truncated by one block", with(kwpPart[:len(kwpPart)-8]))
	add("KWP part: cut inside a block", with(kwpPart[:len(kwpPart)-1]))
	add("KWP part: one block only", with(kwpPart[:8]))
	add("no KWP part (RSA part only)", clone(rsaPart))
	add("KWP part: extra zero block", with(append(clone(kwpPart), make([]byte, 8)...)))
	add("KWP part: AIV prefix modified", with(forge(aiv^1<<32|mli, padded)))
	add("KWP part: RFC 3394 IV A6A6A6A6A6A6A6A6", with(forge(0xA6A6A6A6A6A6A6A6, padded)))
	add("KWP part: non-zero padding octet", with(forge(aiv|uint64(8*n-1), nonZeroPad)))
	add("KWP part: MLI 8n+1 (past the data)", with(forge(aiv|uint64(8*n+1), padded)))
	add("KWP part: MLI 8(n-1) (eight padding octets)", with(forge(aiv|uint64(8*(n-1)), padded)))
	add("KWP part: MLI zero", with(forge(aiv, padded)))
	add("KWP part: MLI 2^31 + length", with(forge(aiv|(1<<31+mli), padded)))
	add("KWP part: MLI 2^32-1", with(forge(aiv|0xFFFFFFFF, padded)))
	if n == 1 {
		// RFC 5649 §4.1: one block is encrypted with AES-ECB, not with W.
		add("KWP part: one block wrapped with W instead of ECB", with(forgeW(aesKey, aiv|mli, padded)))
	}
	otherKey, err := readKey(32)
	if err != nil {
		return nil, err
	}
	underOther, err := kwp.Wrap(otherKey, material)
	if err != nil {
		return nil, fmt.Errorf("badwrap: %w", err)
	}
	add("KWP part under another AES key", with(underOther))
	add("parts swapped (KWP first)", append(clone(kwpPart), rsaPart...))

	// A malformed RSA part, a valid KWP part (WRAP-004, WRAP-005).
	badRSA := []struct {
		name string
		d    defect
	}{
		{"EM first byte 0x01 instead of 0x00", defect{firstByte: 0x01}},
		{"label hash of a non-empty label", defect{label: []byte("kmsconform")}},
		{"no 0x01 separator", defect{noSeparator: true}},
		{"MGF1 with " + other.String() + " instead of " + h.String(), defect{mgfHash: other}},
	}
	for _, x := range badRSA {
		blob, err := encrypt(rand, pub, h, aesKey, x.d)
		if err != nil {
			return nil, fmt.Errorf("badwrap: RSA part: %s: %w", x.name, err)
		}
		add("RSA part: "+x.name, append(blob, kwpPart...))
	}
	wrongHash, err := encrypt(rand, pub, other, aesKey, defect{})
	if err != nil {
		return nil, err
	}
	add("RSA part: OAEP with "+other.String()+" instead of "+h.String(), append(wrongHash, kwpPart...))
	v15, err := pkcs1v15(rand, pub, aesKey)
	if err != nil {
		return nil, err
	}
	add("RSA part: PKCS #1 v1.5 padding instead of OAEP", append(v15, kwpPart...))
	flipped := clone(rsaPart)
	flipped[len(flipped)/2] ^= 0x01
	add("RSA part: one byte flipped", append(flipped, kwpPart...))
	add("RSA part: one byte short", append(clone(rsaPart[1:]), kwpPart...))
	add("RSA part: ciphertext equals the modulus n", append(pub.N.FillBytes(make([]byte, pub.Size())), kwpPart...))
	random, err := readKey(pub.Size())
	if err != nil {
		return nil, err
	}
	add("RSA part: random bytes", append(random, kwpPart...))
	for _, size := range []int{0, 31} {
		key, err := readKey(size)
		if err != nil {
			return nil, err
		}
		blob, err := encrypt(rand, pub, h, key, defect{})
		if err != nil {
			return nil, err
		}
		add(fmt.Sprintf("RSA part: a %d-byte AES key", size), append(blob, kwpPart...))
	}
	// The material OAEP-encrypted directly, as for RSAES_OAEP_* (WRAP-005).
	if len(material) <= pub.Size()-2*h.Size()-2 {
		plain, err := encrypt(rand, pub, h, material, defect{})
		if err != nil {
			return nil, err
		}
		add("plain RSAES_OAEP blob of the material (no KWP part)", plain)
	}
	return cases, nil
}

// forgeKWP wraps the chosen integrity register a and padded plaintext p under
// kek the way RFC 5649 §4.1 step 2 does, whatever a and p are: AES-ECB for one
// block, the RFC 3394 §2.2.1 function W for more.
func forgeKWP(kek []byte, a uint64, p []byte) []byte {
	if len(p) == 8 {
		block, err := aes.NewCipher(kek)
		if err != nil {
			panic(err) // kek is always 32 bytes here
		}
		out := make([]byte, 16)
		binary.BigEndian.PutUint64(out, a)
		copy(out[8:], p)
		block.Encrypt(out, out)
		return out
	}
	return forgeW(kek, a, p)
}

// forgeW is W of RFC 3394 §2.2.1 with initial value a over the blocks of p,
// also for a single block (which RFC 5649 never feeds to W).
func forgeW(kek []byte, a uint64, p []byte) []byte {
	block, err := aes.NewCipher(kek)
	if err != nil {
		panic(err) // kek is always 32 bytes here
	}
	n := len(p) / 8
	r := clone(p)
	var b [16]byte
	for j := 0; j <= 5; j++ {
		for i := 1; i <= n; i++ {
			binary.BigEndian.PutUint64(b[:8], a)
			copy(b[8:], r[8*(i-1):8*i])
			block.Encrypt(b[:], b[:])
			a = binary.BigEndian.Uint64(b[:8]) ^ uint64(n*j+i)
			copy(r[8*(i-1):8*i], b[8:])
		}
	}
	out := make([]byte, 8, 8+len(p))
	binary.BigEndian.PutUint64(out, a)
	return append(out, r...)
}
