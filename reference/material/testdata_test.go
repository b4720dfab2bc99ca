package material

import (
	"os"
	"strings"
	"testing"
)

func testKey(t testing.TB, spec Spec) *Key {
	t.Helper()
	k, err := Parse(spec, testBytes(t, spec))
	if err != nil {
		t.Fatalf("Parse(%s test key): %v", spec, err)
	}
	return k
}

// vectorLine is one line of vectors.txt.
type vectorLine struct {
	n                        int
	key, op, alg, file, peer string
	spec                     Spec
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
