package material

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

var usages = []string{"ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT", ""}

// TestAlgorithmsFor checks every spec and usage pair against CREATE-003, -004 and -005: the listed pairs are
// the only valid ones.
func TestAlgorithmsFor(t *testing.T) {
	rsaSign := []string{
		"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
		"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
	}
	rsaEnc := []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"}
	ecdh := []string{"ECDH"}
	want := map[string]Algorithms{
		"SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT": {Encryption: []string{"SYMMETRIC_DEFAULT"}},
		"HMAC_224/GENERATE_VERIFY_MAC":      {MAC: []string{"HMAC_SHA_224"}},
		"HMAC_256/GENERATE_VERIFY_MAC":      {MAC: []string{"HMAC_SHA_256"}},
		"HMAC_384/GENERATE_VERIFY_MAC":      {MAC: []string{"HMAC_SHA_384"}},
		"HMAC_512/GENERATE_VERIFY_MAC":      {MAC: []string{"HMAC_SHA_512"}},
		"RSA_2048/ENCRYPT_DECRYPT":          {Encryption: rsaEnc},
		"RSA_3072/ENCRYPT_DECRYPT":          {Encryption: rsaEnc},
		"RSA_4096/ENCRYPT_DECRYPT":          {Encryption: rsaEnc},
		"RSA_2048/SIGN_VERIFY":              {Signing: rsaSign},
		"RSA_3072/SIGN_VERIFY":              {Signing: rsaSign},
		"RSA_4096/SIGN_VERIFY":              {Signing: rsaSign},
		"ECC_NIST_P256/SIGN_VERIFY":         {Signing: []string{"ECDSA_SHA_256"}},
		"ECC_NIST_P384/SIGN_VERIFY":         {Signing: []string{"ECDSA_SHA_384"}},
		"ECC_NIST_P521/SIGN_VERIFY":         {Signing: []string{"ECDSA_SHA_512"}},
		"ECC_SECG_P256K1/SIGN_VERIFY":       {Signing: []string{"ECDSA_SHA_256"}},
		"ECC_NIST_P256/KEY_AGREEMENT":       {KeyAgreement: ecdh},
		"ECC_NIST_P384/KEY_AGREEMENT":       {KeyAgreement: ecdh},
		"ECC_NIST_P521/KEY_AGREEMENT":       {KeyAgreement: ecdh},
	}
	seen := 0
	for _, spec := range append(Specs(), unsupportedSpecs...) {
		for _, usage := range usages {
			name := string(spec) + "/" + usage
			t.Run(name, func(t *testing.T) {
				got, ok := AlgorithmsFor(spec, usage)
				w, valid := want[name]
				if ok != valid || !reflect.DeepEqual(got, w) {
					t.Fatalf("AlgorithmsFor = %+v, %v; want %+v, %v", got, ok, w, valid)
				}
			})
			if _, valid := want[name]; valid {
				seen++
			}
		}
	}
	if seen != len(want) {
		t.Fatalf("only %d of %d valid pairs were tried", seen, len(want))
	}
}

func TestUnsupportedSpecs(t *testing.T) {
	for _, spec := range unsupportedSpecs {
		t.Run(string(spec), func(t *testing.T) {
			if _, err := Parse(spec, testBytes(t, ECCNISTP256)); !errors.Is(err, ErrUnsupportedSpec) {
				t.Errorf("Parse = %v", err)
			}
			if _, err := Generate(deterministic(1), spec); !errors.Is(err, ErrUnsupportedSpec) {
				t.Errorf("Generate = %v", err)
			}
			if _, err := ParsePublic(spec, readFile(t, "p256.pub.der")); !errors.Is(err, ErrUnsupportedSpec) {
				t.Errorf("ParsePublic = %v", err)
			}
			if Asymmetric(spec) {
				t.Error("Asymmetric = true")
			}
		})
	}
}

// TestRawLengths checks MATERIAL-001 and MATERIAL-003 at their boundaries.
func TestRawLengths(t *testing.T) {
	cases := []struct {
		spec   Spec
		ok     []int
		refuse []int
	}{
		{SymmetricDefault, []int{32}, []int{0, 1, 16, 31, 33, 64}},
		{HMAC224, []int{28, 29, 64, 100, 128}, []int{0, 1, 27, 129, 256}},
		{HMAC256, []int{32, 64, 128}, []int{31, 129}},
		{HMAC384, []int{48, 128}, []int{47, 129}},
		{HMAC512, []int{64, 65, 128}, []int{63, 129}},
	}
	for _, c := range cases {
		for _, n := range append(c.ok, c.refuse...) {
			ok := n <= c.ok[len(c.ok)-1] && n >= c.ok[0]
			t.Run(fmt.Sprintf("%s/%d bytes", c.spec, n), func(t *testing.T) {
				b := make([]byte, n)
				_, _ = deterministic(byte(n)).Read(b)
				k, err := Parse(c.spec, b)
				if ok {
					if err != nil || k.Spec() != c.spec {
						t.Fatalf("Parse = %v, want success", err)
					}
					return
				}
				if !errors.Is(err, ErrIncorrect) {
					t.Fatalf("Parse = %v, want ErrIncorrect", err)
				}
			})
		}
	}
}

// TestSameAndID checks REIMPORT-003's sameness and ROTATE-003's KeyMaterialId.
func TestSameAndID(t *testing.T) {
	for _, spec := range Specs() {
		t.Run(string(spec), func(t *testing.T) {
			if testing.Short() && (spec == RSA3072 || spec == RSA4096) {
				t.Skip("generating a second RSA_3072/RSA_4096 key takes seconds; RSA_2048 covers RSA in -short")
			}
			a, b := testKey(t, spec), testKey(t, spec)
			other, err := Generate(deterministic(9), spec)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Same(b) || a.Same(other) || a.Same(nil) {
				t.Fatalf("Same: same %v, other %v, nil %v", a.Same(b), a.Same(other), a.Same(nil))
			}
			id := a.ID("1234abcd-12ab-34cd-56ef-1234567890ab")
			if !idPattern.MatchString(id) {
				t.Fatalf("ID %q is not 64 lowercase hex digits", id)
			}
			if b.ID("1234abcd-12ab-34cd-56ef-1234567890ab") != id {
				t.Fatal("same key and material give different IDs")
			}
			if a.ID("1234abcd-12ab-34cd-56ef-1234567890ac") == id {
				t.Fatal("same material in two keys gives the same ID")
			}
			if other.ID("1234abcd-12ab-34cd-56ef-1234567890ab") == id {
				t.Fatal("different material in one key gives the same ID")
			}
		})
	}
	// The same 32 bytes as SYMMETRIC_DEFAULT and HMAC_256 material are different materials.
	b := testBytes(t, SymmetricDefault)
	s, _ := Parse(SymmetricDefault, b)
	h, _ := Parse(HMAC256, b)
	if s.Same(h) || s.ID("k") == h.ID("k") {
		t.Fatal("SYMMETRIC_DEFAULT and HMAC_256 keys of the same bytes are the same material")
	}
}
