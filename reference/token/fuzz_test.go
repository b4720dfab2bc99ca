package token

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha3"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file is self-contained: OSS-Fuzz (compile_native_go_fuzzer, go-118-fuzz-build) builds it as the
// package's only test file, against a testing.F replacement that is no testing.TB. So the test authority
// and claims FuzzVerify's fixture is made of live here, and the other test files use them from here.

// tb is the part of testing.TB the fixture helpers need; *testing.T, *testing.F and go-118-fuzz-build's
// F and T all have it.
type tb interface {
	Helper()
	Fatal(args ...any)
}

// stream returns a deterministic byte source for nonces and test data.
func stream(label string) io.Reader {
	s := sha3.NewSHAKE128()
	s.Write([]byte(label))
	return s
}

func testAuthority(t tb, label string) *Authority {
	t.Helper()
	secret := make([]byte, 32)
	if _, err := io.ReadFull(stream("secret "+label), secret); err != nil {
		t.Fatal(err)
	}
	a, err := NewAuthority(secret)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var issued = time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)

func sampleClaims() Claims {
	return Claims{
		KeyARN:          "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Algorithm:       "RSAES_OAEP_SHA_256",
		WrappingKeySpec: "RSA_2048",
		WrappingKeyID:   "wk-rsa2048-0007",
		PublicKeySHA256: sha256.Sum256([]byte("public key of the response")),
		IssuedAt:        issued,
		ValidTo:         issued.Add(Validity),
	}
}

