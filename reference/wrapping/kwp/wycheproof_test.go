package kwp

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"
)

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
