package material_test

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reference/material"
)

const opensslDir = "testdata/openssl"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(opensslDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// keyFiles names the OpenSSL-made test key of each asymmetric spec.
var keyFiles = map[material.Spec]string{
	material.RSA2048: "rsa2048.der", material.RSA3072: "rsa3072.der", material.RSA4096: "rsa4096.der",
	material.ECCNISTP256: "p256.der", material.ECCNISTP384: "p384.der", material.ECCNISTP521: "p521.der",
	material.ECCSECGP256K1: "secp256k1.der",
}

// deterministic returns a reproducible random stream for test material.
func deterministic(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// testBytes returns the test material of spec: the OpenSSL key, or seeded random bytes of the spec's size.
func testBytes(t testing.TB, spec material.Spec) []byte {
	t.Helper()
	if f, ok := keyFiles[spec]; ok {
		return readFile(t, f)
	}
	n := map[material.Spec]int{
		material.SymmetricDefault: 32, material.HMAC224: 28, material.HMAC256: 32, material.HMAC384: 48, material.HMAC512: 64,
	}[spec]
	b := make([]byte, n)
	_, _ = deterministic(byte(len(spec))).Read(b)
	return b
}

func testKey(t testing.TB, spec material.Spec) *material.Key {
	t.Helper()
	k, err := material.Parse(spec, testBytes(t, spec))
	if err != nil {
		t.Fatalf("Parse(%s test key): %v", spec, err)
	}
	return k
}

// manifestLine is one line of manifest.txt.
type manifestLine struct {
	n                  int
	file, expect, rule string
	spec               material.Spec
}

// vectorLine is one line of vectors.txt.
type vectorLine struct {
	n                        int
	key, op, alg, file, peer string
	spec                     material.Spec
}

var (
	ruleID    = regexp.MustCompile(`^[A-Z]+-[0-9]{3}$`)
	knownSpec = regexp.MustCompile(`^[A-Z0-9_]+$`)
)

// readTable reads a whitespace-separated table, skipping comments and blank lines; every row must have
// exactly cols fields.
func readTable(t testing.TB, name string, cols int) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(opensslDir, name))
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

func checkFile(t testing.TB, table, name string) {
	t.Helper()
	if strings.Contains(name, "/") {
		t.Fatalf("%s: file %q is not a plain name", table, name)
	}
	if _, err := os.Stat(filepath.Join(opensslDir, name)); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
}

func checkSpec(t testing.TB, table, s string) material.Spec {
	t.Helper()
	if !knownSpec.MatchString(s) {
		t.Fatalf("%s: %q is not a key spec", table, s)
	}
	return material.Spec(s)
}

func readManifest(t testing.TB) []manifestLine {
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

func readVectors(t testing.TB) []vectorLine {
	t.Helper()
	var out []vectorLine
	for _, r := range readTable(t, "vectors.txt", 6) {
		l := vectorLine{n: atoi(r[0]), key: r[1], spec: checkSpec(t, "vectors.txt", r[2]), op: r[3], alg: r[4], file: r[5], peer: r[6]}
		checkFile(t, "vectors.txt", l.key)
		checkFile(t, "vectors.txt", l.file)
		switch {
		case l.op == "derive" && l.peer != "-":
			checkFile(t, "vectors.txt", l.peer)
		case (l.op == "verify" || l.op == "decrypt") && l.peer == "-":
		default:
			t.Fatalf("vectors.txt:%d: operation %q with peer %q", l.n, l.op, l.peer)
		}
		out = append(out, l)
	}
	return out
}

// TestTestdataInventory fails when a file in testdata/openssl is neither listed nor a known companion, so
// that nothing in the directory goes unchecked.
func TestTestdataInventory(t *testing.T) {
	known := map[string]bool{"gen.sh": true, "manifest.txt": true, "vectors.txt": true, "message.bin": true}
	for _, l := range readManifest(t) {
		known[l.file] = true
		if l.expect == "ok" {
			pub := strings.TrimSuffix(l.file, ".der") + ".pub.der"
			checkFile(t, "manifest.txt", pub)
			known[pub] = true
		}
	}
	for _, l := range readVectors(t) {
		known[l.key], known[l.file], known[l.peer] = true, true, true
	}
	entries, err := os.ReadDir(opensslDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !known[e.Name()] {
			t.Errorf("testdata/openssl/%s is not in manifest.txt or vectors.txt", e.Name())
		}
	}
}