func mint(t tb, a *Authority, rand io.Reader, c Claims) []byte {
	t.Helper()
	tok, err := a.Mint(rand, c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func flip(tok []byte, i int) []byte {
	b := bytes.Clone(tok)
	b[i] ^= 0x01
	return b
}

func sameClaims(a, b Claims) bool {
	return a.KeyARN == b.KeyARN && a.Algorithm == b.Algorithm && a.WrappingKeySpec == b.WrappingKeySpec &&
		a.WrappingKeyID == b.WrappingKeyID && a.PublicKeySHA256 == b.PublicKeySHA256 &&
		a.IssuedAt.Equal(b.IssuedAt) && a.ValidTo.Equal(b.ValidTo)
}

var updateCorpus = flag.Bool("update", false, "rewrite testdata/fuzz/FuzzVerify from the fixture")

// fuzzNow is the clock of every FuzzVerify run: one hour after the genuine
// tokens were issued, and after the expired one's ValidTo.
var fuzzNow = issued.Add(time.Hour)

type corpusEntry struct {
	name string
	tok  []byte
}

// fuzzFixture is a fixed authority and the tokens it minted. It is rebuilt
// byte for byte on every run (deterministic secret and nonces), so the
// committed corpus files hold genuine tokens of this authority.
type fuzzFixture struct {
	a       *Authority
	genuine map[string]Claims // token bytes -> claims
	entries []corpusEntry
}

func newFuzzFixture(t tb) *fuzzFixture {
	fx := &fuzzFixture{a: testAuthority(t, "fuzz"), genuine: map[string]Claims{}}
	add := func(name string, c Claims) []byte {
		tok := mint(t, fx.a, stream("fuzz nonce "+name), c)
		fx.genuine[string(tok)] = c
		fx.entries = append(fx.entries, corpusEntry{name, tok})
		return tok
	}
	c0 := sampleClaims()
	g0 := add("genuine-oaep256-rsa2048", c0)

	c1 := c0
	c1.KeyARN = "arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"
	c1.Algorithm, c1.WrappingKeySpec, c1.WrappingKeyID = "RSA_AES_KEY_WRAP_SHA_256", "RSA_4096", ""
	add("genuine-kwp256-rsa4096", c1)

	c2 := c0
	c2.KeyARN = "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	c2.Algorithm, c2.WrappingKeySpec = "SM2PKE", "SM2"
	add("genuine-sm2", c2)

	c3 := c0
	c3.IssuedAt = fuzzNow.Add(-30 * time.Hour)
	c3.ValidTo = c3.IssuedAt.Add(Validity)
	expired := add("genuine-expired", c3)

	foreign := mint(t, testAuthority(t, "fuzz foreign"), stream("fuzz nonce foreign"), c0)
	random := make([]byte, 64)
	io.ReadFull(stream("fuzz random"), random)
	fx.entries = append(fx.entries,
		corpusEntry{"flipped-start", flip(g0, 0)},
		corpusEntry{"flipped-middle", flip(g0, len(g0)/2)},
		corpusEntry{"flipped-end", flip(g0, len(g0)-1)},
		corpusEntry{"truncated-by-one", g0[:len(g0)-1]},
		corpusEntry{"extended-by-one", append(bytes.Clone(g0), 0)},
		corpusEntry{"random-64", random},
		corpusEntry{"empty", []byte{}},
		corpusEntry{"foreign-authority", foreign},
		corpusEntry{"expired-altered", flip(expired, len(expired)/2)},
		corpusEntry{"version-2", append([]byte{0x02}, g0[1:]...)},
	)
	return fx
}

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

func FuzzVerify(f *testing.F) {
	ft := loud{f}
	fx := newFuzzFixture(ft)
	n := 0
	for _, e := range fx.entries {
		f.Add(e.tok)
		n++
	}
	if n == 0 {
		ft.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, tok []byte) {
		got, err := fx.a.Verify(tok, fuzzNow)
		if err == nil || errors.Is(err, ErrExpired) {
			// GCM is unforgeable: anything accepted must be a token this
			// authority minted, carrying exactly its claims and verdict.
			want, ok := fx.genuine[string(tok)]
			if !ok {
				t.Fatalf("accepted a token that was never minted (err %v)", err)
			}
			if !sameClaims(got, want) {
				t.Fatalf("claims = %+v, want %+v", got, want)
			}
			if expired := !fuzzNow.Before(want.ValidTo); expired != (err != nil) {
				t.Fatalf("expired = %v, err = %v", expired, err)
			}
			return
		}
		if err != ErrInvalid || got != (Claims{}) {
			t.Fatalf("Verify = %+v, %v; want the zero claims and exactly ErrInvalid", got, err)
		}
	})
}

const corpusDir = "testdata/fuzz/FuzzVerify"

// corpusFile is the "go test fuzz v1" encoding the fuzzer itself writes.
func corpusFile(tok []byte) []byte {
	return fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", tok)
}

// parseCorpusFile reads one committed seed strictly: the version line, one
// []byte literal, nothing else.
func parseCorpusFile(b []byte) ([]byte, error) {
	lines := strings.Split(string(b), "\n")
	if len(lines) != 3 || lines[0] != "go test fuzz v1" || lines[2] != "" {
		return nil, errors.New("not a one-value go test fuzz v1 file")
	}
	lit, okPrefix := strings.CutPrefix(lines[1], "[]byte(")
	lit, okSuffix := strings.CutSuffix(lit, ")")
	if !okPrefix || !okSuffix {
		return nil, fmt.Errorf("value %.40q is not a []byte literal", lines[1])
	}
	s, err := strconv.Unquote(lit)
	if err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	return []byte(s), nil
}

// TestFuzzCorpus keeps the committed seed corpus identical to the fixture,
// so its genuine seeds stay genuine: a change to the token format fails here
// until the corpus is regenerated with -update.
func TestFuzzCorpus(t *testing.T) {
	fx := newFuzzFixture(t)
	if *updateCorpus {
		if err := os.RemoveAll(corpusDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(corpusDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range fx.entries {
			if err := os.WriteFile(filepath.Join(corpusDir, e.name), corpusFile(e.tok), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	var want []string
	for _, e := range fx.entries {
		want = append(want, e.name)
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("%s holds %q, want %q (run go test -run TestFuzzCorpus -update)", corpusDir, names, want)
	}
	for _, e := range fx.entries {
		t.Run(corpusDir+"/"+e.name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpusDir, e.name))
			if err != nil {
				t.Fatal(err)
			}
			tok, err := parseCorpusFile(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(tok, e.tok) {
				t.Fatal("seed differs from the fixture (run go test -run TestFuzzCorpus -update)")
			}
			_, err = fx.a.Verify(tok, fuzzNow)
			_, isGenuine := fx.genuine[string(tok)]
			if strings.HasPrefix(e.name, "genuine-") != isGenuine || isGenuine == (err == ErrInvalid) {
				t.Fatalf("verdict %v does not match the seed's name", err)
			}
		})
	}
}
