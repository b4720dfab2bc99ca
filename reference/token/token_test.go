package token

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestVerifyTable(t *testing.T) {
	a := testAuthority(t, "table")
	other := testAuthority(t, "other")
	c := sampleClaims()
	tok := mint(t, a, stream("nonce table"), c)
	second := mint(t, a, stream("nonce second"), c)
	foreign := mint(t, other, stream("nonce table"), c)
	random := make([]byte, 64)
	io.ReadFull(stream("random 64"), random)

	before := c.ValidTo.Add(-time.Nanosecond)
	after := c.ValidTo.Add(time.Second)
	tests := []struct {
		name string
		tok  []byte
		now  time.Time
		want error // nil, ErrExpired or ErrInvalid
	}{
		{"genuine at issue", tok, c.IssuedAt, nil},
		{"genuine 1ns before ValidTo", tok, before, nil},
		{"genuine at ValidTo", tok, c.ValidTo, ErrExpired},
		{"genuine after ValidTo", tok, after, ErrExpired},
		{"flipped start", flip(tok, 0), c.IssuedAt, ErrInvalid},
		{"flipped first nonce byte", flip(tok, 1), c.IssuedAt, ErrInvalid},
		{"flipped middle", flip(tok, len(tok)/2), c.IssuedAt, ErrInvalid},
		{"flipped end", flip(tok, len(tok)-1), c.IssuedAt, ErrInvalid},
		{"truncated by one", tok[:len(tok)-1], c.IssuedAt, ErrInvalid},
		{"extended by one", append(bytes.Clone(tok), 0), c.IssuedAt, ErrInvalid},
		{"64 random bytes", random, c.IssuedAt, ErrInvalid},
		{"empty", []byte{}, c.IssuedAt, ErrInvalid},
		{"nil", nil, c.IssuedAt, ErrInvalid},
		{"version byte only", tok[:1], c.IssuedAt, ErrInvalid},
		{"another authority's token", foreign, c.IssuedAt, ErrInvalid},
		{"another response's token, last byte changed", flip(second, len(second)-1), c.IssuedAt, ErrInvalid},
		{"nonce of another token", append(append(bytes.Clone(tok[:1]), second[1:13]...), tok[13:]...), c.IssuedAt, ErrInvalid},
		{"expired altered", flip(tok, len(tok)/2), after, ErrInvalid},
		{"expired truncated", tok[:len(tok)-1], after, ErrInvalid},
		{"expired foreign", foreign, after, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Verify(tt.tok, tt.now)
			switch tt.want {
			case nil:
				if err != nil {
					t.Fatalf("Verify: %v, want success", err)
				}
				if !sameClaims(got, c) {
					t.Fatalf("claims = %+v, want %+v", got, c)
				}
			case ErrExpired:
				if !errors.Is(err, ErrExpired) || errors.Is(err, ErrInvalid) {
					t.Fatalf("Verify: %v, want ErrExpired", err)
				}
				if !sameClaims(got, c) {
					t.Fatalf("expired token's claims = %+v, want %+v", got, c)
				}
			case ErrInvalid:
				// Exactly the sentinel: the message must not say which check failed.
				if err != ErrInvalid {
					t.Fatalf("Verify: %v, want exactly ErrInvalid", err)
				}
				if got != (Claims{}) {
					t.Fatalf("invalid token returned claims %+v", got)
				}
			}
		})
	}
}

