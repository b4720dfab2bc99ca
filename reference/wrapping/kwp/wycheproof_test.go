package kwp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync/atomic"
	"testing"

	"github.com/c2sp/wycheproof"
)

// The Wycheproof keywrap schema (schemas/keywrap_test_schema_v1.json), decoded
// with DisallowUnknownFields so that a schema change fails loudly.
type kwFile struct {
	Algorithm     string            `json:"algorithm"`
	Schema        string            `json:"schema"`
	NumberOfTests int               `json:"numberOfTests"`
	Header        []string          `json:"header"`
	Notes         map[string]kwNote `json:"notes"`
	TestGroups    []kwGroup         `json:"testGroups"`
}

type kwNote struct {
	BugType     string   `json:"bugType"`
	Description string   `json:"description"`
	Effect      string   `json:"effect"`
	Links       []string `json:"links"`
	CVEs        []string `json:"cves"`
}

type kwGroup struct {
	Type   string `json:"type"`
	Source struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"source"`
	KeySize int      `json:"keySize"`
	Tests   []kwTest `json:"tests"`
}

type kwTest struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Flags   []string `json:"flags"`
	Key     string   `json:"key"`
	Msg     string   `json:"msg"`
	CT      string   `json:"ct"`
	Result  string   `json:"result"`
}

// kwpAcceptable is the policy for vectors whose result is "acceptable": per
// flag, whether this implementation must accept the vector. Every flag that
// appears in the file must be listed here, whatever the vector's result, so a
// new flag is a test failure until someone decides on it.
var kwpAcceptable = map[string]bool{
	"Normal":          true,
	"SmallKey":        true, // RFC 5649 allows 1..2^32-1 octets; KMS materials can be short
	"CounterOverflow": true, // t = n*j+i is a 64-bit XOR, past one byte
	"ModifiedPadding": false,
}

const kwpFile = "aes_kwp_test.json"

func loadKWP(t testing.TB) *kwFile {
	t.Helper()
	raw, err := fs.ReadFile(wycheproof.TestVectors, kwpFile)
	if err != nil {
		t.Fatalf("read %s: %v", kwpFile, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f kwFile
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("parse %s: %v", kwpFile, err)
	}
	if f.Schema != "keywrap_test_schema_v1.json" || f.Algorithm != "AES-KWP" {
		t.Fatalf("%s: schema %q algorithm %q, want keywrap_test_schema_v1.json and AES-KWP", kwpFile, f.Schema, f.Algorithm)
	}
	n := 0
	for _, g := range f.TestGroups {
		if g.Type != "KeywrapTest" {
			t.Fatalf("%s: group type %q", kwpFile, g.Type)
		}
		n += len(g.Tests)
	}
	if n != f.NumberOfTests || n == 0 {
		t.Fatalf("%s: %d tests parsed, numberOfTests says %d", kwpFile, n, f.NumberOfTests)
	}
	return &f
}

func testName(file string, tcID int, comment string) string {
	name := fmt.Sprintf("%s #%d", file, tcID)
	if comment != "" {
		name += " " + comment
	}
	return name
}

// shouldPass turns a vector's result and flags into a verdict, failing the test
// on unknown results or flags.
func shouldPass(t *testing.T, f *kwFile, tc kwTest) bool {
	t.Helper()
	for _, flag := range tc.Flags {
		if _, ok := f.Notes[flag]; !ok {
			t.Fatalf("flag %q is not described in the file's notes", flag)
		}
		if _, ok := kwpAcceptable[flag]; !ok {
			t.Fatalf("unknown flag %q: add a policy to kwpAcceptable", flag)
		}
	}
	switch tc.Result {
	case "valid":
		return true
	case "invalid":
		return false
	case "acceptable":
		for _, flag := range tc.Flags {
			if !kwpAcceptable[flag] {
				return false
			}
		}
		return true
	default:
		t.Fatalf("unknown result %q", tc.Result)
		return false
	}
}

// TestWycheproof runs every aes_kwp vector: a passing vector must unwrap to
// msg and wrap back to ct; any other must be refused with exactly ErrUnwrap.
func TestWycheproof(t *testing.T) {
	f := loadKWP(t)
	var used atomic.Int64
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		if got := used.Load(); got != int64(f.NumberOfTests) {
			t.Errorf("%d of %d vectors used", got, f.NumberOfTests)
		} else {
			t.Logf("%s: %d vectors used", kwpFile, got)
		}
	})
	for _, g := range f.TestGroups {
		for _, tc := range g.Tests {
			t.Run(testName(kwpFile, tc.TcID, tc.Comment), func(t *testing.T) {
				t.Parallel()
				pass := shouldPass(t, f, tc)
				key, msg, ct := mustHex(t, tc.Key), mustHex(t, tc.Msg), mustHex(t, tc.CT)
				if len(key)*8 != g.KeySize {
					t.Fatalf("key is %d bits, group says %d", len(key)*8, g.KeySize)
				}
				got, err := Unwrap(key, ct)
				if pass {
					if err != nil {
						t.Fatalf("Unwrap: %v", err)
					}
					if !bytes.Equal(got, msg) {
						t.Fatalf("Unwrap = %x, want %x", got, msg)
					}
					wrapped, err := Wrap(key, msg)
					if err != nil {
						t.Fatalf("Wrap: %v", err)
					}
					if !bytes.Equal(wrapped, ct) {
						t.Fatalf("Wrap = %x, want %x", wrapped, ct)
					}
				} else if err != ErrUnwrap {
					t.Fatalf("Unwrap returned %d bytes and %v; want exactly ErrUnwrap", len(got), err)
				}
				used.Add(1)
			})
		}
	}
}

// wycheproofSeeds returns the ciphertexts (with their KEKs) of aes_kwp_test.json.
func wycheproofSeeds(t testing.TB) (keys, cts [][]byte) {
	f := loadKWP(t)
	for _, g := range f.TestGroups {
		for _, tc := range g.Tests {
			k, err1 := hex.DecodeString(tc.Key)
			c, err2 := hex.DecodeString(tc.CT)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s #%d: bad hex", kwpFile, tc.TcID)
			}
			keys, cts = append(keys, k), append(cts, c)
		}
	}
	return keys, cts
}
