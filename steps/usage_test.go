package steps

import (
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"maps"
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
)

// signingCases are the (key spec, algorithm) pairs of USE-010.
var signingCases = []struct {
	spec material.Spec
	alg  string
}{
	{"RSA_2048", "RSASSA_PSS_SHA_256"},
	{"RSA_2048", "RSASSA_PSS_SHA_384"},
	{"RSA_2048", "RSASSA_PSS_SHA_512"},
	{"RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256"},
	{"RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384"},
	{"RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512"},
	{"ECC_NIST_P256", "ECDSA_SHA_256"},
	{"ECC_NIST_P384", "ECDSA_SHA_384"},
	{"ECC_NIST_P521", "ECDSA_SHA_512"},
	{"ECC_SECG_P256K1", "ECDSA_SHA_256"},
}

// TestLocalSignatures checks the local signing and verification of the USE-010
// steps against the reference's own implementation (material.Key) in both
// directions, so that a mistake shared by the steps and the reference (a PSS
// salt length, a digest) would show up as a disagreement with one of them, and
// that a changed signature or message never verifies.
func TestLocalSignatures(t *testing.T) {
	mats := map[material.Spec]testmaterial.Material{}
	for _, tc := range signingCases {
		t.Run(string(tc.spec)+"/"+tc.alg, func(t *testing.T) {
			m, ok := mats[tc.spec]
			if !ok {
				var err error
				if m, err = testmaterial.New(rand.Reader, tc.spec); err != nil {
					t.Fatal(err)
				}
				mats[tc.spec] = m
			}
			ref, err := m.Key()
			if err != nil {
				t.Fatal(err)
			}
			msg := []byte("USE-010 message")

			local, err := signLocally(m, tc.alg, msg)
			if err != nil {
				t.Fatalf("signLocally: %v", err)
			}
			if err := ref.Verify(tc.alg, "RAW", msg, local); err != nil {
				t.Errorf("the reference refuses the local signature: %v", err)
			}
			if err := verifyLocally(m, tc.alg, msg, local); err != nil {
				t.Errorf("verifyLocally refuses the local signature: %v", err)
			}

			remote, err := ref.Sign(rand.Reader, tc.alg, "RAW", msg)
			if err != nil {
				t.Fatal(err)
			}
			if err := verifyLocally(m, tc.alg, msg, remote); err != nil {
				t.Errorf("verifyLocally refuses the reference's signature: %v", err)
			}

			bad := append([]byte(nil), remote...)
			bad[len(bad)-1] ^= 1
			if err := verifyLocally(m, tc.alg, msg, bad); !errors.Is(err, errBadSignature) {
				t.Errorf("verifyLocally of a flipped signature: got %v, want errBadSignature", err)
			}
			if err := verifyLocally(m, tc.alg, []byte("another message"), remote); !errors.Is(err, errBadSignature) {
				t.Errorf("verifyLocally of another message: got %v, want errBadSignature", err)
			}
		})
	}
}

// TestLocalSignaturesRefuseWrongKinds: an algorithm of the other family, or
// material without a private key, is an error, never a silent pass.
func TestLocalSignaturesRefuseWrongKinds(t *testing.T) {
	ec, err := testmaterial.New(rand.Reader, material.Spec("ECC_NIST_P256"))
	if err != nil {
		t.Fatal(err)
	}
	sym, err := testmaterial.New(rand.Reader, material.SymmetricDefault)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		m    testmaterial.Material
		alg  string
	}{
		{"ECC with RSA PSS", ec, "RSASSA_PSS_SHA_256"},
		{"ECC with unknown hash", ec, "ECDSA_SHA_1"},
		{"symmetric with ECDSA", sym, "ECDSA_SHA_256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := signLocally(tc.m, tc.alg, []byte("m")); err == nil {
				t.Error("signLocally succeeded")
			}
			if err := verifyLocally(tc.m, tc.alg, []byte("m"), []byte{0x30, 0}); err == nil || errors.Is(err, errBadSignature) {
				t.Errorf("verifyLocally: got %v, want an error that is not a verdict", err)
			}
		})
	}
}

