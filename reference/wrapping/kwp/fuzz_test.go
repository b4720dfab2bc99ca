package kwp

import (
	"bytes"
	"testing"
)

// FuzzKWPUnwrap feeds arbitrary (KEK, ciphertext) pairs to Unwrap. Invariants:
// no panic; a KEK of a valid size only ever yields plaintext or exactly
// ErrUnwrap; whatever unwraps wraps back to the same ciphertext, because KWP
// is a deterministic permutation; and the input, taken as a plaintext, round
// trips: Unwrap(Wrap(x)) == x.
func FuzzKWPUnwrap(f *testing.F) {
	keys, cts := wycheproofSeeds(f)
	n := 0
	for i := range keys {
		f.Add(keys[i], cts[i])
		n++
	}
	if n == 0 {
		f.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, kek, ct []byte) {
		p, err := Unwrap(kek, ct)
		switch len(kek) {
		case 16, 24, 32:
		default:
			if err == nil {
				t.Fatalf("Unwrap accepted a %d-byte KEK", len(kek))
			}
			return
		}
		if len(ct) > 0 {
			w, err := Wrap(kek, ct)
			if err != nil {
				t.Fatalf("Wrap: %v", err)
			}
			if back, err := Unwrap(kek, w); err != nil || !bytes.Equal(back, ct) {
				t.Fatalf("Unwrap(Wrap(x)) != x: %v", err)
			}
		}
		if err != nil {
			if err != ErrUnwrap {
				t.Fatalf("Unwrap error %v, want exactly ErrUnwrap", err)
			}
			return
		}
		again, err := Wrap(kek, p)
		if err != nil {
			t.Fatalf("Wrap of an unwrapped plaintext: %v", err)
		}
		if !bytes.Equal(again, ct) {
			t.Fatalf("Wrap(Unwrap(x)) != x")
		}
	})
}
