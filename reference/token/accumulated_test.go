package token

import (
	"crypto/sha256"
	"crypto/sha3"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"time"
)

// TestAccumulated drives n mint/verify rounds from a seeded SHAKE-128 stream
// and compares the SHA-256 of everything produced (tokens, claims, verdicts)
// with a recorded value, in the manner of crypto/mlkem's TestAccumulated
// (style.md §12). It pins the token format: any change to the encoding, the
// key derivation or the verdicts changes the digest.
func TestAccumulated(t *testing.T) {
	n := 10000
	expected := "c8099a8a25bdcaa37d8c7ac12e0f9dc403c34561c6b5396ab49a2a3c7b942750"
	if testing.Short() {
		n = 100
		expected = "1a14c86615ee1d4ae45ba90ba1c4714cc07eb88c45976a19039481ae7f63679e"
	}
	s := sha3.NewSHAKE128()
	s.Write([]byte("kmsconform reference/token TestAccumulated"))
	secret := make([]byte, 32)
	io.ReadFull(s, secret)
	a, err := NewAuthority(secret)
	if err != nil {
		t.Fatal(err)
	}
	o := sha256.New()
	for i := range n {
		c := drawClaims(s)
		tok, err := a.Mint(s, c)
		if err != nil {
			t.Fatalf("round %d: Mint: %v", i, err)
		}
		o.Write(tok)

		got, err := a.Verify(tok, c.ValidTo.Add(-time.Nanosecond))
		if err != nil || !sameClaims(got, c) {
			t.Fatalf("round %d: genuine token: %v", i, err)
		}
		o.Write(encodeClaims(&got))

		_, err = a.Verify(tok, c.ValidTo)
		if !errors.Is(err, ErrExpired) {
			t.Fatalf("round %d: at ValidTo: %v, want ErrExpired", i, err)
		}
		o.Write([]byte(err.Error()))

		var r [3]byte
		io.ReadFull(s, r[:])
		bad := append([]byte(nil), tok...)
		bad[int(binary.BigEndian.Uint16(r[:2]))%len(bad)] ^= r[2] | 1
		if got, err := a.Verify(bad, c.IssuedAt); err != ErrInvalid || got != (Claims{}) {
			t.Fatalf("round %d: altered token: %v, want ErrInvalid", i, err)
		}
		o.Write(bad)
	}
	if got := hex.EncodeToString(o.Sum(nil)); got != expected {
		t.Errorf("got %s, want %s", got, expected)
	}
}

// drawClaims reads one set of claims from s, spanning the allowed lengths.
func drawClaims(s io.Reader) Claims {
	var b [16]byte
	io.ReadFull(s, b[:])
	str := func(n int) string {
		v := make([]byte, n)
		io.ReadFull(s, v)
		return string(v)
	}
	var c Claims
	c.KeyARN = str(1 + int(binary.BigEndian.Uint16(b[0:]))%maxKeyARN)
	c.Algorithm = str(1 + int(b[2])%maxAlgorithm)
	c.WrappingKeySpec = str(1 + int(b[3])%maxSpec)
	c.WrappingKeyID = str(int(binary.BigEndian.Uint16(b[4:])) % (maxWrappingKeyID + 1))
	io.ReadFull(s, c.PublicKeySHA256[:])
	sec := 1_700_000_000 + int64(binary.BigEndian.Uint32(b[6:]))
	nsec := int64(binary.BigEndian.Uint32(b[10:])) % 1_000_000_000
	c.IssuedAt = time.Unix(sec, nsec).UTC()
	c.ValidTo = c.IssuedAt.Add(Validity)
	return c
}
