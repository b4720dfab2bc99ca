package wrapping

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/c2sp/wycheproof"
)

// The Wycheproof RSAES-OAEP decryption schema
// (schemas/rsaes_oaep_decrypt_schema_v1.json), decoded with
// DisallowUnknownFields so that a schema change fails loudly.
type oaepFile struct {
	Algorithm     string              `json:"algorithm"`
	Schema        string              `json:"schema"`
	NumberOfTests int                 `json:"numberOfTests"`
	Header        []string            `json:"header"`
	Notes         map[string]oaepNote `json:"notes"`
	TestGroups    []oaepGroup         `json:"testGroups"`
}

type oaepNote struct {
	BugType     string   `json:"bugType"`
	Description string   `json:"description"`
	Effect      string   `json:"effect"`
	Links       []string `json:"links"`
	CVEs        []string `json:"cves"`
}

type oaepGroup struct {
	Type   string `json:"type"`
	Source struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"source"`
	KeySize    int    `json:"keySize"`
	SHA        string `json:"sha"`
	MGF        string `json:"mgf"`
	MGFSHA     string `json:"mgfSha"`
	PrivateKey struct {
		Modulus         string `json:"modulus"`
		PrivateExponent string `json:"privateExponent"`
		PublicExponent  string `json:"publicExponent"`
		Prime1          string `json:"prime1"`
		Prime2          string `json:"prime2"`
		Exponent1       string `json:"exponent1"`
		Exponent2       string `json:"exponent2"`
		Coefficient     string `json:"coefficient"`
	} `json:"privateKey"`
	PrivateKeyPKCS8 string          `json:"privateKeyPkcs8"`
	PrivateKeyPEM   string          `json:"privateKeyPem"`
	PrivateKeyJWK   json.RawMessage `json:"privateKeyJwk"` // not used
	Tests           []oaepTest      `json:"tests"`
}

type oaepTest struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Flags   []string `json:"flags"`
	Msg     string   `json:"msg"`
	CT      string   `json:"ct"`
	Label   string   `json:"label"`
	Result  string   `json:"result"`
}

// oaepAcceptable is the policy for "acceptable" vectors: per flag, whether the
// vector must decrypt. Every flag met in a used vector must be listed, so a
// new flag fails the test until someone decides on it.
var oaepAcceptable = map[string]bool{
	"Normal":              true,
	"Constructed":         true,
	"EncryptionWithLabel": true,
	"SmallModulus":        true, // 1024/1536-bit keys in rsa_oaep_misc; not a KMS spec but valid RFC 8017
	// A ciphertext whose integer is small is still k octets long and a valid
	// RFC 8017 §7.1.2 input; crypto/rsa decrypts it, and so must we.
	"SmallIntegerCiphertext": true,
	"InvalidOaepPadding":     false,
	"InvalidCiphertext":      false,
}

// oaepFiles matches the Wycheproof files whose hash and MGF1 hash are one of
// the KMS pairs. Wycheproof has SHA-1 only for 2048-bit keys.
var oaepFiles = regexp.MustCompile(`^rsa_oaep_(2048|3072|4096)_(sha1_mgf1sha1|sha256_mgf1sha256)_test\.json$`)

const oaepMiscFile = "rsa_oaep_misc_test.json"

// kmsHash maps a Wycheproof hash name to the KMS OAEP algorithm using it.
var kmsHash = map[string]struct {
	alg  Algorithm
	hash crypto.Hash
}{
	"SHA-1":   {OAEPSHA1, crypto.SHA1},
	"SHA-256": {OAEPSHA256, crypto.SHA256},
}

func loadOAEP(t *testing.T, name string) *oaepFile {
	t.Helper()
	raw, err := fs.ReadFile(wycheproof.TestVectors, name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f oaepFile
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	if f.Schema != "rsaes_oaep_decrypt_schema_v1.json" || f.Algorithm != "RSAES-OAEP" {
		t.Fatalf("%s: schema %q algorithm %q", name, f.Schema, f.Algorithm)
	}
	n := 0
	for _, g := range f.TestGroups {
		if g.Type != "RsaesOaepDecrypt" || g.MGF != "MGF1" {
			t.Fatalf("%s: group type %q mgf %q", name, g.Type, g.MGF)
		}
		n += len(g.Tests)
	}
	if n != f.NumberOfTests || n == 0 {
		t.Fatalf("%s: %d tests parsed, numberOfTests says %d", name, n, f.NumberOfTests)
	}
	return &f
}

// groupKey parses a group's PKCS#8 key and checks it against the group's
// other fields.
func groupKey(t *testing.T, g *oaepGroup) *rsa.PrivateKey {
	t.Helper()
	der, err := hex.DecodeString(g.PrivateKeyPKCS8)
	if err != nil {
		t.Fatal(err)
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		t.Fatalf("privateKeyPkcs8: %v", err)
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("privateKeyPkcs8 is %T", k)
	}
	n, ok := new(big.Int).SetString(g.PrivateKey.Modulus, 16)
	if !ok || n.Cmp(priv.N) != 0 || priv.N.BitLen() != g.KeySize {
		t.Fatalf("privateKeyPkcs8 does not match the group's modulus and keySize %d", g.KeySize)
	}
	return priv
}

func oaepShouldPass(t *testing.T, f *oaepFile, tc *oaepTest) bool {
	t.Helper()
	for _, flag := range tc.Flags {
		if _, ok := f.Notes[flag]; !ok {
			t.Fatalf("flag %q is not described in the file's notes", flag)
		}
		if _, ok := oaepAcceptable[flag]; !ok {
			t.Fatalf("unknown flag %q: add a policy to oaepAcceptable", flag)
		}
	}
	switch tc.Result {
	case "valid":
		return true
	case "invalid":
		return false
	case "acceptable":
		for _, flag := range tc.Flags {
			if !oaepAcceptable[flag] {
				return false
			}
		}
		return true
	}
	t.Fatalf("unknown result %q", tc.Result)
	return false
}

func testName(file string, tcID int, comment string) string {
	name := fmt.Sprintf("%s #%d", file, tcID)
	if comment != "" {
		name += " " + comment
	}
	return name
}

// TestWycheproofOAEP runs the Wycheproof RSAES-OAEP vectors whose hash pair
// is a KMS one (SHA-1/MGF1-SHA-1, SHA-256/MGF1-SHA-256) through Unwrap with
// RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256. Vectors with an empty label must
// give msg when they should pass and exactly ErrDecryption otherwise. KMS uses
// an empty label, so a vector with a label must be refused by Unwrap with
// ErrDecryption; it is also checked with rsa.DecryptOAEP and its label, which
// pins the hash and MGF1 configuration the vector was made with.
func TestWycheproofOAEP(t *testing.T) {
	entries, err := fs.ReadDir(wycheproof.TestVectors, ".")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if oaepFiles.MatchString(e.Name()) {
			files = append(files, e.Name())
		}
	}
	// The files this suite relies on; a Wycheproof update that renames or
	// drops one must fail here rather than silently test less.
	for _, want := range []string{
		"rsa_oaep_2048_sha1_mgf1sha1_test.json",
		"rsa_oaep_2048_sha256_mgf1sha256_test.json",
		"rsa_oaep_3072_sha256_mgf1sha256_test.json",
		"rsa_oaep_4096_sha256_mgf1sha256_test.json",
	} {
		if !slices.Contains(files, want) {
			t.Fatalf("Wycheproof file %s is missing", want)
		}
	}
	files = append(files, oaepMiscFile)

	var used, planned, viaUnwrap atomic.Int64
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		if used.Load() == 0 || used.Load() != planned.Load() {
			t.Errorf("%d of %d selected vectors used", used.Load(), planned.Load())
			return
		}
		t.Logf("%d Wycheproof RSAES-OAEP vectors used from %d files, %d of them decrypted by Unwrap (empty label)", used.Load(), len(files), viaUnwrap.Load())
	})
	for _, file := range files {
		f := loadOAEP(t, file)
		for gi := range f.TestGroups {
			g := &f.TestGroups[gi]
			kh, ok := kmsHash[g.SHA]
			if !ok || g.MGFSHA != g.SHA {
				if file != oaepMiscFile {
					t.Fatalf("%s: group with %s/MGF1-%s", file, g.SHA, g.MGFSHA)
				}
				continue // rsa_oaep_misc mixes every pair; only the KMS ones apply
			}
			priv := groupKey(t, g)
			for ti := range g.Tests {
				tc := &g.Tests[ti]
				planned.Add(1)
				t.Run(testName(file, tc.TcID, tc.Comment), func(t *testing.T) {
					t.Parallel()
					pass := oaepShouldPass(t, f, tc)
					ct, msg, label := mustHex(t, tc.CT), mustHex(t, tc.Msg), mustHex(t, tc.Label)
					got, err := Unwrap(priv, kh.alg, ct)
					switch {
					case len(label) > 0:
						if err != ErrDecryption {
							t.Errorf("Unwrap of a ciphertext with a %d-byte label: %d bytes, %v; want exactly ErrDecryption", len(label), len(got), err)
						}
						got, err = rsa.DecryptOAEP(kh.hash.New(), nil, priv, ct, label)
						if pass && (err != nil || !bytes.Equal(got, msg)) {
							t.Errorf("rsa.DecryptOAEP with the label: %d bytes, %v; want msg", len(got), err)
						} else if !pass && err == nil {
							t.Errorf("rsa.DecryptOAEP with the label accepted an invalid vector")
						}
					case pass:
						if err != nil {
							t.Fatalf("Unwrap: %v", err)
						}
						if !bytes.Equal(got, msg) {
							t.Fatalf("Unwrap = %x, want %x", got, msg)
						}
						viaUnwrap.Add(1)
					default:
						if err != ErrDecryption {
							t.Fatalf("Unwrap: %d bytes, %v; want exactly ErrDecryption", len(got), err)
						}
						viaUnwrap.Add(1)
					}
					used.Add(1)
				})
			}
		}
	}
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}
