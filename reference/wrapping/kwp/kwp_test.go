package kwp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"pgregory.net/rapid"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// TestRFC5649Examples checks the two examples of RFC 5649 §6.
func TestRFC5649Examples(t *testing.T) {
	const kek = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"
	tests := []struct {
		name, key, wrapped string
	}{
		{"§6 20 octets", "c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
		{"§6 7 octets", "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, p, c := mustHex(t, kek), mustHex(t, tt.key), mustHex(t, tt.wrapped)
			got, err := Wrap(k, p)
			if err != nil {
				t.Fatalf("Wrap: %v", err)
			}
			if !bytes.Equal(got, c) {
				t.Errorf("Wrap = %x, want %x", got, c)
			}
			got, err = Unwrap(k, c)
			if err != nil {
				t.Fatalf("Unwrap: %v", err)
			}
			if !bytes.Equal(got, p) {
				t.Errorf("Unwrap = %x, want %x", got, p)
			}
		})
	}
}

func TestKEKSize(t *testing.T) {
	for _, n := range []int{0, 8, 15, 17, 23, 25, 31, 33, 64} {
		kek := make([]byte, n)
		if _, err := Wrap(kek, []byte{1}); err == nil {
			t.Errorf("Wrap with a %d-byte KEK: no error", n)
		}
		_, err := Unwrap(kek, make([]byte, 16))
		if err == nil || errors.Is(err, ErrUnwrap) {
			t.Errorf("Unwrap with a %d-byte KEK: err = %v, want a KEK size error", n, err)
		}
	}
}

func TestWrapRefusesEmpty(t *testing.T) {
	if _, err := Wrap(make([]byte, 16), nil); err == nil {
		t.Fatal("Wrap of empty plaintext: no error")
	}
}

// TestUnwrapMalformed checks classes of ciphertexts that must be refused with
// ErrUnwrap, built from a valid wrap.
func TestUnwrapMalformed(t *testing.T) {
	kek := bytes.Repeat([]byte{0x42}, 32)
	valid := func(m int) []byte {
		c, err := Wrap(kek, bytes.Repeat([]byte{0x07}, m))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	flip := func(c []byte, i int) []byte {
		c = bytes.Clone(c)
		c[i] ^= 1
		return c
	}
	// forge wraps a chosen A | P (before the AIV checks) the way Wrap would,
	// so the checks of RFC 5649 §3 are reached with controlled values.
	forge := func(a uint64, p []byte) []byte {
		block, err := newCipher(kek)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8+len(p))
		for i := 0; i < 8; i++ {
			buf[i] = byte(a >> (56 - 8*i))
		}
		copy(buf[8:], p)
		if len(p) == 8 {
			block.Encrypt(buf, buf)
		} else {
			w(block, buf)
		}
		return buf
	}
	sixteenPad := append(bytes.Repeat([]byte{1}, 9), make([]byte, 7)...)
	tests := []struct {
		name string
		ct   []byte
	}{
		{"empty", nil},
		{"8 bytes", make([]byte, 8)},
		{"not a multiple of 8", valid(20)[:23]},
		{"truncated by a block", valid(20)[:24]},
		{"extended by a block", append(valid(20), make([]byte, 8)...)},
		{"flipped first byte", flip(valid(20), 0)},
		{"flipped last byte", flip(valid(20), 31)},
		{"flipped byte one block", flip(valid(5), 9)},
		{"wrong AIV prefix", forge(0xA65959A700000009, sixteenPad)},
		{"RFC 3394 IV", forge(0xA6A6A6A6A6A6A6A6, sixteenPad)},
		{"MLI zero", forge(0xA65959A600000000, make([]byte, 8))},
		{"MLI too small", forge(0xA65959A600000008, sixteenPad)},
		{"MLI too large", forge(0xA65959A600000011, sixteenPad)},
		{"MLI huge", forge(0xA65959A6FFFFFFFF, sixteenPad)},
		{"nonzero padding", forge(0xA65959A600000009, append(bytes.Repeat([]byte{1}, 9), 0, 0, 0, 0, 0, 0, 1))},
		{"nonzero padding one block", forge(0xA65959A600000001, []byte{1, 0, 0, 0, 0, 0, 0, 0x80})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unwrap(kek, tt.ct)
			if err != ErrUnwrap {
				t.Fatalf("Unwrap returned %d bytes and %v; want exactly ErrUnwrap", len(got), err)
			}
		})
	}
	// The forge helper itself must produce accepted ciphertexts when nothing is wrong.
	if _, err := Unwrap(kek, forge(0xA65959A600000009, sixteenPad)); err != nil {
		t.Fatalf("forged valid ciphertext refused: %v", err)
	}
}

// TestRoundTrip is a property: Unwrap(Wrap(p)) == p for every KEK size and
// plaintext length, the output length is 8 + p rounded up to 8, and Wrap is
// deterministic.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		size := rapid.SampledFrom([]int{16, 24, 32}).Draw(t, "kekSize")
		kek := rapid.SliceOfN(rapid.Byte(), size, size).Draw(t, "kek")
		p := rapid.SliceOfN(rapid.Byte(), 1, 600).Draw(t, "plaintext")
		c, err := Wrap(kek, p)
		if err != nil {
			t.Fatalf("Wrap: %v", err)
		}
		if want := 8 + (len(p)+7)/8*8; len(c) != want {
			t.Fatalf("len(Wrap) = %d, want %d", len(c), want)
		}
		c2, _ := Wrap(kek, p)
		if !bytes.Equal(c, c2) {
			t.Fatal("Wrap is not deterministic")
		}
		got, err := Unwrap(kek, c)
		if err != nil {
			t.Fatalf("Unwrap: %v", err)
		}
		if !bytes.Equal(got, p) {
			t.Fatal("Unwrap(Wrap(p)) != p")
		}
	})
}

// TestBitFlip is a property: flipping any single bit of a valid ciphertext
// gives exactly ErrUnwrap (W is a strong pseudorandom permutation, so a
// collision into another valid ciphertext is out of reach).
func TestBitFlip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kek := rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "kek")
		p := rapid.SliceOfN(rapid.Byte(), 1, 100).Draw(t, "plaintext")
		c, err := Wrap(kek, p)
		if err != nil {
			t.Fatalf("Wrap: %v", err)
		}
		bit := rapid.IntRange(0, 8*len(c)-1).Draw(t, "bit")
		c[bit/8] ^= 1 << (bit % 8)
		if got, err := Unwrap(kek, c); err != ErrUnwrap {
			t.Fatalf("Unwrap after flipping bit %d returned %d bytes and %v; want exactly ErrUnwrap", bit, len(got), err)
		}
	})
}
