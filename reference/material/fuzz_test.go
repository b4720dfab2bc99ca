package material

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file is self-contained: OSS-Fuzz (compile_native_go_fuzzer, go-118-fuzz-build) builds it as the
// package's only test file, against a testing.F replacement that is no testing.TB, and runs the binary
// away from the source tree. So the vector tables FuzzParse seeds from live here, read from an embedded
// copy of testdata/openssl, and the other test files use them from here.

// tb is the part of testing.TB the table helpers need; *testing.T, *testing.F and go-118-fuzz-build's F
// and T all have it.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

const opensslDir = "testdata/openssl"

func readFile(t tb, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(opensslFS, path.Join(opensslDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// keyFiles names the OpenSSL-made test key of each asymmetric spec.
var keyFiles = map[Spec]string{
	RSA2048: "rsa2048.der", RSA3072: "rsa3072.der", RSA4096: "rsa4096.der",
	ECCNISTP256: "p256.der", ECCNISTP384: "p384.der", ECCNISTP521: "p521.der",
	ECCSECGP256K1: "secp256k1.der",
}

// deterministic returns a reproducible random stream for test material.
func deterministic(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// testBytes returns the test material of spec: the OpenSSL key, or seeded random bytes of the spec's size.
func testBytes(t tb, spec Spec) []byte {
	t.Helper()
	if f, ok := keyFiles[spec]; ok {
		return readFile(t, f)
	}
	n := map[Spec]int{
		SymmetricDefault: 32, HMAC224: 28, HMAC256: 32, HMAC384: 48, HMAC512: 64,
	}[spec]
	b := make([]byte, n)
	_, _ = deterministic(byte(len(spec))).Read(b)
	return b
}

// manifestLine is one line of manifest.txt.
type manifestLine struct {
	n                  int
	file, expect, rule string
	spec               Spec
}

var (
	ruleID    = regexp.MustCompile(`^[A-Z]+-[0-9]{3}$`)
	knownSpec = regexp.MustCompile(`^[A-Z0-9_]+$`)
)

// readTable reads a whitespace-separated table, skipping comments and blank lines; every row must have
// exactly cols fields.
func readTable(t tb, name string, cols int) [][]string {
	t.Helper()
	f, err := opensslFS.Open(path.Join(opensslDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != cols {
			t.Fatalf("%s:%d: %d fields, want %d", name, n, len(fields), cols)
		}
		rows = append(rows, append([]string{strconv.Itoa(n)}, fields...))
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", name)
	}
	return rows
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // readTable wrote it
	return n
}

func checkFile(t tb, table, name string) {
	t.Helper()
	if strings.Contains(name, "/") {
		t.Fatalf("%s: file %q is not a plain name", table, name)
	}
	if _, err := fs.Stat(opensslFS, path.Join(opensslDir, name)); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
}

func checkSpec(t tb, table, s string) Spec {
	t.Helper()
	if !knownSpec.MatchString(s) {
		t.Fatalf("%s: %q is not a key spec", table, s)
	}
	return Spec(s)
}

func readManifest(t tb) []manifestLine {
	t.Helper()
	var out []manifestLine
	for _, r := range readTable(t, "manifest.txt", 4) {
		l := manifestLine{n: atoi(r[0]), file: r[1], spec: checkSpec(t, "manifest.txt", r[2]), expect: r[3], rule: r[4]}
		checkFile(t, "manifest.txt", l.file)
		switch l.expect {
		case "ok", "incorrect", "unsupported":
		default:
			t.Fatalf("manifest.txt:%d: unknown result %q", l.n, l.expect)
		}
		if !ruleID.MatchString(l.rule) {
			t.Fatalf("manifest.txt:%d: %q is not a rule ID", l.n, l.rule)
		}
		out = append(out, l)
	}
	return out
}

// unsupportedSpecs are specs Parse, Generate and ParsePublic refuse with ErrUnsupportedSpec: KMS specs
// this reference does not import, and near misses of supported ones.
var unsupportedSpecs = []Spec{
	"SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519", "ML_KEM_512", "ML_KEM_768",
	"ML_KEM_1024", "", "symmetric_default", "RSA_1024", "HMAC_128",
}

// idPattern is the form of Key.ID: 64 lowercase hex digits.
var idPattern = regexp.MustCompile(`^[a-f0-9]{64}$`)

// fuzzSpecs is what FuzzParse's spec byte indexes (modulo its length): every importable spec and the
// unsupported ones.
var fuzzSpecs = append(Specs(), unsupportedSpecs...)

func specIndex(spec Spec) uint8 {
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

func FuzzParse(f *testing.F) {
	ft := loud{f}
	n := 0
	for _, l := range readManifest(ft) {
		f.Add(specIndex(l.spec), readFile(ft, l.file))
		n++
	}
	for _, spec := range Specs() {
		f.Add(specIndex(spec), testBytes(ft, spec))
		n++
	}
	for _, size := range []int{27, 31, 33, 128, 129} {
		f.Add(specIndex(HMAC224), make([]byte, size))
		n++
	}
	if n == 0 {
		ft.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		spec := fuzzSpecs[int(i)%len(fuzzSpecs)]
		k, err := Parse(spec, data)
		if err != nil {
			if k != nil {
				t.Fatal("Parse returned a key and an error")
			}
			if !errors.Is(err, ErrIncorrect) && !errors.Is(err, ErrUnsupportedSpec) {
				t.Fatalf("Parse error %v wraps neither ErrIncorrect nor ErrUnsupportedSpec", err)
			}
			return
		}
		if k.Spec() != spec {
			t.Fatalf("Spec() = %s, want %s", k.Spec(), spec)
		}
		again, err := Parse(spec, data)
		if err != nil || !k.Same(again) || k.ID("key") != again.ID("key") || !idPattern.MatchString(k.ID("key")) {
			t.Fatalf("second Parse differs (err %v)", err)
		}
		if !Asymmetric(spec) {
			return
		}
		der, err := k.PublicKey()
		if err != nil {
			t.Fatal(err)
		}
		pub, err := ParsePublic(spec, der)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := AlgorithmsFor(spec, "SIGN_VERIFY")
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
