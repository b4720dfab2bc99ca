package steps

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	token := []byte("\x00\x01 import token bytes \xff\xfe?>")
	plain := []byte("kmsconform plaintext")
	short := []byte("abc")
	n := newSecretNotes()
	n.add(token)
	n.add(plain)
	n.add(short)
	for _, tc := range []struct{ name, in, want string }{
		{"base64", "token " + base64.StdEncoding.EncodeToString(token) + " refused", "token " + redacted + " refused"},
		{"raw-base64", base64.RawStdEncoding.EncodeToString(token), redacted},
		{"url-base64", base64.URLEncoding.EncodeToString(token), redacted},
		{"hex", hex.EncodeToString(token), redacted},
		{"upper-hex", strings.ToUpper(hex.EncodeToString(token)), redacted},
		{"text", `you sent "kmsconform plaintext"`, `you sent "` + redacted + `"`},
		{"quoted", `"\x00\x01 import token bytes \xff\xfe?>"`, `"` + redacted + `"`},
		{"short-secret-kept", "abc is too short to tell from chance", "abc is too short to tell from chance"},
		{"no-secret", "ImportKeyMaterial failed with ValidationException", "ImportKeyMaterial failed with ValidationException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := n.redact(tc.in); got != tc.want {
				t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	var none *secretNotes
	if got := none.redact("x"); got != "x" {
		t.Errorf("nil notes redact = %q", got)
	}
}

func TestAddMembers(t *testing.T) {
	n := newSecretNotes()
	n.addMembers([]byte(`{"KeyId":"k","Plaintext":"`+base64.StdEncoding.EncodeToString([]byte("0123456789abcdef"))+`","Message":"bWVzc2FnZSBtZXNzYWdl"}`), secretRequestMembers)
	if !n.vals["0123456789abcdef"] || len(n.vals) != 1 {
		t.Errorf("noted %d secrets (the Plaintext: %v), want only the Plaintext", len(n.vals), n.vals["0123456789abcdef"])
	}
}