func TestParseContext(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{"purpose=conformance", map[string]string{"purpose": "conformance"}},
		{"purpose=conformance, rule=USE-002", map[string]string{"purpose": "conformance", "rule": "USE-002"}},
		{"a=, b=2", map[string]string{"a": "", "b": "2"}},
		{"k=v=w", map[string]string{"k": "v=w"}},
		{"novalue", nil},
		{"=v", nil},
		{"a=1, a=2", nil},
		{"a=1,, b=2", nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseContext(tc.in)
			if tc.want == nil {
				if err == nil {
					t.Fatalf("parseContext(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("parseContext(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestAlgorithmsOfSpec(t *testing.T) {
	for _, tc := range []struct {
		spec types.KeySpec
		sign types.SigningAlgorithmSpec
		mac  types.MacAlgorithmSpec
		rsa  int
	}{
		{spec: types.KeySpecRsa2048, sign: types.SigningAlgorithmSpecRsassaPssSha256, rsa: 256},
		{spec: types.KeySpecRsa3072, sign: types.SigningAlgorithmSpecRsassaPssSha256, rsa: 384},
		{spec: types.KeySpecRsa4096, sign: types.SigningAlgorithmSpecRsassaPssSha256, rsa: 512},
		{spec: types.KeySpecEccNistP256, sign: types.SigningAlgorithmSpecEcdsaSha256},
		{spec: types.KeySpecEccNistP384, sign: types.SigningAlgorithmSpecEcdsaSha384},
		{spec: types.KeySpecEccNistP521, sign: types.SigningAlgorithmSpecEcdsaSha512},
		{spec: types.KeySpecEccSecgP256k1, sign: types.SigningAlgorithmSpecEcdsaSha256},
		{spec: types.KeySpecHmac224, mac: types.MacAlgorithmSpecHmacSha224},
		{spec: types.KeySpecHmac512, mac: types.MacAlgorithmSpecHmacSha512},
	} {
		t.Run(string(tc.spec), func(t *testing.T) {
			if tc.sign != "" {
				if got := signingAlgorithmOf(tc.spec); got != tc.sign {
					t.Errorf("signingAlgorithmOf = %s, want %s", got, tc.sign)
				}
			}
			if tc.mac != "" {
				if got := macAlgorithmOf(tc.spec); got != tc.mac {
					t.Errorf("macAlgorithmOf = %s, want %s", got, tc.mac)
				}
			}
			if got := rsaBytes(tc.spec); got != tc.rsa {
				t.Errorf("rsaBytes = %d, want %d", got, tc.rsa)
			}
		})
	}
}

// TestPlaceholderSignature: the Verify placeholder is well-formed (so that only
// the key's state can refuse it) and verifies under no real key.
func TestPlaceholderSignature(t *testing.T) {
	for _, spec := range []types.KeySpec{types.KeySpecEccNistP256, types.KeySpecEccSecgP256k1, types.KeySpecRsa2048} {
		t.Run(string(spec), func(t *testing.T) {
			sig, err := placeholderSignature(spec)
			if err != nil {
				t.Fatal(err)
			}
			if n := rsaBytes(spec); n > 0 {
				if len(sig) != n {
					t.Fatalf("RSA placeholder has %d bytes, want %d", len(sig), n)
				}
			} else {
				var rs struct{ R, S *big.Int }
				if rest, err := asn1.Unmarshal(sig, &rs); err != nil || len(rest) > 0 || rs.R.Cmp(big.NewInt(1)) != 0 || rs.S.Cmp(big.NewInt(1)) != 0 {
					t.Fatalf("ECDSA placeholder is not DER (1, 1): %x", sig)
				}
			}
			m, err := testmaterial.New(rand.Reader, material.Spec(spec))
			if err != nil {
				t.Fatal(err)
			}
			if err := verifyLocally(m, string(signingAlgorithmOf(spec)), message, sig); !errors.Is(err, errBadSignature) {
				t.Errorf("the placeholder must not verify: %v", err)
			}
		})
	}
}

// TestPeerPublicKey: DeriveSharedSecret's peer key is a SubjectPublicKeyInfo on
// the key's curve, and a non-agreement spec is refused.
func TestPeerPublicKey(t *testing.T) {
	for _, spec := range []types.KeySpec{types.KeySpecEccNistP256, types.KeySpecEccNistP384, types.KeySpecEccNistP521} {
		t.Run(string(spec), func(t *testing.T) {
			der, err := peerPublicKey(spec)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := material.ParsePublic(material.Spec(spec), der); err != nil {
				t.Errorf("not a %s public key: %v", spec, err)
			}
		})
	}
	if _, err := peerPublicKey(types.KeySpecEccSecgP256k1); err == nil {
		t.Error("peerPublicKey(ECC_SECG_P256K1) succeeded; secp256k1 has no key agreement in KMS")
	}
}