func TestExpiredMessageHasNoTokenBytes(t *testing.T) {
	a := testAuthority(t, "message")
	c := sampleClaims()
	tok := mint(t, a, nil, c)
	_, err := a.Verify(tok, c.ValidTo)
	if err == nil {
		t.Fatal("want an expiry error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "token: ") || !strings.Contains(msg, "2026-03-02T12:00:00Z") {
		t.Fatalf("message %q: want the package prefix and ValidTo", msg)
	}
	for _, enc := range [][]byte{tok, tok[1:13], tok[len(tok)-16:]} {
		if strings.Contains(msg, string(enc)) || strings.Contains(strings.ToLower(msg), strings.ToLower(hexString(enc))) {
			t.Fatalf("message %q contains token bytes", msg)
		}
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	s := make([]byte, 0, 2*len(b))
	for _, v := range b {
		s = append(s, digits[v>>4], digits[v&15])
	}
	return string(s)
}

func TestNewAuthoritySecretLength(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewAuthority(make([]byte, n)); err == nil {
			t.Errorf("NewAuthority(%d bytes) succeeded", n)
		}
	}
}

func TestMintRefusesBadClaims(t *testing.T) {
	a := testAuthority(t, "mint")
	tests := []struct {
		name string
		edit func(*Claims)
	}{
		{"empty key ARN", func(c *Claims) { c.KeyARN = "" }},
		{"key ARN too long", func(c *Claims) { c.KeyARN = strings.Repeat("a", maxKeyARN+1) }},
		{"empty algorithm", func(c *Claims) { c.Algorithm = "" }},
		{"algorithm too long", func(c *Claims) { c.Algorithm = strings.Repeat("A", maxAlgorithm+1) }},
		{"empty spec", func(c *Claims) { c.WrappingKeySpec = "" }},
		{"spec too long", func(c *Claims) { c.WrappingKeySpec = strings.Repeat("R", maxSpec+1) }},
		{"wrapping key ID too long", func(c *Claims) { c.WrappingKeyID = strings.Repeat("w", maxWrappingKeyID+1) }},
		{"zero IssuedAt", func(c *Claims) { c.IssuedAt = time.Time{} }},
		{"ValidTo equal to IssuedAt", func(c *Claims) { c.ValidTo = c.IssuedAt }},
		{"ValidTo before IssuedAt", func(c *Claims) { c.ValidTo = c.IssuedAt.Add(-time.Hour) }},
		{"zero ValidTo", func(c *Claims) { c.ValidTo = time.Time{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleClaims()
			tt.edit(&c)
			if tok, err := a.Mint(nil, c); err == nil || tok != nil {
				t.Fatalf("Mint accepted %s", tt.name)
			} else if !strings.HasPrefix(err.Error(), "token: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
		})
	}
	t.Run("failing rand", func(t *testing.T) {
		if _, err := a.Mint(bytes.NewReader(make([]byte, 5)), sampleClaims()); err == nil {
			t.Fatal("Mint succeeded with a 5-byte rand")
		}
	})
}

func TestLargestTokenSize(t *testing.T) {
	a := testAuthority(t, "size")
	c := sampleClaims()
	c.KeyARN = strings.Repeat("k", maxKeyARN)
	c.Algorithm = strings.Repeat("a", maxAlgorithm)
	c.WrappingKeySpec = strings.Repeat("s", maxSpec)
	c.WrappingKeyID = strings.Repeat("w", maxWrappingKeyID)
	tok := mint(t, a, nil, c)
	if len(tok) != maxToken || maxToken > 6144/2 {
		t.Fatalf("largest token is %d bytes (maxToken %d); want it equal to maxToken and well under 6144", len(tok), maxToken)
	}
	if got, err := a.Verify(tok, c.IssuedAt); err != nil || !sameClaims(got, c) {
		t.Fatalf("largest token: %v", err)
	}
	small := sampleClaims()
	small.KeyARN, small.Algorithm, small.WrappingKeySpec, small.WrappingKeyID = "k", "a", "s", ""
	if tok := mint(t, a, nil, small); len(tok) != minToken {
		t.Fatalf("smallest token is %d bytes, minToken is %d", len(tok), minToken)
	}
}

// TestDecodeStrict feeds the decoder encodings that GCM would have
// authenticated had this package produced them, to show decodeClaims refuses
// every non-canonical form on its own.
func TestDecodeStrict(t *testing.T) {
	c := sampleClaims()
	enc := encodeClaims(&c)
	if got, ok := decodeClaims(enc); !ok || !sameClaims(got, c) {
		t.Fatal("canonical encoding did not decode")
	}
	badNanos := bytes.Clone(enc)
	copy(badNanos[8:12], []byte{0x3b, 0x9a, 0xca, 0x00}) // 1e9
	swapped := append(append(bytes.Clone(enc[12:24]), enc[:12]...), enc[24:]...)
	tests := map[string][]byte{
		"empty":                {},
		"trailing byte":        append(bytes.Clone(enc), 0),
		"missing last byte":    enc[:len(enc)-1],
		"nanoseconds >= 1e9":   badNanos,
		"ValidTo before issue": swapped,
		"key ARN length too large": func() []byte {
			b := bytes.Clone(enc)
			b[fixedClaims-6] = 0xff
			return b
		}(),
	}
	for name, b := range tests {
		if _, ok := decodeClaims(b); ok {
			t.Errorf("%s: decoded", name)
		}
	}
}

func TestConcurrentMintVerify(t *testing.T) {
	a := testAuthority(t, "concurrent")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := sampleClaims()
			c.WrappingKeyID = string(rune('a' + g))
			for range 200 {
				tok, err := a.Mint(nil, c)
				if err != nil {
					t.Error(err)
					return
				}
				if got, err := a.Verify(tok, c.IssuedAt); err != nil || !sameClaims(got, c) {
					t.Errorf("Verify: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// genClaims draws claims across the whole allowed range, as arbitrary bytes
// rather than well-formed ARNs: the token must not care what the strings say.
func genClaims(t *rapid.T, label string) Claims {
	str := func(name string, lo, hi int) string {
		return string(rapid.SliceOfN(rapid.Byte(), lo, hi).Draw(t, label+name))
	}
	issuedAt := time.Unix(rapid.Int64Range(1, 1<<34).Draw(t, label+"issued"), rapid.Int64Range(0, 999_999_999).Draw(t, label+"nanos")).UTC()
	validity := Validity
	if rapid.Bool().Draw(t, label+"odd validity") {
		validity = time.Duration(rapid.Int64Range(1, int64(48*time.Hour)).Draw(t, label+"validity"))
	}
	var digest [32]byte
	copy(digest[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, label+"digest"))
	return Claims{
		KeyARN:          str("arn", 1, maxKeyARN),
		Algorithm:       str("alg", 1, maxAlgorithm),
		WrappingKeySpec: str("spec", 1, maxSpec),
		WrappingKeyID:   str("wkid", 0, maxWrappingKeyID),
		PublicKeySHA256: digest,
		IssuedAt:        issuedAt,
		ValidTo:         issuedAt.Add(validity),
	}
}

func TestPropertySingleBitFlip(t *testing.T) {
	a := testAuthority(t, "bitflip")
	rapid.Check(t, func(t *rapid.T) {
		c := genClaims(t, "")
		tok, err := a.Mint(nil, c)
		if err != nil {
			t.Fatal(err)
		}
		bit := rapid.IntRange(0, 8*len(tok)-1).Draw(t, "bit")
		bad := bytes.Clone(tok)
		bad[bit/8] ^= 1 << (bit % 8)
		// At issue time and long after expiry: age never turns invalid into expired.
		for _, now := range []time.Time{c.IssuedAt, c.ValidTo.Add(time.Hour)} {
			if got, err := a.Verify(bad, now); err != ErrInvalid || got != (Claims{}) {
				t.Fatalf("bit %d flipped: Verify = %+v, %v; want ErrInvalid", bit, got, err)
			}
		}
	})
}

func TestPropertyClaimsBinding(t *testing.T) {
	a := testAuthority(t, "binding")
	rapid.Check(t, func(t *rapid.T) {
		p := genClaims(t, "P ")
		q := genClaims(t, "Q ")
		if rapid.Bool().Draw(t, "Q differs from P in one field only") {
			q = p
			switch rapid.IntRange(0, 6).Draw(t, "field") {
			case 0:
				q.KeyARN += "x"
			case 1:
				q.Algorithm = q.Algorithm[:len(q.Algorithm)-1] + "\x00"
			case 2:
				q.WrappingKeySpec = "\xff" + q.WrappingKeySpec[1:]
			case 3:
				q.WrappingKeyID += "1"
			case 4:
				q.PublicKeySHA256[31] ^= 1
			case 5:
				q.IssuedAt = q.IssuedAt.Add(-time.Nanosecond)
			case 6:
				q.ValidTo = q.ValidTo.Add(time.Nanosecond)
			}
		}
		tokP, err := a.Mint(nil, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Verify(tokP, p.IssuedAt)
		if err != nil {
			t.Fatalf("Verify(Mint(P)): %v", err)
		}
		if !sameClaims(got, p) {
			t.Fatalf("Verify(Mint(P)) = %+v, want P = %+v", got, p)
		}
		if !sameClaims(p, q) && sameClaims(got, q) {
			t.Fatalf("a token minted for P verified as Q")
		}
	})
}

func TestPropertyExpiryBoundary(t *testing.T) {
	a := testAuthority(t, "expiry")
	rapid.Check(t, func(t *rapid.T) {
		c := genClaims(t, "")
		tok, err := a.Mint(nil, c)
		if err != nil {
			t.Fatal(err)
		}
		// Offsets in nanoseconds around ValidTo, dense near the boundary.
		offset := time.Duration(rapid.OneOf(
			rapid.Int64Range(-3, 3),
			rapid.Int64Range(-int64(2*Validity), int64(2*Validity)),
		).Draw(t, "offset from ValidTo"))
		now := c.ValidTo.Add(offset)
		got, err := a.Verify(tok, now)
		switch {
		case offset < 0 && err != nil:
			t.Fatalf("%v before ValidTo: %v", -offset, err)
		case offset >= 0 && (!errors.Is(err, ErrExpired) || errors.Is(err, ErrInvalid)):
			t.Fatalf("%v at/after ValidTo: %v, want ErrExpired", offset, err)
		}
		if !sameClaims(got, c) {
			t.Fatalf("claims = %+v, want %+v", got, c)
		}
	})
}
