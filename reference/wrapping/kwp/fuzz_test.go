package kwp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"testing"

	"github.com/c2sp/wycheproof"
)

// This file is self-contained: OSS-Fuzz (compile_native_go_fuzzer, go-118-fuzz-build) builds it as the
// package's only test file, against a testing.F replacement that is no testing.TB. So the vector loading
// FuzzKWPUnwrap seeds from lives here, and the other test files use it from here.

// tb is the part of testing.TB the vector loading needs; *testing.T, *testing.F and go-118-fuzz-build's F
// all have it.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

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

const kwpFile = "aes_kwp_test.json"

func loadKWP(t tb) *kwFile {
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

// wycheproofSeeds returns the ciphertexts (with their KEKs) of aes_kwp_test.json.
func wycheproofSeeds(t tb) (keys, cts [][]byte) {
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

// FuzzKWPUnwrap feeds arbitrary (KEK, ciphertext) pairs to Unwrap. Invariants:
// no panic; a KEK of a valid size only ever yields plaintext or exactly
// ErrUnwrap; whatever unwraps wraps back to the same ciphertext, because KWP
// is a deterministic permutation; and the input, taken as a plaintext, round
// trips: Unwrap(Wrap(x)) == x.

// loud stops a fuzz target whose setup failed under go-118-fuzz-build too,
// whose F.Fatal only logs and returns: there, the panic after it turns a
// silently empty target into a crash on its first input. Under go test
// F.Fatal never returns, so the panic is not reached.
type loud struct{ *testing.F }

func (l loud) Fatal(args ...any) {
	l.F.Fatal(args...)
	panic(fmt.Sprint(args...))
}

func (l loud) Fatalf(format string, args ...any) {
	l.F.Fatalf(format, args...)
	panic(fmt.Sprintf(format, args...))
}

func FuzzKWPUnwrap(f *testing.F) {
	ft := loud{f}
	keys, cts := wycheproofSeeds(ft)
	n := 0
	for i := range keys {
		f.Add(keys[i], cts[i])
		n++
	}
	if n == 0 {
		ft.Fatal("no seeds")
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
