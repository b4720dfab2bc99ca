package wrapping

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzUnwrap feeds arbitrary blobs to Unwrap under the committed keys, for
// every spec and algorithm. Invariants: no panic; the result is material or
// exactly ErrDecryption; and Unwrap is a function of its input (the same
// blob gives the same answer twice).
func FuzzUnwrap(f *testing.F) {
	n := 0
	for si, s := range specs {
		for ai, alg := range algorithms {
			blob := readTestdata(f, fmt.Sprintf("openssl/rsa_%d.%s.wrapped.bin", s.Bits(), alg))
			f.Add(uint8(si), uint8(ai), blob)
			n++
		}
	}
	if n == 0 {
		f.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, specIndex, algIndex uint8, blob []byte) {
		s := specs[int(specIndex)%len(specs)]
		alg := algorithms[int(algIndex)%len(algorithms)]
		priv := testKey(t, s)
		m, err := Unwrap(priv, alg, blob)
		if err != nil && err != ErrDecryption {
			t.Fatalf("Unwrap error %v, want exactly ErrDecryption", err)
		}
		m2, err2 := Unwrap(priv, alg, blob)
		if err2 != err || !bytes.Equal(m, m2) {
			t.Fatal("Unwrap gave two different answers for the same blob")
		}
	})
}
