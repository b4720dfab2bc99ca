package material_test

import (
	"errors"
	"testing"

	"github.com/kmsconform/kmsconform/reference/material"
)

// fuzzSpecs is what FuzzParse's spec byte indexes (modulo its length): every importable spec and the
// unsupported ones.
var fuzzSpecs = append(material.Specs(), unsupportedSpecs...)

func specIndex(spec material.Spec) uint8 {
	for i, s := range fuzzSpecs {
		if s == spec {
			return uint8(i)
		}
	}
	return 0
}

// FuzzParse checks that Parse never panics, that it either returns a working key of the requested spec or
// an error wrapping ErrIncorrect or ErrUnsupportedSpec, and that an accepted key parses the same way twice.
// Seeds: every OpenSSL-made file with the specs of manifest.txt, and raw material around the length limits.
func FuzzParse(f *testing.F) {
	n := 0
	for _, l := range readManifest(f) {
		f.Add(specIndex(l.spec), readFile(f, l.file))
		n++
	}
	for _, spec := range material.Specs() {
		f.Add(specIndex(spec), testBytes(f, spec))
		n++
	}
	for _, size := range []int{27, 31, 33, 128, 129} {
		f.Add(specIndex(material.HMAC224), make([]byte, size))
		n++
	}
	if n == 0 {
		f.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		spec := fuzzSpecs[int(i)%len(fuzzSpecs)]
		k, err := material.Parse(spec, data)
		if err != nil {
			if k != nil {
				t.Fatal("Parse returned a key and an error")
			}
			if !errors.Is(err, material.ErrIncorrect) && !errors.Is(err, material.ErrUnsupportedSpec) {
				t.Fatalf("Parse error %v wraps neither ErrIncorrect nor ErrUnsupportedSpec", err)
			}
			return
		}
		if k.Spec() != spec {
			t.Fatalf("Spec() = %s, want %s", k.Spec(), spec)
		}
		again, err := material.Parse(spec, data)
		if err != nil || !k.Same(again) || k.ID("key") != again.ID("key") || !idPattern.MatchString(k.ID("key")) {
			t.Fatalf("second Parse differs (err %v)", err)
		}
		if !material.Asymmetric(spec) {
			return
		}
		der, err := k.PublicKey()
		if err != nil {
			t.Fatal(err)
		}
		pub, err := material.ParsePublic(spec, der)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := material.AlgorithmsFor(spec, "SIGN_VERIFY")
		if a.Signing[0][:3] == "RSA" {
			return // an RSA private operation under coverage instrumentation takes seconds
		}
		sig, err := k.Sign(deterministic(1), a.Signing[0], "RAW", data)
		if err != nil {
			t.Fatal(err)
		}
		if err := pub.Verify(a.Signing[0], "RAW", data, sig); err != nil {
			t.Fatal(err)
		}
	})
}
